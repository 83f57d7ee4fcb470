using System.Buffers.Binary;
using System.Text;

namespace GuestOs.Build.Linker.Elf;

/// <summary>One PT_LOAD segment: consecutive output sections with the same permissions.</summary>
public sealed class ElfSegment
{
    public required uint VirtualAddress { get; init; }
    public required uint FileOffset { get; init; }
    public required uint FileSize { get; init; }
    public required uint MemorySize { get; init; }

    /// <summary>PF_X = 1, PF_W = 2, PF_R = 4.</summary>
    public required uint Flags { get; init; }
    public required IReadOnlyList<OutputSection> Sections { get; init; }
}

/// <summary>A symbol for .symtab.</summary>
internal readonly record struct ElfSymbol(string Name, uint Value, bool Global, OutputSection? Section);

/// <summary>
/// Writes a static ELF32 i386 executable (System V ABI, "Object Files" and the i386 supplement):
/// ELF header, program headers (one PT_LOAD per segment, p_paddr = p_vaddr, file offsets
/// congruent to addresses modulo the page size), section contents, .symtab, .strtab,
/// .shstrtab and the section header table.
/// </summary>
internal static class ElfWriter
{
    private const int ElfHeaderSize = 52;
    private const int ProgramHeaderSize = 32;
    private const int SectionHeaderSize = 40;
    private const uint SymbolSize = 16;

    private const ushort EtExec = 2;
    private const ushort Em386 = 3;
    private const uint PtLoad = 1;
    private const uint ShtProgBits = 1, ShtSymTab = 2, ShtStrTab = 3, ShtNoBits = 8;
    private const uint ShfWrite = 1, ShfAlloc = 2, ShfExecInstr = 4;
    private const ushort ShnAbs = 0xFFF1;
    private const byte SttNoType = 0, SttObject = 1, SttFunc = 2;
    private const byte StbLocal = 0, StbGlobal = 1;
    public const uint PfX = 1, PfW = 2, PfR = 4;

    /// <summary>Groups the non-empty sections (in address order) into segments and assigns file offsets.</summary>
    public static List<ElfSegment> PlanSegments(IReadOnlyList<OutputSection> sections, uint pageSize)
    {
        var groups = new List<List<OutputSection>>();
        foreach (OutputSection section in sections)
        {
            List<OutputSection>? last = groups.Count > 0 ? groups[^1] : null;
            OutputSection? previous = last?[^1];
            bool join = previous is not null
                && previous.SegmentClass == section.SegmentClass
                && !previous.IsNoBits
                && section.Address >= previous.End
                && section.Address - previous.End < pageSize;
            if (join)
                last!.Add(section);
            else
                groups.Add(new List<OutputSection> { section });
        }

        uint cursor = (uint)(ElfHeaderSize + groups.Count * ProgramHeaderSize);
        var segments = new List<ElfSegment>();
        foreach (List<OutputSection> group in groups)
        {
            uint start = group[0].Address;
            uint offset = cursor + ((start - cursor) % pageSize);
            OutputSection? lastWithBits = group.LastOrDefault(s => !s.IsNoBits);
            uint fileSize = lastWithBits is null ? 0 : lastWithBits.End - start;
            uint flags = PfR | (group[0].IsExecutable ? PfX : 0) | (group[0].IsWritable ? PfW : 0);
            segments.Add(new ElfSegment
            {
                VirtualAddress = start,
                FileOffset = offset,
                FileSize = fileSize,
                MemorySize = group[^1].End - start,
                Flags = flags,
                Sections = group,
            });
            cursor = offset + fileSize;
        }
        return segments;
    }

