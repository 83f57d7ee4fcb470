using System.Buffers.Binary;
using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;
using static Toolchain.Tests.Linker.LinkTestHelpers;

namespace Toolchain.Tests.Linker;

/// <summary>The COFF layouts ILC switches to for large programs: relocation-count overflow and bigobj.</summary>
public class CoffFormatTests
{
    [Fact]
    public void SectionWithMoreThan65535RelocationsUsesTheOverflowRecord()
    {
        const int count = 70_000;
        CoffObject obj = Obj("big.obj", w =>
        {
            CoffSectionBuilder data = w.AddSection(".data", new byte[count * 4], CoffSectionFlags.Data, 4);
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            for (uint i = 0; i < count; i++)
            {
                data.WriteAddend(i * 4, (int)i);
                data.AddRelocation(i * 4, "_start", CoffRelocationType.Dir32);
            }
        });

        Assert.Equal(count, obj.Sections[0].Relocations.Count);
        LinkResult result = Link(obj);
        var elf = new ElfReader(result.Image);
        uint data = result.Symbols["__data_start"];
        Assert.Equal(Load + 69_999, elf.ReadVirtual32(data + 69_999 * 4));
    }

    [Fact]
    public void BigObjLayoutParsesAndLinksLikeTheRegularOne()
    {
        var writer = new CoffWriter();
        CoffSectionBuilder text = writer.AddSection(".text", new byte[] { 0xE8, 0, 0, 0, 0, 0xC3, 0x90, 0x90, 0xC3 }, CoffSectionFlags.Code);
        CoffSectionBuilder xdata = writer.AddSection(".xdata", new byte[] { 1, 2 }, CoffSectionFlags.ReadOnlyData, 4,
            new CoffComdat("_unwind_helper", CoffComdatSelection.Any));
        writer.DefineSymbol("_start", text, 0);
        writer.DefineSymbol("_a_long_helper_name_in_the_string_table", text, 8);
        writer.DefineSymbol("_unwind_helper", xdata, 0);
        text.AddRelocation(1, "_a_long_helper_name_in_the_string_table", CoffRelocationType.Rel32);
        byte[] regular = writer.ToArray();

        CoffObject big = CoffObject.Parse("big.obj", ToBigObj(regular));
        CoffObject small = CoffObject.Parse("small.obj", regular);

        Assert.Equal(small.Sections.Select(s => (s.Name, s.Size, s.Characteristics)), big.Sections.Select(s => (s.Name, s.Size, s.Characteristics)));
        Assert.Equal(CoffComdatSelection.Any, big.Sections[1].ComdatSelection);
        Assert.Equal("_unwind_helper", big.Sections[1].ComdatSymbol);
        Assert.Equal(small.Symbols.Select(s => s?.Name), big.Symbols.Select(s => s?.Name));
        Assert.Equal(Link(small).Image, Link(big).Image);
    }

    /// <summary>Rewrites a regular COFF object in the bigobj layout (ANON_OBJECT_HEADER_BIGOBJ, 20-byte symbols).</summary>
    private static byte[] ToBigObj(byte[] regular)
    {
        const int growth = 56 - 20;
        ushort sections = BinaryPrimitives.ReadUInt16LittleEndian(regular.AsSpan(2));
        uint symbolTable = BinaryPrimitives.ReadUInt32LittleEndian(regular.AsSpan(8));
        uint symbols = BinaryPrimitives.ReadUInt32LittleEndian(regular.AsSpan(12));
        var output = new List<byte>();

        var header = new byte[56];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), CoffMachine.I386);
        new byte[] { 0xC7, 0xA1, 0xBA, 0xD1, 0xEE, 0xBA, 0xA9, 0x4B, 0xAF, 0x20, 0xFA, 0xF6, 0x6A, 0xA4, 0xDC, 0xB8 }.CopyTo(header, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(44), sections);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), symbolTable + growth);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(52), symbols);
        output.AddRange(header);

        for (int i = 0; i < sections; i++)
        {
            byte[] section = regular.AsSpan(20 + i * 40, 40).ToArray();
            foreach (int field in new[] { 20, 24 })
            {
                uint pointer = BinaryPrimitives.ReadUInt32LittleEndian(section.AsSpan(field));
                if (pointer != 0)
                    BinaryPrimitives.WriteUInt32LittleEndian(section.AsSpan(field), pointer + growth);
            }
            output.AddRange(section);
        }
        output.AddRange(regular.AsSpan(20 + sections * 40, (int)symbolTable - (20 + sections * 40)).ToArray());

        for (int i = 0; i < symbols;)
        {
            ReadOnlySpan<byte> record = regular.AsSpan((int)symbolTable + i * 18, 18);
            var big = new byte[20];
            record[..12].CopyTo(big);
            BinaryPrimitives.WriteInt32LittleEndian(big.AsSpan(12), BinaryPrimitives.ReadInt16LittleEndian(record[12..]));
            record[14..18].CopyTo(big.AsSpan(16));
            output.AddRange(big);
            int aux = record[17];
            for (int a = 1; a <= aux; a++)
            {
                var auxRecord = new byte[20];
                regular.AsSpan((int)symbolTable + (i + a) * 18, 18).CopyTo(auxRecord);
                output.AddRange(auxRecord);
            }
            i += 1 + aux;
        }
        output.AddRange(regular.AsSpan((int)(symbolTable + symbols * 18)).ToArray());
        return output.ToArray();
    }
}
