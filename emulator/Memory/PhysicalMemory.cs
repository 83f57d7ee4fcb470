using System.Buffers.Binary;

namespace PcEmu.Memory;

/// <summary>
/// The physical address space: RAM from address 0, optional ROM images, and MMIO regions
/// claimed by devices. Unclaimed addresses read as all ones and ignore writes, as on a real
/// bus. Every write also checks the page's "holds decoded code" mark so that the CPU can
/// drop its decoded blocks when a guest (or a DMA transfer) writes over code.
/// </summary>
public sealed class PhysicalMemory
{
    public const int PageShift = 12;
    public const uint PageSize = 1u << PageShift;

    private readonly byte[] _ram;
    private readonly List<MmioRegion> _regions = new();
    private readonly List<RomRegion> _roms = new();
    private readonly bool[] _codePages;

    public PhysicalMemory(uint ramBytes)
    {
        if (ramBytes < 1024 * 1024 || ramBytes % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(ramBytes), "RAM must be at least 1 MiB and a whole number of pages");
        _ram = GC.AllocateArray<byte>((int)ramBytes, pinned: true);
        _codePages = new bool[ramBytes >> PageShift];
    }

    public uint RamSize => (uint)_ram.Length;

    /// <summary>Direct view of RAM for loaders, DMA and the CPU's fast path.</summary>
    public Span<byte> Ram => _ram;

    /// <summary>Raised with the page number when something writes to a page marked as code.</summary>
    public event Action<uint>? CodePageWritten;

    public void MapMmio(uint start, uint length, IMmioDevice device, string name)
    {
        foreach (MmioRegion r in _regions)
        {
            if (start < r.Start + r.Length && r.Start < start + length)
                throw new InvalidOperationException($"MMIO region {name} at 0x{start:X8} overlaps {r.Name}");
        }
        _regions.Add(new MmioRegion(start, length, device, name));
    }

    /// <summary>Removes the MMIO region that <paramref name="device"/> mapped at <paramref name="start"/> (a PCI BAR moved or disabled).</summary>
    public void UnmapMmio(uint start, IMmioDevice device)
        => _regions.RemoveAll(r => r.Start == start && ReferenceEquals(r.Device, device));

    /// <summary>Maps a read-only image (BIOS ROM) at <paramref name="start"/>.</summary>
    public void MapRom(uint start, byte[] image) => _roms.Add(new RomRegion(start, image));

    public void MarkCodePage(uint page)
    {
        if (page < (uint)_codePages.Length)
            _codePages[page] = true;
    }

    public bool IsRam(uint address, int size) => address < (uint)_ram.Length && (ulong)address + (uint)size <= (ulong)_ram.Length;

    public byte Read8(uint address)
    {
        if (address < (uint)_ram.Length)
            return _ram[address];
        return (byte)ReadSlow(address, 1);
    }

    public ushort Read16(uint address)
    {
        if (IsRam(address, 2))
            return BinaryPrimitives.ReadUInt16LittleEndian(_ram.AsSpan((int)address));
        return (ushort)(ReadSlow(address, 1) | ReadSlow(address + 1, 1) << 8);
    }

    public uint Read32(uint address)
    {
        if (IsRam(address, 4))
            return BinaryPrimitives.ReadUInt32LittleEndian(_ram.AsSpan((int)address));
        if ((address & 3) == 0 && FindRegion(address) is { } region)
            return region.Device.ReadMmio(address - region.Start, 4);
        return Read16(address) | (uint)Read16(address + 2) << 16;
    }

    public ulong Read64(uint address) => Read32(address) | (ulong)Read32(address + 4) << 32;

    public void Write8(uint address, byte value)
    {
        if (address < (uint)_ram.Length)
        {
            _ram[address] = value;
            NoteWrite(address);
            return;
        }
        WriteSlow(address, 1, value);
    }

    public void Write16(uint address, ushort value)
    {
        if (IsRam(address, 2))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_ram.AsSpan((int)address), value);
            NoteWrite(address);
            NoteWrite(address + 1);
            return;
        }
        Write8(address, (byte)value);
        Write8(address + 1, (byte)(value >> 8));
    }

    public void Write32(uint address, uint value)
    {
        if (IsRam(address, 4))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_ram.AsSpan((int)address), value);
            NoteWrite(address);
            NoteWrite(address + 3);
            return;
        }
        if ((address & 3) == 0 && FindRegion(address) is { } region)
        {
            region.Device.WriteMmio(address - region.Start, 4, value);
            return;
        }
        Write16(address, (ushort)value);
        Write16(address + 2, (ushort)(value >> 16));
    }

    public void Write64(uint address, ulong value)
    {
        Write32(address, (uint)value);
        Write32(address + 4, (uint)(value >> 32));
    }

    /// <summary>Copies guest-physical memory out (DMA reads). Non-RAM bytes come from the slow path.</summary>
    public void ReadBlock(uint address, Span<byte> destination)
    {
        if (IsRam(address, destination.Length))
        {
            _ram.AsSpan((int)address, destination.Length).CopyTo(destination);
            return;
        }
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Read8(address + (uint)i);
    }

    /// <summary>Copies into guest-physical memory (loaders, DMA writes), honouring code-page marks.</summary>
    public void WriteBlock(uint address, ReadOnlySpan<byte> source)
    {
        if (IsRam(address, source.Length))
        {
            source.CopyTo(_ram.AsSpan((int)address));
            for (uint page = address >> PageShift; source.Length > 0 && page <= (address + (uint)source.Length - 1) >> PageShift; page++)
                NotePageWrite(page);
            return;
        }
        for (int i = 0; i < source.Length; i++)
            Write8(address + (uint)i, source[i]);
    }

    private void NoteWrite(uint address) => NotePageWrite(address >> PageShift);

    private void NotePageWrite(uint page)
    {
        if (page < (uint)_codePages.Length && _codePages[page])
        {
            _codePages[page] = false;
            CodePageWritten?.Invoke(page);
        }
    }

    private uint ReadSlow(uint address, int size)
    {
        if (FindRegion(address) is { } region)
            return region.Device.ReadMmio(address - region.Start, size);
        foreach (RomRegion rom in _roms)
        {
            if (address >= rom.Start && address - rom.Start < (uint)rom.Image.Length)
                return rom.Image[address - rom.Start];
        }
        return size == 1 ? 0xFFu : 0xFFFF_FFFFu;
    }

    private void WriteSlow(uint address, int size, uint value)
    {
        if (FindRegion(address) is { } region)
            region.Device.WriteMmio(address - region.Start, size, value);
    }

    private MmioRegion? FindRegion(uint address)
    {
        foreach (MmioRegion r in _regions)
        {
            if (address - r.Start < r.Length)
                return r;
        }
        return null;
    }

    private sealed record MmioRegion(uint Start, uint Length, IMmioDevice Device, string Name);

    private sealed record RomRegion(uint Start, byte[] Image);
}
