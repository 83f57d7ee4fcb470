namespace PcEmu.Machine.Boot;

/// <summary>
/// Offsets and flags of the Multiboot v1 information structure (Multiboot Specification
/// 0.6.96, section 3.3) and of its memory map and module entries.
/// </summary>
public static class MultibootInfo
{
    /// <summary>The value EAX holds when the loader enters the kernel.</summary>
    public const uint BootloaderMagic = 0x2BADB002;

    // multiboot_info field offsets (section 3.3, "Boot information format").
    public const int FlagsOffset = 0;
    public const int MemLowerOffset = 4;
    public const int MemUpperOffset = 8;
    public const int BootDeviceOffset = 12;
    public const int CmdlineOffset = 16;
    public const int ModsCountOffset = 20;
    public const int ModsAddrOffset = 24;
    public const int MmapLengthOffset = 44;
    public const int MmapAddrOffset = 48;
    public const int BootLoaderNameOffset = 64;

    /// <summary>Size of the 0.6.96 structure, up to and including the VBE fields.</summary>
    public const int StructureSize = 88;

    /// <summary>One module entry: mod_start, mod_end (exclusive), string, reserved.</summary>
    public const int ModuleEntrySize = 16;

    /// <summary>One memory map entry: size (= 20, not counting itself), base_addr, length, type.</summary>
    public const int MmapEntrySize = 24;

    public const uint MmapTypeAvailable = 1;
    public const uint MmapTypeReserved = 2;

    public const string BootLoaderName = "pcemu";
}

/// <summary>Which multiboot_info fields are valid (section 3.3).</summary>
[Flags]
public enum MultibootInfoFlags : uint
{
    None = 0,
    Memory = 1 << 0,
    BootDevice = 1 << 1,
    CommandLine = 1 << 2,
    Modules = 1 << 3,
    MemoryMap = 1 << 6,
    BootLoaderName = 1 << 9,
}
