using System.Buffers.Binary;

namespace GuestOs.Build.Linker;

/// <summary>
/// The Multiboot v1 header (Multiboot Specification 0.6.96, section 3.1.1): magic, flags,
/// checksum, 4-byte aligned within the first 8192 bytes of the file. Flags: bit 0 (align boot
/// modules on pages) and bit 1 (provide the memory map). Bit 16 stays clear, so loaders take
/// the load addresses from the ELF program headers.
/// </summary>
public static class Multiboot
{
    public const uint Magic = 0x1BADB002;
    public const uint FlagPageAlignModules = 1u << 0;
    public const uint FlagMemoryInfo = 1u << 1;
    public const uint Flags = FlagPageAlignModules | FlagMemoryInfo;

    /// <summary>The header must lie entirely within this many bytes from the start of the file.</summary>
    public const int SearchLimit = 8192;

    /// <summary>Size of the header without the address fields (bit 16 clear).</summary>
    public const int HeaderSize = 12;

    public static byte[] BuildHeader()
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), unchecked(0u - (Magic + Flags)));
        return header;
    }
}
