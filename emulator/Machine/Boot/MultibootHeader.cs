using System.Buffers.Binary;

namespace PcEmu.Machine.Boot;

/// <summary>
/// The Multiboot v1 header (Multiboot Specification 0.6.96, section 3.1): magic, flags and
/// checksum, then the a.out kludge address fields when flags bit 16 is set.
/// </summary>
internal sealed record MultibootHeader(
    int FileOffset,
    MultibootHeaderFlags Flags,
    uint HeaderAddress,
    uint LoadAddress,
    uint LoadEndAddress,
    uint BssEndAddress,
    uint EntryAddress)
{
    public const uint Magic = 0x1BADB002;

    /// <summary>The header must lie wholly within the image's first 8192 bytes (section 3.1.1).</summary>
    public const int SearchLimit = 8192;

    private const int BaseSize = 12;
    private const int KludgeSize = 32;

    public bool HasAoutKludge => (Flags & MultibootHeaderFlags.AoutKludge) != 0;

    /// <summary>Finds the first 4-aligned header whose checksum is right; throws a clear error otherwise.</summary>
    public static MultibootHeader Find(ReadOnlySpan<byte> image, string imageName)
    {
        int limit = Math.Min(image.Length, SearchLimit);
        int badChecksumAt = -1;
        for (int offset = 0; offset + BaseSize <= limit; offset += 4)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(image[offset..]) != Magic)
                continue;
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(image[(offset + 4)..]);
            uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(image[(offset + 8)..]);
            if (unchecked(Magic + flags + checksum) != 0)
            {
                if (badChecksumAt < 0)
                    badChecksumAt = offset;
                continue;
            }
            return Parse(image, offset, (MultibootHeaderFlags)flags, imageName);
        }
        if (badChecksumAt >= 0)
            throw new BootImageException($"{imageName}: multiboot header at offset 0x{badChecksumAt:X} has a bad checksum (magic + flags + checksum must be 0)");
        throw new BootImageException($"{imageName}: no multiboot header (magic 0x1BADB002, 4-byte aligned) in the first {SearchLimit} bytes");
    }

    private static MultibootHeader Parse(ReadOnlySpan<byte> image, int offset, MultibootHeaderFlags flags, string imageName)
    {
        MultibootHeaderFlags unsupported = flags & MultibootHeaderFlags.RequiredMask & ~MultibootHeaderFlags.Understood;
        if (unsupported != 0)
            throw new BootImageException($"{imageName}: multiboot header requires features this loader does not have (flags 0x{(uint)unsupported:X})");
        if ((flags & MultibootHeaderFlags.AoutKludge) == 0)
            return new MultibootHeader(offset, flags, 0, 0, 0, 0, 0);
        if (offset + KludgeSize > image.Length)
            throw new BootImageException($"{imageName}: truncated: the multiboot header's address fields run past the end of the file");
        ReadOnlySpan<byte> fields = image.Slice(offset + 12, KludgeSize - 12);
        return new MultibootHeader(
            offset,
            flags,
            HeaderAddress: BinaryPrimitives.ReadUInt32LittleEndian(fields),
            LoadAddress: BinaryPrimitives.ReadUInt32LittleEndian(fields[4..]),
            LoadEndAddress: BinaryPrimitives.ReadUInt32LittleEndian(fields[8..]),
            BssEndAddress: BinaryPrimitives.ReadUInt32LittleEndian(fields[12..]),
            EntryAddress: BinaryPrimitives.ReadUInt32LittleEndian(fields[16..]));
    }
}

/// <summary>Multiboot header flags (section 3.1.2). Bits 0-15 are requirements, 16-31 optional.</summary>
[Flags]
internal enum MultibootHeaderFlags : uint
{
    None = 0,
    /// <summary>Modules must be page aligned (we always align them).</summary>
    PageAlignModules = 1 << 0,
    /// <summary>mem_* fields must be provided (we always provide them and a memory map).</summary>
    MemoryInfo = 1 << 1,
    /// <summary>Video mode table wanted. Accepted but not honoured (no video yet), as QEMU does.</summary>
    VideoMode = 1 << 2,
    /// <summary>The a.out kludge: the address fields of the header say where to load.</summary>
    AoutKludge = 1 << 16,
    RequiredMask = 0xFFFF,
    Understood = PageAlignModules | MemoryInfo | VideoMode,
}
