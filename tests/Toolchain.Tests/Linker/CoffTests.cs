using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;
using static Toolchain.Tests.Linker.LinkTestHelpers;

namespace Toolchain.Tests.Linker;

/// <summary>The COFF writer and reader agree, and the linker handles COMDATs, weak externals, commons and discarded sections.</summary>
public class CoffTests
{
    [Fact]
    public void WriterOutputParsesBack()
    {
        CoffObject obj = Obj("round.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".managedcode$I", new byte[] { 0xE8, 0, 0, 0, 0 }, CoffSectionFlags.Code, 32);
            w.AddBssSection(".bss", 0x200, 8);
            w.DefineSymbol("_a_symbol_with_a_long_name", text, 0);
            w.DefineSymbol("local", text, 1, global: false);
            text.AddRelocation(1, "_ext@4", CoffRelocationType.Rel32);
        });

        Assert.Equal(".managedcode$I", obj.Sections[0].Name); // long name through the string table
        Assert.Equal(".managedcode", obj.Sections[0].BaseName);
        Assert.Equal("I", obj.Sections[0].GroupSuffix);
        Assert.Equal(32u, obj.Sections[0].Alignment);
        Assert.True(obj.Sections[1].IsUninitialized);
        Assert.Equal(0x200u, obj.Sections[1].Size);
        Assert.Equal(8u, obj.Sections[1].Alignment);
        Assert.Empty(obj.Sections[1].Data);
        CoffRelocation relocation = Assert.Single(obj.Sections[0].Relocations);
        Assert.Equal((ushort)CoffRelocationType.Rel32, relocation.Type);
        Assert.Equal("_ext@4", obj.Symbols[(int)relocation.SymbolIndex]!.Name);
        Assert.Contains(obj.Symbols, s => s is { Name: "_a_symbol_with_a_long_name", StorageClass: CoffStorageClass.External, SectionNumber: 1 });
        Assert.Contains(obj.Symbols, s => s is { Name: "local", StorageClass: CoffStorageClass.Static, Value: 1 });
    }

    [Fact]
    public void ComdatAnyKeepsTheFirstCopyAndItsAssociatedSection()
    {
        CoffObject Make(string name, byte fill) => Obj(name, w =>
        {
            CoffSectionBuilder code = w.AddSection(".text", new byte[] { fill, fill }, CoffSectionFlags.Code, 4,
                new CoffComdat("_shared", CoffComdatSelection.Any));
            w.AddSection(".xdata", new byte[] { fill }, CoffSectionFlags.ReadOnlyData, 1,
                new CoffComdat("_shared", CoffComdatSelection.Associative, code));
            w.DefineSymbol("_shared", code, 0);
        });
        CoffObject user = Obj("user.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[4], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(0, "_shared", CoffRelocationType.Dir32);
        });

        LinkResult result = Link(user, Make("one.obj", 0x11), Make("two.obj", 0x22));
        var elf = new ElfReader(result.Image);

        Assert.Equal(new byte[] { 0x11, 0x11 }, elf.ReadVirtual(result.Symbols["_shared"], 2));
        Assert.Equal(Le32(result.Symbols["_shared"]), elf.ReadVirtual(Load, 4));
        Assert.Equal("one.obj", result.SymbolOrigins["_shared"]);
        OutputSection rdata = result.Sections.Single(s => s.Name == ".rdata");
        InputPiece xdata = Assert.Single(rdata.Pieces);
        Assert.Equal("one.obj", xdata.ObjectName);
    }

    [Fact]
    public void ComdatNoDuplicatesRejectsASecondCopy()
    {
        CoffObject Make(string name) => Obj(name, w =>
        {
            CoffSectionBuilder code = w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code, 4,
                new CoffComdat("_once", CoffComdatSelection.NoDuplicates));
            w.DefineSymbol("_once", code, 0);
        });

        LinkerException error = Assert.Throws<LinkerException>(() => Link(StartObject(), Make("x.obj"), Make("y.obj")));

        Assert.Contains("_once", error.Message);
        Assert.Contains("x.obj", error.Message);
        Assert.Contains("y.obj", error.Message);
    }

    [Fact]
    public void WeakExternalFallsBackToItsDefaultUnlessDefined()
    {
        CoffObject user = Obj("user.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[8], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            w.DefineSymbol("_hook_default", text, 4);
            w.DeclareWeakExternal("_hook", "_hook_default");
            text.AddRelocation(0, "_hook", CoffRelocationType.Dir32);
        });
        CoffObject strong = Obj("strong.obj", w => w.DefineSymbol("_hook", w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code), 0));

        var weakOnly = new ElfReader(Link(user).Image);
        LinkResult overridden = Link(user, strong);

        Assert.Equal(Le32(Load + 4), weakOnly.ReadVirtual(Load, 4));
        Assert.Equal(Le32(overridden.Symbols["_hook"]), new ElfReader(overridden.Image).ReadVirtual(Load, 4));
        Assert.NotEqual(Load + 4, overridden.Symbols["_hook"]);
    }

    [Fact]
    public void CommonSymbolsAreAllocatedInBss()
    {
        CoffObject obj = Obj("common.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[4], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            w.DeclareCommon("_buffer", 0x800);
            text.AddRelocation(0, "_buffer", CoffRelocationType.Dir32);
        });

        LinkResult result = Link(obj);

        Assert.InRange(result.Symbols["_buffer"], result.Symbols["__bss_start"], result.Symbols["__bss_end"] - 0x800);
    }

    [Fact]
    public void DebugDirectiveAndRemovableSectionsAreDiscardedAndEntryDirectiveIsHonoured()
    {
        CoffObject obj = Obj("dbg.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code);
            CoffSectionBuilder debug = w.AddSection(".debug$S", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, CoffSectionFlags.ReadOnlyData | CoffSectionFlags.MemDiscardable, 4);
            debug.AddRelocation(0, "_nowhere", (CoffRelocationType)0x0B); // would be undefined if linked
            w.AddSection(".drectve", "/ENTRY:_kernel_main "u8.ToArray(), CoffSectionFlags.LinkInfo | CoffSectionFlags.LinkRemove, 1);
            w.DefineSymbol("_kernel_main", text, 0);
        });

        LinkResult result = Link(new LinkerOptions { EntrySymbol = null }, obj);

        Assert.Equal("_kernel_main", result.EntrySymbol);
        Assert.Equal(Load, result.EntryPoint);
        Assert.DoesNotContain(result.Sections.SelectMany(s => s.Pieces), p => p.SectionName is ".debug$S" or ".drectve");
    }
}
