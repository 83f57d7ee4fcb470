using System.Buffers.Binary;

namespace PcEmu.Machine.Tests.Support;

/// <summary>
/// Builds small ELF32 executables for loader tests: a header, one program header per segment,
/// then each segment's bytes (16-byte aligned). Every header field can be spoiled on purpose.
/// </summary>
internal sealed class Elf32Builder
{
    private readonly List<Segment> _segments = new();

    public uint Entry { get; set; }

    public byte Class { get; set; } = 1;

    public ushort Machine { get; set; } = 3;

    public ushort Type { get; set; } = 2;

    /// <summary>Adds a PT_LOAD segment at <paramref name="physical"/>; memory size defaults to the data size.</summary>
    public Elf32Builder AddSegment(uint physical, byte[] data, uint? memorySize = null, uint? virtualAddress = null)
    {
        _segments.Add(new Segment(physical, virtualAddress ?? physical, data, memorySize ?? (uint)data.Length));
        return this;
    }

    public byte[] Build()
    {
        const int headerSize = 52, phSize = 32;
        int offset = headerSize + phSize * _segments.Count;
        List<int> offsets = new();
        foreach (Segment s in _segments)
        {
            offset = (offset + 15) & ~15;
            offsets.Add(offset);
            offset += s.Data.Length;
        }
        byte[] file = new byte[offset];
        Span<byte> h = file;
        h[0] = 0x7F;
        h[1] = (byte)'E';
        h[2] = (byte)'L';
        h[3] = (byte)'F';
        h[4] = Class;
        h[5] = 1; // little-endian
        h[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], Entry);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[40..], headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[42..], phSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[44..], (ushort)_segments.Count);
        for (int i = 0; i < _segments.Count; i++)
        {
            Segment s = _segments[i];
            Span<byte> ph = h.Slice(headerSize + i * phSize, phSize);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], (uint)offsets[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], s.Virtual);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], s.Physical);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], (uint)s.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], s.MemorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[24..], 7); // RWX
            BinaryPrimitives.WriteUInt32LittleEndian(ph[28..], 16);
            s.Data.CopyTo(file, offsets[i]);
        }
        return file;
    }

    /// <summary>A multiboot header (magic, flags, checksum), optionally with a wrong checksum.</summary>
    public static byte[] MultibootHeader(uint flags = 0x3, bool corruptChecksum = false)
    {
        byte[] header = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x1BADB002);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), flags);
        uint checksum = unchecked(0u - 0x1BADB002u - flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), corruptChecksum ? checksum + 1 : checksum);
        return header;
    }

    /// <summary>A multiboot header with the a.out kludge address fields (flags bit 16).</summary>
    public static byte[] MultibootAoutHeader(uint headerAddr, uint loadAddr, uint loadEndAddr, uint bssEndAddr, uint entryAddr)
    {
        const uint flags = 0x10003;
        byte[] header = new byte[32];
        MultibootHeader(flags).CopyTo(header, 0);
        uint[] fields = { headerAddr, loadAddr, loadEndAddr, bssEndAddr, entryAddr };
        for (int i = 0; i < fields.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12 + 4 * i), fields[i]);
        return header;
    }

    private sealed record Segment(uint Physical, uint Virtual, byte[] Data, uint MemorySize);
}
