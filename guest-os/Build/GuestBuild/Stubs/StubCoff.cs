using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Stubs;

/// <summary>Writes an assembled <see cref="StubObject"/> as an i386 COFF object for our linker.</summary>
public static class StubCoff
{
    public static byte[] Write(StubObject stubs)
    {
        var writer = new CoffWriter();
        var sections = new Dictionary<DataSection, CoffSectionBuilder>
        {
            [DataSection.Text] = writer.AddSection(".text", stubs.Code, CoffSectionFlags.Code, 16),
        };
        var dataOffsets = new Dictionary<string, uint>(StringComparer.Ordinal);

        foreach (IGrouping<DataSection, StubData> group in stubs.Data.GroupBy(d => d.Section))
        {
            var bytes = new List<byte>();
            uint alignment = group.Max(d => d.Alignment);
            foreach (StubData item in group)
            {
                while (bytes.Count % item.Alignment != 0)
                    bytes.Add(0);
                dataOffsets[item.Name] = (uint)bytes.Count;
                bytes.AddRange(item.Bytes);
            }
            sections[group.Key] = group.Key switch
            {
                DataSection.Bss => writer.AddBssSection(".bss", (uint)bytes.Count, alignment),
                DataSection.Data => writer.AddSection(".data", bytes.ToArray(), CoffSectionFlags.Data, alignment),
                _ => writer.AddSection(".rdata", bytes.ToArray(), CoffSectionFlags.ReadOnlyData, alignment),
            };
            foreach (StubData item in group)
                writer.DefineSymbol(item.Name, sections[group.Key], dataOffsets[item.Name]);
        }

        foreach (StubSymbol symbol in stubs.Symbols)
            writer.DefineSymbol(symbol.Name, sections[symbol.Section], symbol.Offset, function: symbol.Section == DataSection.Text);

        foreach (StubRelocation relocation in stubs.Relocations)
        {
            CoffSectionBuilder site = sections[relocation.Section];
            uint offset = relocation.Offset + (relocation.InData is { } owner ? dataOffsets[owner] : 0);
            CoffRelocationType type = relocation.Kind == RelocationKind.Relative32 ? CoffRelocationType.Rel32 : CoffRelocationType.Dir32;
            if (relocation.Symbol == ".text")
                site.AddRelocation(offset, sections[DataSection.Text], type);
            else
                site.AddRelocation(offset, relocation.Symbol, type);
        }
        return writer.ToArray();
    }
}
