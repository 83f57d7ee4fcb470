using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;
using static Toolchain.Tests.Linker.LinkTestHelpers;

namespace Toolchain.Tests.Linker;

/// <summary>COFF relocation semantics, checked byte for byte in the linked ELF.</summary>
public class RelocationTests
{
    [Fact]
    public void CallAcrossObjectsResolvesToTheDefinitionInTheOtherObject()
    {
        // a.obj: _start: call _func; ret        b.obj: 4 x nop, then _func: mov eax, 42; ret
        CoffObject a = Obj("a.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xE8, 0, 0, 0, 0, 0xC3 }, CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(1, "_func", CoffRelocationType.Rel32);
        });
        CoffObject b = Obj("b.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0x90, 0x90, 0x90, 0x90, 0xB8, 42, 0, 0, 0, 0xC3 }, CoffSectionFlags.Code);
            w.DefineSymbol("_func", text, 4);
        });

        LinkResult result = Link(a, b);
        var elf = new ElfReader(result.Image);

        Assert.Equal(Load, result.Symbols["_start"]);
        Assert.Equal(Load + 0x10 + 4, result.Symbols["_func"]); // b's .text is 16-aligned after a's 6 bytes
        // REL32: S + A - (P + 4) = 0x100014 + 0 - 0x100005 = 0x0F.
        Assert.Equal(new byte[] { 0xE8, 0x0F, 0x00, 0x00, 0x00, 0xC3 }, elf.ReadVirtual(Load, 6));
        Assert.Equal(new byte[] { 0xB8, 42, 0, 0, 0, 0xC3 }, elf.ReadVirtual(Load + 0x14, 6));
    }

    [Fact]
    public void Dir32AndRel32AreAppliedByteForByte()
    {
        // _start: mov eax, [_counter] (A1 disp32, DIR32); jmp _start (E9 rel32, REL32); .data: _counter
        CoffObject obj = Obj("hello.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xA1, 0, 0, 0, 0, 0xE9, 0, 0, 0, 0 }, CoffSectionFlags.Code);
            CoffSectionBuilder data = w.AddSection(".data", new byte[] { 0x11, 0x22, 0x33, 0x44 }, CoffSectionFlags.Data, 4);
            w.DefineSymbol("_start", text, 0);
            w.DefineSymbol("_counter", data, 0);
            text.AddRelocation(1, "_counter", CoffRelocationType.Dir32);
            text.AddRelocation(6, "_start", CoffRelocationType.Rel32);
        });

        LinkResult result = Link(obj);
        var elf = new ElfReader(result.Image);

        uint counter = result.Symbols["_counter"];
        Assert.Equal(Load + 0x1000, counter); // .data starts a new (RW) page
        // jmp _start from P = Load + 6: 0x100000 - 0x10000A = -10 = 0xFFFFFFF6.
        Assert.Equal(new byte[] { 0xA1, 0x00, 0x10, 0x10, 0x00, 0xE9, 0xF6, 0xFF, 0xFF, 0xFF }, elf.ReadVirtual(Load, 10));
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44 }, elf.ReadVirtual(counter, 4));
    }

    [Fact]
    public void Rel32ToSymbolAtNonZeroOffsetInItsOwnSectionOfTheSameObjectIncludesTheSymbolOffset()
    {
        // The case GNU ld gets wrong (DESIGN.md): the target is defined in the same object, at a
        // non-zero offset inside its section. ld's result is short by that offset.
        var code = new byte[0x30];
        code[0] = 0xE8;                         // 0x00: call _helper          (same section, offset 0x20)
        code[5] = 0xE8;                         // 0x05: call local_helper      (static symbol, offset 0x28)
                                                // 0x0C: a 4-byte REL32 site to _table_entry (another section, same object)
        code[0x20] = 0xC3;
        code[0x28] = 0xC3;
        CoffObject obj = Obj("same.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", code, CoffSectionFlags.Code);
            CoffSectionBuilder data = w.AddSection(".data", new byte[16], CoffSectionFlags.Data, 4);
            w.DefineSymbol("_start", text, 0);
            w.DefineSymbol("_helper", text, 0x20);
            w.DefineSymbol("local_helper", text, 0x28, global: false);
            w.DefineSymbol("_table_entry", data, 8);
            text.AddRelocation(1, "_helper", CoffRelocationType.Rel32);
            text.AddRelocation(6, "local_helper", CoffRelocationType.Rel32);
            text.AddRelocation(0x0C, "_table_entry", CoffRelocationType.Rel32);
        });

        LinkResult result = Link(obj);
        var elf = new ElfReader(result.Image);

        Assert.Equal(Load + 0x20, result.Symbols["_helper"]);
        uint tableEntry = result.Symbols["_table_entry"];
        Assert.Equal(Load + 0x1000 + 8, tableEntry);
        // call _helper: S = 0x100020, P = 0x100001 -> 0x100020 - 0x100005 = 0x1B (ld would give 0xFFFFFFFB).
        Assert.Equal(new byte[] { 0xE8, 0x1B, 0x00, 0x00, 0x00 }, elf.ReadVirtual(Load, 5));
        // call local_helper: S = 0x100028, P = 0x100006 -> 0x100028 - 0x10000A = 0x1E.
        Assert.Equal(new byte[] { 0xE8, 0x1E, 0x00, 0x00, 0x00 }, elf.ReadVirtual(Load + 5, 5));
        // REL32 into .data: S = 0x101008, P = 0x10000C -> 0x101008 - 0x100010 = 0x0FF8.
        Assert.Equal(new byte[] { 0xF8, 0x0F, 0x00, 0x00 }, elf.ReadVirtual(Load + 0x0C, 4));
    }

    [Fact]
    public void Rel32WithStoredAddendAddsIt()
    {
        // ILC folds addends into the site: REL32 with A = -4 + 8 written in place.
        CoffObject obj = Obj("addend.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[0x10], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            w.DefineSymbol("_target", text, 0x0C);
            text.WriteAddend(2, 8);
            text.AddRelocation(2, "_target", CoffRelocationType.Rel32);
        });

        var elf = new ElfReader(Link(obj).Image);

        // S + A - (P + 4) = 0x10000C + 8 - 0x100006 = 0x0E.
        Assert.Equal(Le32(0x0E), elf.ReadVirtual(Load + 2, 4));
    }

    [Fact]
    public void Dir32WithNonZeroStoredAddendAddsItToTheSymbolAddress()
    {
        CoffObject obj = Obj("table.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code);
            CoffSectionBuilder data = w.AddSection(".data", new byte[0x20], CoffSectionFlags.Data, 4);
            w.DefineSymbol("_start", text, 0);
            w.DefineSymbol("_table", data, 0x10);
            data.WriteAddend(0, 0x10);      // &_table + 0x10
            data.AddRelocation(0, "_table", CoffRelocationType.Dir32);
            data.WriteAddend(4, -4);        // &_table - 4
            data.AddRelocation(4, "_table", CoffRelocationType.Dir32);
            data.WriteAddend(8, 0x0C);      // .text section symbol + 0x0C (the stub address-table pattern)
            data.AddRelocation(8, text, CoffRelocationType.Dir32);
            data.WriteAddend(12, 3);        // DIR32NB with ImageBase 0 is absolute too
            data.AddRelocation(12, "_table", CoffRelocationType.Dir32NB);
        });

        LinkResult result = Link(obj);
        var elf = new ElfReader(result.Image);

        uint table = result.Symbols["_table"];
        Assert.Equal(Load + 0x1000 + 0x10, table);
        uint data = Load + 0x1000;
        Assert.Equal(Le32(table + 0x10), elf.ReadVirtual(data, 4));
        Assert.Equal(Le32(table - 4), elf.ReadVirtual(data + 4, 4));
        Assert.Equal(Le32(Load + 0x0C), elf.ReadVirtual(data + 8, 4));
        Assert.Equal(Le32(table + 3), elf.ReadVirtual(data + 12, 4));
    }

    [Fact]
    public void Dir32NBSubtractsTheImageBaseOption()
    {
        CoffObject obj = Obj("rva.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xC3, 0, 0, 0, 0 }, CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(1, "_start", CoffRelocationType.Dir32NB);
        });

        var elf = new ElfReader(Link(new LinkerOptions { ImageBase = Load }, obj).Image);

        Assert.Equal(Le32(0), elf.ReadVirtual(Load + 1, 4));
    }

    [Fact]
    public void RelocationsAgainstCallerDefinedAndLinkerSymbolsResolve()
    {
        CoffObject obj = Obj("syms.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[16], CoffSectionFlags.Code);
            w.AddBssSection(".bss", 0x100, 16);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(0, "__bss_start", CoffRelocationType.Dir32);
            text.AddRelocation(4, "__bss_end", CoffRelocationType.Dir32);
            text.AddRelocation(8, "_vga", CoffRelocationType.Dir32);
            text.AddRelocation(12, "_heap_start", CoffRelocationType.Dir32);
        });
        var options = new LinkerOptions().DefineSymbol("_vga", 0xB8000).DefineSectionEnd("_heap_start", ".bss");

        LinkResult result = Link(options, obj);
        var elf = new ElfReader(result.Image);

        uint bss = result.Symbols["__bss_start"];
        Assert.Equal(bss + 0x100, result.Symbols["__bss_end"]);
        Assert.Equal(bss + 0x100, result.Symbols["_heap_start"]);
        Assert.Equal(Le32(bss), elf.ReadVirtual(Load, 4));
        Assert.Equal(Le32(bss + 0x100), elf.ReadVirtual(Load + 4, 4));
        Assert.Equal(Le32(0xB8000), elf.ReadVirtual(Load + 8, 4));
        Assert.Equal(Le32(bss + 0x100), elf.ReadVirtual(Load + 12, 4));
        Assert.True(result.Symbols["__image_end"] >= bss + 0x100);
    }
}
