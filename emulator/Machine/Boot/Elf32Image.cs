using System.Buffers.Binary;

namespace PcEmu.Machine.Boot;

/// <summary>
/// The parts of an ELF32 executable a boot loader needs (System V ABI, "Object Files", and
/// the Intel386 supplement): the header checks, the entry point and the PT_LOAD program
/// headers. Every offset and size is checked against the file before use.
/// </summary>
internal sealed class Elf32Image
{
    public const int HeaderSize = 52;
    public const int ProgramHeaderSize = 32;

    private const byte ElfClass32 = 1;
    private const byte ElfDataLittleEndian = 1;
    private const ushort TypeExecutable = 2;
    private const ushort MachineI386 = 3;
    private const uint SegmentLoad = 1;

    private Elf32Image(uint entry, IReadOnlyList<Elf32Segment> segments)
    {
        Entry = entry;
        LoadSegments = segments;
    }

    public uint Entry { get; }

    /// <summary>The PT_LOAD segments with a non-zero memory size, in file order.</summary>
    public IReadOnlyList<Elf32Segment> LoadSegments { get; }

    public static bool HasElfMagic(ReadOnlySpan<byte> image) =>
        image.Length >= 4 && image[0] == 0x7F && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';

    public static Elf32Image Parse(ReadOnlySpan<byte> image, string imageName)
    {
        if (!HasElfMagic(image))
            throw new BootImageException($"{imageName}: not an ELF file, and its multiboot header has no a.out kludge (flags bit 16)");
        if (image.Length < HeaderSize)
            throw new BootImageException($"{imageName}: truncated: {image.Length} bytes is shorter than an ELF32 header");
        if (image[4] != ElfClass32)
            throw new BootImageException($"{imageName}: not a 32-bit ELF file (EI_CLASS {image[4]}); multiboot v1 loads ELF32 i386 kernels");
        if (image[5] != ElfDataLittleEndian)
            throw new BootImageException($"{imageName}: not a little-endian ELF file (EI_DATA {image[5]})");

        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(image[16..]);
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(image[18..]);
        uint entry = BinaryPrimitives.ReadUInt32LittleEndian(image[24..]);
        uint phoff = BinaryPrimitives.ReadUInt32LittleEndian(image[28..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(image[42..]);
        ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(image[44..]);

        if (machine != MachineI386)
            throw new BootImageException($"{imageName}: ELF machine {machine} is not i386 (EM_386 = 3)");
        if (type != TypeExecutable)
            throw new BootImageException($"{imageName}: ELF type {type} is not an executable (ET_EXEC = 2)");
        if (phnum == 0)
            throw new BootImageException($"{imageName}: ELF file has no program headers");
        if (phentsize < ProgramHeaderSize)
            throw new BootImageException($"{imageName}: ELF program header size {phentsize} is smaller than {ProgramHeaderSize}");
        ulong tableEnd = phoff + (ulong)phnum * phentsize;
        if (tableEnd > (ulong)image.Length)
            throw new BootImageException($"{imageName}: truncated: the program header table ends at 0x{tableEnd:X}, past the end of the {image.Length}-byte file");

        List<Elf32Segment> segments = new();
        for (int i = 0; i < phnum; i++)
        {
            ReadOnlySpan<byte> ph = image.Slice((int)(phoff + (uint)(i * phentsize)), ProgramHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != SegmentLoad)
                continue;
            Elf32Segment segment = new(
                Index: i,
                FileOffset: BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]),
                VirtualAddress: BinaryPrimitives.ReadUInt32LittleEndian(ph[8..]),
                PhysicalAddress: BinaryPrimitives.ReadUInt32LittleEndian(ph[12..]),
                FileSize: BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]),
                MemorySize: BinaryPrimitives.ReadUInt32LittleEndian(ph[20..]));
            if (segment.MemorySize == 0)
                continue;
            if (segment.FileSize > segment.MemorySize)
                throw new BootImageException($"{imageName}: segment {i} has p_filesz 0x{segment.FileSize:X} larger than p_memsz 0x{segment.MemorySize:X}");
            ulong dataEnd = (ulong)segment.FileOffset + segment.FileSize;
            if (dataEnd > (ulong)image.Length)
                throw new BootImageException($"{imageName}: truncated: segment {i}'s data ends at 0x{dataEnd:X}, past the end of the {image.Length}-byte file");
            segments.Add(segment);
        }
        if (segments.Count == 0)
            throw new BootImageException($"{imageName}: ELF file has no loadable (PT_LOAD) segments");
        return new Elf32Image(entry, segments);
    }

    /// <summary>
    /// The physical entry address: e_entry, translated through the segment whose virtual range
    /// holds it when virtual and physical addresses differ (a higher-half kernel), as QEMU does.
    /// </summary>
    public uint PhysicalEntry()
    {
        foreach (Elf32Segment s in LoadSegments)
        {
            if (Entry - s.VirtualAddress < s.MemorySize)
                return s.PhysicalAddress + (Entry - s.VirtualAddress);
        }
        return Entry;
    }
}

/// <summary>One PT_LOAD program header.</summary>
internal readonly record struct Elf32Segment(
    int Index,
    uint FileOffset,
    uint VirtualAddress,
    uint PhysicalAddress,
    uint FileSize,
    uint MemorySize);
