namespace GuestOs.Build.Linker.Coff;

/// <summary>COFF machine types (PE/COFF specification, "Machine Types").</summary>
public static class CoffMachine
{
    public const ushort Unknown = 0x0000;
    public const ushort I386 = 0x014C;
}

/// <summary>Section characteristics (PE/COFF specification, "Section Flags").</summary>
[Flags]
public enum CoffSectionFlags : uint
{
    None = 0,
    ContainsCode = 0x0000_0020,
    ContainsInitializedData = 0x0000_0040,
    ContainsUninitializedData = 0x0000_0080,
    LinkInfo = 0x0000_0200,
    LinkRemove = 0x0000_0800,
    LinkComdat = 0x0000_1000,
    Align1Bytes = 0x0010_0000,
    Align16Bytes = 0x0050_0000,
    AlignMask = 0x00F0_0000,
    LinkRelocationsOverflow = 0x0100_0000,
    MemDiscardable = 0x0200_0000,
    MemExecute = 0x2000_0000,
    MemRead = 0x4000_0000,
    MemWrite = 0x8000_0000,

    /// <summary>The usual flags of a code section: code, execute, read.</summary>
    Code = ContainsCode | MemExecute | MemRead,

    /// <summary>The usual flags of a read-only data section.</summary>
    ReadOnlyData = ContainsInitializedData | MemRead,

    /// <summary>The usual flags of a writable data section.</summary>
    Data = ContainsInitializedData | MemRead | MemWrite,

    /// <summary>The usual flags of a zero-initialised (bss) section.</summary>
    Bss = ContainsUninitializedData | MemRead | MemWrite,
}

/// <summary>i386 relocation types (PE/COFF specification, "Intel 386 Processors").</summary>
public enum CoffRelocationType : ushort
{
    /// <summary>Ignored.</summary>
    Absolute = 0x0000,

    /// <summary>S + A, the 32-bit absolute address of the target.</summary>
    Dir32 = 0x0006,

    /// <summary>S + A - ImageBase, the target's 32-bit image-relative address.</summary>
    Dir32NB = 0x0007,

    /// <summary>16-bit index of the section that holds the target.</summary>
    Section = 0x000A,

    /// <summary>S + A - (start of the target's output section).</summary>
    SecRel = 0x000B,

    /// <summary>S + A - (P + 4), relative to the end of the 4-byte field.</summary>
    Rel32 = 0x0014,
}

/// <summary>Symbol storage classes used by the linker (PE/COFF specification, "Storage Class").</summary>
public enum CoffStorageClass : byte
{
    Null = 0,
    External = 2,
    Static = 3,
    Label = 6,
    Function = 101,
    File = 103,
    Section = 104,
    WeakExternal = 105,
}

/// <summary>COMDAT selection values (PE/COFF specification, "COMDAT Sections").</summary>
public enum CoffComdatSelection : byte
{
    None = 0,
    NoDuplicates = 1,
    Any = 2,
    SameSize = 3,
    ExactMatch = 4,
    Associative = 5,
    Largest = 6,
}

/// <summary>Special section numbers of a symbol record.</summary>
public static class CoffSectionNumber
{
    public const int Undefined = 0;
    public const int Absolute = -1;
    public const int Debug = -2;
}
