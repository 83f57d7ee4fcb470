using System.Buffers.Binary;
using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;

namespace Toolchain.Tests.Linker;

/// <summary>
/// Links a real ILC object and a real stub object (frozen copies in Data/) and recomputes every
/// relocation independently from the output layout, so the COFF semantics are checked on the
/// input the kernel build actually produces.
/// </summary>
public class RealObjectTests
{
    private static CoffObject Load(string name)
        => CoffObject.Parse(name, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Linker", "Data", name)));

    [Fact]
    public void IlcObjectParsesWithItsGroupedAndComdatSections()
    {
        CoffObject obj = Load("Hello.obj");

        Assert.Contains(obj.Sections, s => s.Name == ".managedcode$I");
        Assert.Contains(obj.Sections, s => s.Name == ".modules$I");
        Assert.Contains(obj.Sections, s => s is { Name: ".xdata", IsComdat: true, ComdatSelection: CoffComdatSelection.Any, ComdatSymbol: not null });
        Assert.Contains(obj.Symbols, s => s?.Name == "_kmain@8");
    }

    [Fact]
    public void EveryRelocationOfTheHelloKernelMatchesCoffSemantics()
    {
        CoffObject hello = Load("Hello.obj");
        CoffObject stubs = Load("Hello-stubs.obj");

        LinkResult result = new ElfLinker(new LinkerOptions { Multiboot = true }).Link(new[] { hello, stubs });
        var elf = new ElfReader(result.Image);

        Assert.Equal(result.Symbols["_start"], elf.Entry);
        var pieces = result.Sections.SelectMany(s => s.Pieces).ToDictionary(p => p.Section);
        int checkedCount = 0, sameObjectOffsetRel32 = 0;
        foreach (InputPiece piece in pieces.Values)
        {
            CoffObject obj = piece.Object;
            foreach (CoffRelocation relocation in piece.Section.Relocations)
            {
                CoffSymbol symbol = obj.Symbols[(int)relocation.SymbolIndex]!;
                uint s = symbol.IsExternal ? result.Symbols[symbol.Name] : pieces[obj.SectionByNumber(symbol.SectionNumber)].Address + symbol.Value;
                uint addend = BinaryPrimitives.ReadUInt32LittleEndian(piece.Section.Data.AsSpan((int)relocation.Offset));
                uint p = piece.Address + relocation.Offset;
                uint expected = (CoffRelocationType)relocation.Type switch
                {
                    CoffRelocationType.Dir32 or CoffRelocationType.Dir32NB => unchecked(s + addend),
                    CoffRelocationType.Rel32 => unchecked(s + addend - (p + 4)),
                    var other => throw new Xunit.Sdk.XunitException($"unexpected relocation type {other} in the ILC object"),
                };
                Assert.Equal(expected, elf.ReadVirtual32(p));
                checkedCount++;
                if (relocation.Type == (ushort)CoffRelocationType.Rel32 && symbol.SectionNumber > 0 && symbol.Value != 0)
                    sameObjectOffsetRel32++;
            }
        }
        Assert.True(checkedCount > 300, $"only {checkedCount} relocations checked");
        Assert.True(sameObjectOffsetRel32 > 0, "the data should contain the GNU ld case (REL32 to an offset symbol in the same object)");
    }
}
