using System.Buffers.Binary;
using System.Text;

namespace GuestOs.Build.Linker.Coff;

/// <summary>One relocation record: a 32-bit site at <see cref="Offset"/> of its section.</summary>
public readonly record struct CoffRelocation(uint Offset, uint SymbolIndex, ushort Type);

/// <summary>One symbol table record (auxiliary records are folded into it).</summary>
public sealed class CoffSymbol
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required uint Value { get; init; }

    /// <summary>1-based section number, or 0 (undefined / common), -1 (absolute), -2 (debug).</summary>
    public required int SectionNumber { get; init; }
    public required ushort Type { get; init; }
    public required CoffStorageClass StorageClass { get; init; }
    public required int AuxCount { get; init; }

    /// <summary>For a weak external: the symbol table index of the default definition.</summary>
    public uint WeakDefaultIndex { get; init; }

    public bool IsExternal => StorageClass is CoffStorageClass.External or CoffStorageClass.WeakExternal;

    public bool IsWeakExternal => StorageClass == CoffStorageClass.WeakExternal;

    /// <summary>An external with no section and a non-zero value is a common block of that size.</summary>
    public bool IsCommon => StorageClass == CoffStorageClass.External && SectionNumber == CoffSectionNumber.Undefined && Value != 0;

    public override string ToString() => Name;
}

/// <summary>One section of an object file.</summary>
public sealed class CoffSection
{
    /// <summary>1-based section number, as symbols refer to it.</summary>
    public required int Number { get; init; }
    public required string Name { get; init; }
    public required CoffSectionFlags Characteristics { get; init; }
    public required uint VirtualAddress { get; init; }

    /// <summary>Initialised contents; empty for uninitialised (bss) sections.</summary>
    public required byte[] Data { get; init; }

    /// <summary>Size in memory: the raw data length, or the reserved size of a bss section.</summary>
    public required uint Size { get; init; }
    public required IReadOnlyList<CoffRelocation> Relocations { get; init; }

    public CoffComdatSelection ComdatSelection { get; internal set; }

    /// <summary>For an associative COMDAT: the number of the section this one follows.</summary>
    public int AssociatedSection { get; internal set; }

    /// <summary>The COMDAT symbol: the first symbol after the section symbol defined in this section.</summary>
    public string? ComdatSymbol { get; internal set; }

    public bool IsUninitialized => (Characteristics & CoffSectionFlags.ContainsUninitializedData) != 0
        && (Characteristics & CoffSectionFlags.ContainsInitializedData) == 0;

    public bool IsComdat => (Characteristics & CoffSectionFlags.LinkComdat) != 0;

    /// <summary>Alignment from the IMAGE_SCN_ALIGN_* field; 16 when the field is empty (as MSVC link).</summary>
    public uint Alignment
    {
        get
        {
            uint code = ((uint)Characteristics & (uint)CoffSectionFlags.AlignMask) >> 20;
            return code == 0 ? 16u : 1u << (int)(code - 1);
        }
    }

    /// <summary>The part of the name before '$' (".modules$A" -> ".modules").</summary>
    public string BaseName => Name.IndexOf('$') is int i and >= 0 ? Name[..i] : Name;

    /// <summary>The part of the name after '$', or "" ("$A" orders before "$I" before "$Z").</summary>
    public string GroupSuffix => Name.IndexOf('$') is int i and >= 0 ? Name[(i + 1)..] : "";

    public override string ToString() => Name;
}

/// <summary>
/// A parsed i386 COFF object file (PE/COFF specification, chapters 3-5), in the regular or
/// the "bigobj" layout that ILC switches to beyond 65279 sections. Parsing checks every
/// table against the file size and reports a malformed object as a <see cref="LinkerException"/>.
/// </summary>
public sealed class CoffObject
{
    private const int RegularHeaderSize = 20;
    private const int BigObjHeaderSize = 56;
    private const int SectionHeaderSize = 40;
    private const int RelocationSize = 10;

    private static ReadOnlySpan<byte> BigObjClassId =>
    [
        0xC7, 0xA1, 0xBA, 0xD1, 0xEE, 0xBA, 0xA9, 0x4B, 0xAF, 0x20, 0xFA, 0xF6, 0x6A, 0xA4, 0xDC, 0xB8,
    ];

