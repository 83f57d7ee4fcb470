using System.Buffers.Binary;
using System.Text;

namespace GuestOs.Build.Linker.Coff;

/// <summary>A COMDAT description for <see cref="CoffWriter.AddSection"/>.</summary>
/// <param name="Symbol">The COMDAT symbol: a symbol defined in the section (define it with DefineSymbol).</param>
/// <param name="Selection">How the linker picks among duplicates.</param>
/// <param name="Associated">For <see cref="CoffComdatSelection.Associative"/>: the section this one follows.</param>
public sealed record CoffComdat(string Symbol, CoffComdatSelection Selection, CoffSectionBuilder? Associated = null);

/// <summary>A section being built by <see cref="CoffWriter"/>.</summary>
public sealed class CoffSectionBuilder
{
    private readonly List<(uint Offset, object Target, CoffRelocationType Type)> _relocations = new();

    internal CoffSectionBuilder(int number, string name, byte[] data, uint size, CoffSectionFlags flags, uint alignment, CoffComdat? comdat)
    {
        Number = number;
        Name = name;
        Data = data;
        Size = size;
        Flags = flags;
        Alignment = alignment;
        Comdat = comdat;
    }

    /// <summary>1-based section number in the object.</summary>
    public int Number { get; }
    public string Name { get; }

    /// <summary>Section contents; the caller may patch them (e.g. addends) until the object is written.</summary>
    public byte[] Data { get; }
    public uint Size { get; }
    public CoffSectionFlags Flags { get; }
    public uint Alignment { get; }
    public CoffComdat? Comdat { get; }

    internal IReadOnlyList<(uint Offset, object Target, CoffRelocationType Type)> Relocations => _relocations;

    /// <summary>
    /// A relocation at <paramref name="offset"/> against the named symbol: a symbol defined in this
    /// object, else the section symbol of the one section with that name (e.g. ".text"), else an
    /// undefined external created on write. The addend is whatever the 4 bytes at the site already
    /// hold (COFF semantics).
    /// </summary>
    public void AddRelocation(uint offset, string symbol, CoffRelocationType type) => _relocations.Add((offset, symbol, type));

    /// <summary>A relocation against the start of <paramref name="section"/> (its section symbol).</summary>
    public void AddRelocation(uint offset, CoffSectionBuilder section, CoffRelocationType type) => _relocations.Add((offset, section, type));

    /// <summary>Writes <paramref name="addend"/> at <paramref name="offset"/> (little endian), the usual partner of AddRelocation.</summary>
    public void WriteAddend(uint offset, int addend) => BinaryPrimitives.WriteInt32LittleEndian(Data.AsSpan((int)offset), addend);
}

/// <summary>
/// Writes i386 COFF object files in the layout MSVC and ILC use: header, section table, raw
/// data and relocations per section, symbol table (a section symbol with its auxiliary
/// definition record for every section, then the named symbols) and string table. Used by the
/// stub generator and by the linker tests.
/// </summary>
/// <example><code>
/// var w = new CoffWriter();
/// CoffSectionBuilder text = w.AddSection(".text", code, CoffSectionFlags.Code, 16);
/// w.DefineSymbol("_start", text, 0);
/// text.AddRelocation(1, "_kmain@8", CoffRelocationType.Rel32);
/// byte[] obj = w.ToArray();
/// </code></example>
public sealed class CoffWriter
{
    private readonly List<CoffSectionBuilder> _sections = new();
    private readonly List<SymbolEntry> _symbols = new();
    private readonly Dictionary<string, SymbolEntry> _symbolsByName = new(StringComparer.Ordinal);

    public ushort Machine { get; init; } = CoffMachine.I386;

    public IReadOnlyList<CoffSectionBuilder> Sections => _sections;

    /// <summary>Adds a section with initialised contents (the array is used, not copied).</summary>
    public CoffSectionBuilder AddSection(string name, byte[] data, CoffSectionFlags flags, uint alignment = 16, CoffComdat? comdat = null)
    {
        var section = new CoffSectionBuilder(_sections.Count + 1, name, data, (uint)data.Length, WithAlignment(flags, alignment), alignment, comdat);
        _sections.Add(section);
        return section;
    }

    /// <summary>Adds a zero-initialised section of <paramref name="size"/> bytes with no file contents.</summary>
    public CoffSectionBuilder AddBssSection(string name, uint size, uint alignment = 16, CoffComdat? comdat = null)
    {
        var section = new CoffSectionBuilder(_sections.Count + 1, name, Array.Empty<byte>(), size,
            WithAlignment(CoffSectionFlags.Bss, alignment), alignment, comdat);
        _sections.Add(section);
        return section;
    }

    /// <summary>Defines a symbol at <paramref name="offset"/> in <paramref name="section"/>; global (external) unless <paramref name="global"/> is false.</summary>
    public void DefineSymbol(string name, CoffSectionBuilder section, uint offset, bool global = true, bool function = false)
        => Add(new SymbolEntry(name, offset, section.Number, global ? CoffStorageClass.External : CoffStorageClass.Static, function ? (ushort)0x20 : (ushort)0));

