using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Linker;

/// <summary>
/// Merges input sections into the output sections and gives everything an address.
/// Input sections are grouped by the name before '$'; a group goes to one output section
/// (so <c>.modules$A</c>, <c>$I</c> and <c>$Z</c> stay contiguous) and its pieces are sorted by
/// the suffix after '$', then by input order, like MSVC link. Output order: .multiboot, .text,
/// .rdata, .data, .bss; with page alignment each change of permissions starts a new page.
/// </summary>
internal static class SectionLayout
{
    public const string MultibootName = ".multiboot";
    public const string TextName = ".text";
    public const string ReadOnlyName = ".rdata";
    public const string DataName = ".data";
    public const string BssName = ".bss";

    public static List<OutputSection> Build(IEnumerable<InputPiece> pieces, InputPiece? multiboot)
    {
        var outputs = new List<OutputSection>
        {
            new(MultibootName, executable: true, writable: false, noBits: false),
            new(TextName, executable: true, writable: false, noBits: false),
            new(ReadOnlyName, executable: false, writable: false, noBits: false),
            new(DataName, executable: false, writable: true, noBits: false),
            new(BssName, executable: false, writable: true, noBits: true),
        };
        if (multiboot is not null)
            outputs[0].PieceList.Add(multiboot);

        // Group by base name, keeping first-appearance order of the groups.
        var groups = new List<(string BaseName, List<(InputPiece Piece, int Order)> Pieces)>();
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int order = 0;
        foreach (InputPiece piece in pieces)
        {
            string baseName = piece.Section.BaseName;
            if (!groupIndex.TryGetValue(baseName, out int g))
            {
                g = groups.Count;
                groupIndex[baseName] = g;
                groups.Add((baseName, new()));
            }
            groups[g].Pieces.Add((piece, order++));
        }

        foreach (OutputSection output in outputs.Skip(1))
        {
            var members = groups
                .Where(g => OutputNameFor(g.BaseName, g.Pieces.Select(p => p.Piece.Section)) == output.Name)
                .OrderBy(g => g.BaseName == output.Name ? 0 : 1)
                .ThenBy(g => groupIndex[g.BaseName]);
            foreach (var group in members)
            {
                foreach (var (piece, _) in group.Pieces
                    .OrderBy(p => p.Piece.Section.GroupSuffix, StringComparer.Ordinal)
                    .ThenBy(p => p.Order))
                {
                    output.PieceList.Add(piece);
                }
            }
        }

        foreach (OutputSection output in outputs)
        {
            uint offset = 0;
            foreach (InputPiece piece in output.PieceList)
            {
                piece.Output = output;
                offset = AlignUp(offset, piece.Alignment, output.Name);
                piece.Offset = offset;
                ulong end = (ulong)offset + piece.Size;
                if (end > uint.MaxValue)
                    throw new LinkerException($"output section {output.Name} exceeds 4 GiB at {piece}");
                offset = (uint)end;
                output.Alignment = Math.Max(output.Alignment, piece.Alignment);
            }
            output.Size = offset;
        }
        return outputs;
    }

    /// <summary>The output section for a group of input sections sharing one base name.</summary>
    public static string OutputNameFor(string baseName, IEnumerable<CoffSection> sections)
    {
        CoffSectionFlags flags = sections.Aggregate(CoffSectionFlags.None, (f, s) => f | s.Characteristics);
        bool anyInitialized = sections.Any(s => !s.IsUninitialized);
        switch (baseName)
        {
            case ".text" or ".managedcode":
                return TextName;
            case ".rdata" or ".rodata" or ".pdata" or ".xdata":
                return ReadOnlyName;
            case ".data" or ".modules" or ".tls":
                return DataName;
            case ".bss":
                return anyInitialized ? DataName : BssName;
        }
        if ((flags & (CoffSectionFlags.ContainsCode | CoffSectionFlags.MemExecute)) != 0)
            return TextName;
        if (!anyInitialized)
            return BssName;
        return (flags & CoffSectionFlags.MemWrite) != 0 ? DataName : ReadOnlyName;
    }

    /// <summary>Assigns addresses: fixed ones from the options, the rest packed upwards from the load address.</summary>
    public static void AssignAddresses(List<OutputSection> outputs, LinkerOptions options)
    {
        ulong cursor = options.LoadAddress;
        int previousClass = -1;
        foreach (OutputSection output in outputs)
        {
            if (options.SectionAddresses.TryGetValue(output.Name, out uint fixedAddress))
            {
                if (fixedAddress % output.Alignment != 0)
                    throw new LinkerException($"fixed address 0x{fixedAddress:X8} of section {output.Name} is not aligned to {output.Alignment}");
                output.Address = fixedAddress;
            }
            else
            {
                if (output.Size > 0 && options.PageAlignSegments && previousClass != -1 && output.SegmentClass != previousClass)
                    cursor = AlignUp(cursor, options.PageSize);
                cursor = AlignUp(cursor, output.Alignment);
                if (cursor > uint.MaxValue)
                    throw new LinkerException($"section {output.Name} does not fit below 4 GiB");
                output.Address = (uint)cursor;
            }
            if ((ulong)output.Address + output.Size > 1UL << 32)
                throw new LinkerException($"section {output.Name} (0x{output.Address:X8}, 0x{output.Size:X} bytes) extends past 4 GiB");
            if (output.Size > 0)
            {
                cursor = (ulong)output.Address + output.Size;
                previousClass = output.SegmentClass;
            }
        }
        CheckOverlaps(outputs);
    }

    private static void CheckOverlaps(List<OutputSection> outputs)
    {
        var placed = outputs.Where(o => o.Size > 0).OrderBy(o => o.Address).ToList();
        for (int i = 1; i < placed.Count; i++)
        {
            OutputSection a = placed[i - 1], b = placed[i];
            if ((ulong)a.Address + a.Size > b.Address)
            {
                throw new LinkerException(
                    $"sections {a.Name} (0x{a.Address:X8}-0x{(ulong)a.Address + a.Size:X8}) and {b.Name} (0x{b.Address:X8}-0x{(ulong)b.Address + b.Size:X8}) overlap");
            }
        }
    }

    private static uint AlignUp(uint value, uint alignment, string where)
    {
        ulong aligned = AlignUp((ulong)value, alignment);
        return aligned <= uint.MaxValue ? (uint)aligned : throw new LinkerException($"output section {where} exceeds 4 GiB");
    }

    public static ulong AlignUp(ulong value, uint alignment) => alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
}