    private CoffObject(string name, ushort machine, List<CoffSection> sections, CoffSymbol?[] symbols, string? entryHint)
    {
        Name = name;
        Machine = machine;
        Sections = sections;
        Symbols = symbols;
        EntryHint = entryHint;
    }

    /// <summary>The file name used in error messages and the map file.</summary>
    public string Name { get; }
    public ushort Machine { get; }

    /// <summary>Sections in file order; <c>Sections[n - 1]</c> has section number n.</summary>
    public IReadOnlyList<CoffSection> Sections { get; }

    /// <summary>Symbols indexed by symbol table index; the slots of auxiliary records are null.</summary>
    public IReadOnlyList<CoffSymbol?> Symbols { get; }

    /// <summary>The entry point named by a <c>/ENTRY:</c> directive in <c>.drectve</c>, if any.</summary>
    public string? EntryHint { get; }

    public CoffSection SectionByNumber(int number) => Sections[number - 1];

    /// <summary>An object made by the linker itself (e.g. the one holding the Multiboot header).</summary>
    internal static CoffObject Synthetic(string name, List<CoffSection> sections)
        => new(name, CoffMachine.I386, sections, Array.Empty<CoffSymbol?>(), null);

    public static CoffObject Parse(string name, ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(name, bytes);
        if (bytes.Length < RegularHeaderSize)
            throw reader.Malformed("file is shorter than a COFF header");

        bool bigObj = bytes.Length >= BigObjHeaderSize
            && BinaryPrimitives.ReadUInt16LittleEndian(bytes) == 0
            && BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]) == 0xFFFF
            && bytes.Slice(12, 16).SequenceEqual(BigObjClassId);

        ushort machine;
        int sectionCount, headerSize;
        uint symbolTableOffset, symbolCount;
        if (bigObj)
        {
            machine = reader.U16(6);
            sectionCount = checked((int)reader.U32(44));
            symbolTableOffset = reader.U32(48);
            symbolCount = reader.U32(52);
            headerSize = BigObjHeaderSize;
        }
        else
        {
            machine = reader.U16(0);
            sectionCount = reader.U16(2);
            symbolTableOffset = reader.U32(8);
            symbolCount = reader.U32(12);
            headerSize = RegularHeaderSize + reader.U16(16);
        }
        if (machine != CoffMachine.I386)
            throw new LinkerException($"{name}: not an i386 COFF object (machine 0x{machine:X4}, expected 0x014C)");

        int symbolSize = bigObj ? 20 : 18;
        long symbolTableEnd = symbolTableOffset + (long)symbolCount * symbolSize;
        if (symbolCount > 0 && symbolTableEnd + 4 > bytes.Length)
            throw reader.Malformed($"symbol table ({symbolCount} records at 0x{symbolTableOffset:X}) extends past the end of the file");
        ReadOnlySpan<byte> stringTable = ReadOnlySpan<byte>.Empty;
        if (symbolCount > 0)
        {
            uint stringTableSize = reader.U32(symbolTableEnd);
            if (stringTableSize < 4 || symbolTableEnd + stringTableSize > bytes.Length)
                throw reader.Malformed($"string table (size {stringTableSize}) extends past the end of the file");
            stringTable = bytes.Slice((int)symbolTableEnd, (int)stringTableSize);
        }

        var sections = new List<CoffSection>(sectionCount);
        for (int i = 0; i < sectionCount; i++)
            sections.Add(ReadSection(reader, headerSize + i * SectionHeaderSize, i + 1, stringTable));

        var symbols = new CoffSymbol?[symbolCount];
        for (int i = 0; i < symbolCount;)
        {
            long at = symbolTableOffset + (long)i * symbolSize;
            CoffSymbol symbol = ReadSymbol(reader, at, i, bigObj, stringTable, sections, (int)symbolCount);
            symbols[i] = symbol;
            if (symbol.StorageClass == CoffStorageClass.Static && symbol.AuxCount > 0 && symbol.Value == 0
                && symbol.SectionNumber > 0 && symbol.SectionNumber <= sections.Count)
            {
                ReadSectionDefinition(reader, at + symbolSize, bigObj, sections[symbol.SectionNumber - 1]);
            }
            i += 1 + symbol.AuxCount;
        }
        AssignComdatSymbols(sections, symbols);

        return new CoffObject(name, machine, sections, symbols, ReadEntryHint(sections));
    }

    private static CoffSection ReadSection(Reader reader, long at, int number, ReadOnlySpan<byte> stringTable)
    {
        if (at + SectionHeaderSize > reader.Length)
            throw reader.Malformed($"section table entry {number} extends past the end of the file");
        string name = ReadSectionName(reader, reader.Bytes.Slice((int)at, 8), stringTable, number);
        uint virtualSize = reader.U32(at + 8);
        uint virtualAddress = reader.U32(at + 12);
        uint rawSize = reader.U32(at + 16);
        uint rawPointer = reader.U32(at + 20);
        uint relocationPointer = reader.U32(at + 24);
        uint relocationCount = reader.U16(at + 32);
        var flags = (CoffSectionFlags)reader.U32(at + 36);

        bool uninitialized = (flags & CoffSectionFlags.ContainsUninitializedData) != 0
            && (flags & CoffSectionFlags.ContainsInitializedData) == 0;
        byte[] data;
        uint size;
        if (uninitialized || rawPointer == 0)
        {
            data = uninitialized ? Array.Empty<byte>() : new byte[rawSize];
            size = rawSize != 0 ? rawSize : virtualSize;
        }
        else
        {
            if ((long)rawPointer + rawSize > reader.Length)
                throw reader.Malformed($"data of section {name} (0x{rawSize:X} bytes at 0x{rawPointer:X}) extends past the end of the file");
            data = reader.Bytes.Slice((int)rawPointer, (int)rawSize).ToArray();
            size = rawSize;
        }

        var relocations = new List<CoffRelocation>();
        long relocationAt = relocationPointer;
        if ((flags & CoffSectionFlags.LinkRelocationsOverflow) != 0 && relocationCount == 0xFFFF)
        {
            // The first record's address field holds the real count, itself included.
            if (relocationAt + RelocationSize > reader.Length)
                throw reader.Malformed($"relocations of section {name} extend past the end of the file");
            relocationCount = reader.U32(relocationAt) - 1;
            relocationAt += RelocationSize;
        }
        if (relocationCount > 0 && relocationAt + (long)relocationCount * RelocationSize > reader.Length)
            throw reader.Malformed($"relocations of section {name} ({relocationCount} at 0x{relocationAt:X}) extend past the end of the file");
        for (int r = 0; r < relocationCount; r++)
        {
            long p = relocationAt + (long)r * RelocationSize;
            relocations.Add(new CoffRelocation(reader.U32(p) - virtualAddress, reader.U32(p + 4), reader.U16(p + 8)));
        }

        return new CoffSection
        {
            Number = number,
            Name = name,
            Characteristics = flags,
            VirtualAddress = virtualAddress,
            Data = data,
            Size = size,
            Relocations = relocations,
        };
    }

    private static string ReadSectionName(Reader reader, ReadOnlySpan<byte> field, ReadOnlySpan<byte> stringTable, int number)
    {
        string shortName = ReadFixedName(field);
        if (!shortName.StartsWith('/') || shortName.Length < 2)
            return shortName;
        long offset;
        if (shortName.StartsWith("//"))
        {
            // Undocumented base-64 form for string tables beyond 9999999 bytes (used by ILC and LLVM).
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            offset = 0;
            foreach (char c in shortName[2..])
            {
                int digit = alphabet.IndexOf(c);
                if (digit < 0)
                    throw reader.Malformed($"section {number} has a bad long name reference '{shortName}'");
                offset = offset * 64 + digit;
            }
        }
        else if (!long.TryParse(shortName.AsSpan(1), out offset))
        {
            throw reader.Malformed($"section {number} has a bad long name reference '{shortName}'");
        }
        return ReadString(reader, stringTable, offset, $"name of section {number}");
    }

    private static CoffSymbol ReadSymbol(Reader reader, long at, int index, bool bigObj, ReadOnlySpan<byte> stringTable,
        List<CoffSection> sections, int symbolCount)
    {
        ReadOnlySpan<byte> nameField = reader.Bytes.Slice((int)at, 8);
        string name = BinaryPrimitives.ReadUInt32LittleEndian(nameField) == 0
            ? ReadString(reader, stringTable, BinaryPrimitives.ReadUInt32LittleEndian(nameField[4..]), $"name of symbol {index}")
            : ReadFixedName(nameField);
        uint value = reader.U32(at + 8);
        int sectionNumber;
        long rest;
        if (bigObj)
        {
            sectionNumber = (int)reader.U32(at + 12);
            rest = at + 16;
        }
        else
        {
            sectionNumber = (short)reader.U16(at + 12);
            rest = at + 14;
        }
        ushort type = reader.U16(rest);
        var storageClass = (CoffStorageClass)reader.Bytes[(int)rest + 2];
        int auxCount = reader.Bytes[(int)rest + 3];
        if (index + 1 + auxCount > symbolCount)
            throw reader.Malformed($"auxiliary records of symbol {name} extend past the symbol table");
        if (sectionNumber > sections.Count)
            throw reader.Malformed($"symbol {name} refers to section {sectionNumber}, but there are {sections.Count}");

        uint weakDefault = 0;
        if (storageClass == CoffStorageClass.WeakExternal && auxCount > 0)
            weakDefault = reader.U32(at + (bigObj ? 20 : 18));

        return new CoffSymbol
        {
            Index = index,
            Name = name,
            Value = value,
            SectionNumber = sectionNumber,
            Type = type,
            StorageClass = storageClass,
            AuxCount = auxCount,
            WeakDefaultIndex = weakDefault,
        };
    }

    /// <summary>Auxiliary format 5 (section definition): the COMDAT selection and associated section.</summary>
    private static void ReadSectionDefinition(Reader reader, long aux, bool bigObj, CoffSection section)
    {
        if (!section.IsComdat)
            return;
        int associated = reader.U16(aux + 12);
        if (bigObj)
            associated |= reader.U16(aux + 16) << 16;
        section.ComdatSelection = (CoffComdatSelection)reader.Bytes[(int)aux + 14];
        section.AssociatedSection = associated;
    }

    private static void AssignComdatSymbols(List<CoffSection> sections, CoffSymbol?[] symbols)
    {
        // The COMDAT symbol is the first symbol after the section symbol that is defined in the section.
        var seenSectionSymbol = new bool[sections.Count + 1];
        foreach (CoffSymbol? symbol in symbols)
        {
            if (symbol is null || symbol.SectionNumber <= 0)
                continue;
            CoffSection section = sections[symbol.SectionNumber - 1];
            if (!section.IsComdat || section.ComdatSymbol is not null)
                continue;
            if (!seenSectionSymbol[section.Number])
            {
                seenSectionSymbol[section.Number] = true;
                continue;
            }
            section.ComdatSymbol = symbol.Name;
        }
    }

    private static string? ReadEntryHint(List<CoffSection> sections)
    {
        foreach (CoffSection section in sections)
        {
            if (section.Name != ".drectve")
                continue;
            string text = Encoding.ASCII.GetString(section.Data);
            foreach (string word in text.Split(' ', '\t', '\r', '\n', '\0'))
            {
                if (word.StartsWith("/ENTRY:", StringComparison.OrdinalIgnoreCase) || word.StartsWith("-entry:", StringComparison.OrdinalIgnoreCase))
                    return word[7..].Trim('"');
            }
        }
        return null;
    }

    private static string ReadFixedName(ReadOnlySpan<byte> field)
    {
        int length = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(length < 0 ? field : field[..length]);
    }

    private static string ReadString(Reader reader, ReadOnlySpan<byte> stringTable, long offset, string what)
    {
        if (offset < 4 || offset >= stringTable.Length)
            throw reader.Malformed($"{what} points outside the string table (offset {offset})");
        ReadOnlySpan<byte> rest = stringTable[(int)offset..];
        int length = rest.IndexOf((byte)0);
        if (length < 0)
            throw reader.Malformed($"{what} is not terminated in the string table");
        return Encoding.UTF8.GetString(rest[..length]);
    }

    private readonly ref struct Reader(string name, ReadOnlySpan<byte> bytes)
    {
        public ReadOnlySpan<byte> Bytes { get; } = bytes;

        public long Length => Bytes.Length;

        public ushort U16(long at) => at + 2 <= Bytes.Length
            ? BinaryPrimitives.ReadUInt16LittleEndian(Bytes[(int)at..])
            : throw Malformed($"truncated at 0x{at:X}");

        public uint U32(long at) => at + 4 <= Bytes.Length
            ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(int)at..])
            : throw Malformed($"truncated at 0x{at:X}");

        public LinkerException Malformed(string detail) => new($"{name}: malformed COFF object: {detail}");
    }
}