    /// <summary>Defines an absolute symbol (section number -1) with the given value.</summary>
    public void DefineAbsolute(string name, uint value, bool global = true)
        => Add(new SymbolEntry(name, value, CoffSectionNumber.Absolute, global ? CoffStorageClass.External : CoffStorageClass.Static, 0));

    /// <summary>Declares an undefined external (relocations create these on demand too).</summary>
    public void DeclareExternal(string name)
    {
        if (!_symbolsByName.ContainsKey(name))
            Add(new SymbolEntry(name, 0, CoffSectionNumber.Undefined, CoffStorageClass.External, 0));
    }

    /// <summary>Declares a common block: an external of <paramref name="size"/> bytes that the linker places in .bss.</summary>
    public void DeclareCommon(string name, uint size) => Add(new SymbolEntry(name, size, CoffSectionNumber.Undefined, CoffStorageClass.External, 0));

    /// <summary>A weak external: resolves to <paramref name="defaultSymbol"/> unless some object defines <paramref name="name"/>.</summary>
    public void DeclareWeakExternal(string name, string defaultSymbol)
        => Add(new SymbolEntry(name, 0, CoffSectionNumber.Undefined, CoffStorageClass.WeakExternal, 0) { WeakDefault = defaultSymbol });

    public byte[] ToArray()
    {
        // Symbol table layout: per section, its section symbol + aux record, then (for COMDATs)
        // the COMDAT symbol; then every other named symbol in definition order.
        var records = new List<SymbolEntry>();
        var sectionSymbolIndex = new Dictionary<int, int>();
        var placed = new HashSet<SymbolEntry>();
        int recordCount = 0;
        foreach (CoffSectionBuilder section in _sections)
        {
            sectionSymbolIndex[section.Number] = recordCount;
            recordCount += 2; // the section symbol and its auxiliary record
            records.Add(new SymbolEntry(section.Name, 0, section.Number, CoffStorageClass.Static, 0) { SectionAux = section });
            if (section.Comdat is { Selection: not CoffComdatSelection.Associative } comdat)
            {
                if (!_symbolsByName.TryGetValue(comdat.Symbol, out SymbolEntry? symbol) || symbol.Section != section.Number)
                    throw new InvalidOperationException($"COMDAT symbol {comdat.Symbol} must be defined in section {section.Name}");
                records.Add(symbol);
                placed.Add(symbol);
                recordCount += 1 + symbol.AuxCount;
            }
        }
        foreach (SymbolEntry symbol in _symbols)
        {
            if (!placed.Contains(symbol))
                records.Add(symbol);
        }
        foreach (CoffSectionBuilder section in _sections)
        {
            foreach ((_, object target, _) in section.Relocations)
            {
                if (target is string name && !_symbolsByName.ContainsKey(name) && SectionNamed(name) is null)
                {
                    var external = new SymbolEntry(name, 0, CoffSectionNumber.Undefined, CoffStorageClass.External, 0);
                    _symbolsByName[name] = external;
                    records.Add(external);
                }
            }
        }
        foreach (SymbolEntry symbol in records.Where(s => s.WeakDefault is not null))
        {
            if (!_symbolsByName.ContainsKey(symbol.WeakDefault!))
            {
                var external = new SymbolEntry(symbol.WeakDefault!, 0, CoffSectionNumber.Undefined, CoffStorageClass.External, 0);
                _symbolsByName[symbol.WeakDefault!] = external;
                records.Add(external);
            }
        }
        var indexOf = new Dictionary<SymbolEntry, int>();
        int next = 0;
        foreach (SymbolEntry record in records)
        {
            indexOf[record] = next;
            next += 1 + record.AuxCount;
        }

        var strings = new MemoryStream();
        strings.Write(new byte[4]);
        var output = new MemoryStream();
        var header = new byte[20];
        int sectionTableEnd = 20 + 40 * _sections.Count;
        var sectionHeaders = new byte[40 * _sections.Count];
        var body = new MemoryStream();
        for (int i = 0; i < _sections.Count; i++)
        {
            CoffSectionBuilder section = _sections[i];
            Span<byte> h = sectionHeaders.AsSpan(i * 40, 40);
            WriteName(h[..8], section.Name, strings, isSection: true);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], section.Size);
            bool bss = (section.Flags & CoffSectionFlags.ContainsUninitializedData) != 0 && section.Data.Length == 0;
            if (!bss && section.Data.Length > 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)(sectionTableEnd + body.Length));
                body.Write(section.Data);
            }
            if (section.Relocations.Count > 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)(sectionTableEnd + body.Length));
                var rel = new byte[10];
                if (section.Relocations.Count >= 0xFFFF)
                {
                    // IMAGE_SCN_LNK_NRELOC_OVFL: the count field saturates and a first dummy
                    // record carries the real count, itself included.
                    BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 0xFFFF);
                    BinaryPrimitives.WriteUInt32LittleEndian(rel, (uint)section.Relocations.Count + 1);
                    body.Write(rel);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)section.Relocations.Count);
                }
                foreach ((uint offset, object target, CoffRelocationType type) in section.Relocations)
                {
                    int symbolIndex = target switch
                    {
                        CoffSectionBuilder s => sectionSymbolIndex[s.Number],
                        string name when _symbolsByName.TryGetValue(name, out SymbolEntry? symbol) => indexOf[symbol],
                        _ => sectionSymbolIndex[SectionNamed((string)target)!.Number],
                    };
                    BinaryPrimitives.WriteUInt32LittleEndian(rel, offset);
                    BinaryPrimitives.WriteUInt32LittleEndian(rel.AsSpan(4), (uint)symbolIndex);
                    BinaryPrimitives.WriteUInt16LittleEndian(rel.AsSpan(8), (ushort)type);
                    body.Write(rel);
                }
            }
            CoffSectionFlags flags = section.Flags | (section.Comdat is null ? 0 : CoffSectionFlags.LinkComdat)
                | (section.Relocations.Count >= 0xFFFF ? CoffSectionFlags.LinkRelocationsOverflow : 0);
            BinaryPrimitives.WriteUInt32LittleEndian(h[36..], (uint)flags);
        }

        var symbolTable = new MemoryStream();
        foreach (SymbolEntry record in records)
        {
            var r = new byte[18];
            WriteName(r.AsSpan(0, 8), record.Name, strings, isSection: false);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), record.Value);
            BinaryPrimitives.WriteInt16LittleEndian(r.AsSpan(12), (short)record.Section);
            BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(14), record.Type);
            r[16] = (byte)record.StorageClass;
            r[17] = (byte)record.AuxCount;
            symbolTable.Write(r);
            if (record.SectionAux is CoffSectionBuilder s)
            {
                var aux = new byte[18];
                BinaryPrimitives.WriteUInt32LittleEndian(aux, s.Size);
                BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(4), (ushort)Math.Min(s.Relocations.Count, 0xFFFF));
                if (s.Comdat is CoffComdat comdat)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(8), Crc32(s.Data));
                    BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(12), (ushort)(comdat.Associated?.Number ?? 0));
                    aux[14] = (byte)comdat.Selection;
                }
                symbolTable.Write(aux);
            }
            else if (record.WeakDefault is string weakDefault)
            {
                var aux = new byte[18];
                BinaryPrimitives.WriteUInt32LittleEndian(aux, (uint)indexOf[_symbolsByName[weakDefault]]);
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(4), 3); // IMAGE_WEAK_EXTERN_SEARCH_ALIAS
                symbolTable.Write(aux);
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(strings.GetBuffer(), (uint)strings.Length);

        BinaryPrimitives.WriteUInt16LittleEndian(header, Machine);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), (ushort)_sections.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)(sectionTableEnd + body.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)next);
        output.Write(header);
        output.Write(sectionHeaders);
        body.WriteTo(output);
        symbolTable.WriteTo(output);
        output.Write(strings.GetBuffer(), 0, (int)strings.Length);
        return output.ToArray();
    }

    /// <summary>A relocation by name that matches no symbol but exactly one section's name targets that section's symbol.</summary>
    private CoffSectionBuilder? SectionNamed(string name)
    {
        CoffSectionBuilder[] matches = _sections.Where(s => s.Name == name).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    private void Add(SymbolEntry symbol)
    {
        if (_symbolsByName.ContainsKey(symbol.Name))
            throw new InvalidOperationException($"symbol {symbol.Name} is already defined in this object");
        _symbolsByName[symbol.Name] = symbol;
        _symbols.Add(symbol);
    }

    private static CoffSectionFlags WithAlignment(CoffSectionFlags flags, uint alignment)
    {
        if (alignment == 0 || alignment > 8192 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two up to 8192");
        uint field = (uint)System.Numerics.BitOperations.Log2(alignment) + 1;
        return (flags & ~CoffSectionFlags.AlignMask) | (CoffSectionFlags)(field << 20);
    }

    private static void WriteName(Span<byte> field, string name, MemoryStream strings, bool isSection)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length <= 8)
        {
            bytes.CopyTo(field);
            return;
        }
        uint offset = (uint)strings.Length;
        strings.Write(bytes);
        strings.WriteByte(0);
        if (isSection)
        {
            if (offset > 9_999_999)
                throw new InvalidOperationException($"string table too large for the long name of section {name}");
            Encoding.ASCII.GetBytes("/" + offset).CopyTo(field);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(field, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(field[4..], offset);
        }
    }

    /// <summary>The JamCRC (CRC-32 without the final inversion) MSVC uses for COMDAT checksums.</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return crc;
    }

    private sealed class SymbolEntry(string name, uint value, int section, CoffStorageClass storageClass, ushort type)
    {
        public string Name { get; } = name;
        public uint Value { get; } = value;
        public int Section { get; } = section;
        public CoffStorageClass StorageClass { get; } = storageClass;
        public ushort Type { get; } = type;
        public CoffSectionBuilder? SectionAux { get; init; }
        public string? WeakDefault { get; init; }

        public int AuxCount => SectionAux is not null || WeakDefault is not null ? 1 : 0;
    }
}