    public static byte[] Write(IReadOnlyList<OutputSection> sections, IReadOnlyList<ElfSegment> segments,
        IReadOnlyList<ElfSymbol> symbols, uint entry, uint pageSize)
    {
        var image = new MemoryStream();
        uint contentEnd = (uint)(ElfHeaderSize + segments.Count * ProgramHeaderSize);
        var sectionOffsets = new Dictionary<OutputSection, uint>();
        foreach (ElfSegment segment in segments)
        {
            foreach (OutputSection section in segment.Sections)
            {
                uint offset = segment.FileOffset + (section.Address - segment.VirtualAddress);
                sectionOffsets[section] = offset;
                if (!section.IsNoBits)
                {
                    image.Position = offset;
                    image.Write(section.Data);
                }
            }
            contentEnd = Math.Max(contentEnd, segment.FileOffset + segment.FileSize);
        }
        image.SetLength(contentEnd);
        image.Position = contentEnd;

        // .symtab (locals first, as the ELF specification requires), .strtab, .shstrtab.
        var strtab = new StringTable();
        var symtab = new MemoryStream();
        symtab.Write(new byte[SymbolSize]);
        List<ElfSymbol> ordered = symbols.Where(s => !s.Global).Concat(symbols.Where(s => s.Global)).ToList();
        int firstGlobal = 1 + symbols.Count(s => !s.Global);
        foreach (ElfSymbol symbol in ordered)
        {
            var entryBytes = new byte[SymbolSize];
            BinaryPrimitives.WriteUInt32LittleEndian(entryBytes, strtab.Add(symbol.Name));
            BinaryPrimitives.WriteUInt32LittleEndian(entryBytes.AsSpan(4), symbol.Value);
            byte type = symbol.Section is null ? SttNoType : symbol.Section.IsExecutable ? SttFunc : SttObject;
            entryBytes[12] = (byte)(((symbol.Global ? StbGlobal : StbLocal) << 4) | type);
            BinaryPrimitives.WriteUInt16LittleEndian(entryBytes.AsSpan(14), symbol.Section is null ? ShnAbs : (ushort)symbol.Section.ElfIndex);
            symtab.Write(entryBytes);
        }

        var shstrtab = new StringTable();
        var headers = new List<byte[]> { new byte[SectionHeaderSize] };
        foreach (OutputSection section in sections)
        {
            uint flags = ShfAlloc | (section.IsWritable ? ShfWrite : 0) | (section.IsExecutable ? ShfExecInstr : 0);
            headers.Add(SectionHeader(shstrtab.Add(section.Name), section.IsNoBits ? ShtNoBits : ShtProgBits, flags,
                section.Address, sectionOffsets[section], section.Size, 0, 0, section.Alignment, 0));
        }
        int symtabIndex = headers.Count;
        uint symtabOffset = Append(image, symtab.ToArray(), 4);
        headers.Add(SectionHeader(shstrtab.Add(".symtab"), ShtSymTab, 0, 0, symtabOffset, (uint)symtab.Length,
            (uint)symtabIndex + 1, (uint)firstGlobal, 4, SymbolSize));
        uint strtabOffset = Append(image, strtab.ToArray(), 1);
        headers.Add(SectionHeader(shstrtab.Add(".strtab"), ShtStrTab, 0, 0, strtabOffset, (uint)strtab.Length, 0, 0, 1, 0));
        int shstrtabIndex = headers.Count;
        uint nameOffset = shstrtab.Add(".shstrtab");
        byte[] shstrtabBytes = shstrtab.ToArray();
        uint shstrtabOffset = Append(image, shstrtabBytes, 1);
        headers.Add(SectionHeader(nameOffset, ShtStrTab, 0, 0, shstrtabOffset, (uint)shstrtabBytes.Length, 0, 0, 1, 0));
        uint sectionHeaderOffset = Append(image, headers.SelectMany(h => h).ToArray(), 4);

        image.Position = 0;
        image.Write(ElfHeader(entry, (uint)segments.Count, sectionHeaderOffset, (ushort)headers.Count, (ushort)shstrtabIndex));
        foreach (ElfSegment segment in segments)
        {
            var ph = new byte[ProgramHeaderSize];
            BinaryPrimitives.WriteUInt32LittleEndian(ph, PtLoad);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(4), segment.FileOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(8), segment.VirtualAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(12), segment.VirtualAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(16), segment.FileSize);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(20), segment.MemorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(24), segment.Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.AsSpan(28), pageSize);
            image.Write(ph);
        }
        return image.ToArray();
    }

    private static byte[] ElfHeader(uint entry, uint programHeaderCount, uint sectionHeaderOffset, ushort sectionCount, ushort shstrtabIndex)
    {
        var h = new byte[ElfHeaderSize];
        h[0] = 0x7F;
        h[1] = (byte)'E';
        h[2] = (byte)'L';
        h[3] = (byte)'F';
        h[4] = 1; // ELFCLASS32
        h[5] = 1; // ELFDATA2LSB
        h[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(16), EtExec);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(18), Em386);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), entry);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(28), programHeaderCount > 0 ? (uint)ElfHeaderSize : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(32), sectionHeaderOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(40), ElfHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(42), ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(44), (ushort)programHeaderCount);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(46), SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(48), sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(50), shstrtabIndex);
        return h;
    }

    private static byte[] SectionHeader(uint name, uint type, uint flags, uint address, uint offset, uint size,
        uint link, uint info, uint alignment, uint entrySize)
    {
        var h = new byte[SectionHeaderSize];
        uint[] fields = { name, type, flags, address, offset, size, link, info, alignment, entrySize };
        for (int i = 0; i < fields.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(i * 4), fields[i]);
        return h;
    }

    private static uint Append(MemoryStream image, byte[] bytes, uint alignment)
    {
        uint offset = (uint)SectionLayout.AlignUp((ulong)image.Length, alignment);
        image.SetLength(offset);
        image.Position = offset;
        image.Write(bytes);
        return offset;
    }

    private sealed class StringTable
    {
        private readonly MemoryStream _bytes = new();
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

        public StringTable() => _bytes.WriteByte(0);

        public uint Add(string value)
        {
            if (value.Length == 0)
                return 0;
            if (_offsets.TryGetValue(value, out uint offset))
                return offset;
            offset = (uint)_bytes.Length;
            _bytes.Write(Encoding.UTF8.GetBytes(value));
            _bytes.WriteByte(0);
            _offsets[value] = offset;
            return offset;
        }

        public uint Length => (uint)_bytes.Length;

        public byte[] ToArray() => _bytes.ToArray();
    }
}
