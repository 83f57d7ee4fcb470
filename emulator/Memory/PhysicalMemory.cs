using System.Buffers.Binary;

namespace PcEmu.Memory;

/// <summary>
/// The physical address space: RAM from address 0, optional ROM images, and MMIO regions
/// claimed by devices. Unclaimed addresses read as all ones and ignore writes, as on a real
/// bus. Every write also checks the page's "holds decoded code" mark so that the CPU can
/// drop its decoded blocks when a guest (or a DMA transfer) writes over code.
/// <para>
/// An MMIO region may lie over RAM: there the device decodes the addresses and the RAM
/// underneath is unreachable, as the legacy VGA window 0xA0000-0xBFFFF belongs to the video
/// card on a PC (the "VGA hole"). The fast paths test one bounding range of such overlays
/// (<see cref="_overlayStart"/>, <see cref="_overlayLength"/>: empty when nothing overlays
/// RAM); <see cref="IsRam"/> is false anywhere in it, so DMA and the CPU's block copies never
/// reach RAM through a device's window.
/// </para>
/// </summary>
public sealed class PhysicalMemory
{
    public const int PageShift = 12;
    public const uint PageSize = 1u << PageShift;

    private readonly byte[] _ram;
    private readonly List<MmioRegion> _regions = new();
    private readonly List<RomRegion> _roms = new();
    private readonly bool[] _codePages;
    private uint _overlayStart;
    private uint _overlayLength;

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

    /// <summary>
    /// Maps <paramref name="device"/> at <paramref name="start"/>. Over RAM the device wins; any
    /// decoded code cached for the covered RAM pages is dropped, since those addresses now
    /// reach the device.
    /// </summary>
    public void MapMmio(uint start, uint length, IMmioDevice device, string name)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (length == 0 || (ulong)start + length > 0x1_0000_0000)
            throw new ArgumentOutOfRangeException(nameof(length), $"MMIO region {name} at 0x{start:X8}+0x{length:X} leaves the address space");
        foreach (MmioRegion r in _regions)
        {
            if ((ulong)start < (ulong)r.Start + r.Length && r.Start < (ulong)start + length)
                throw new InvalidOperationException($"MMIO region {name} at 0x{start:X8} overlaps {r.Name}");
        }
        _regions.Add(new MmioRegion(start, length, device, name));
        if (start < (uint)_ram.Length)
        {
            UpdateOverlay();
            uint end = (uint)Math.Min((ulong)start + length, (ulong)_ram.Length);
            for (uint page = start >> PageShift; page <= (end - 1) >> PageShift; page++)
                NotePageWrite(page);
        }
    }

    /// <summary>Removes the MMIO region that <paramref name="device"/> mapped at <paramref name="start"/> (a PCI BAR moved or disabled).</summary>
    public void UnmapMmio(uint start, IMmioDevice device)
    {
        _regions.RemoveAll(r => r.Start == start && ReferenceEquals(r.Device, device));
        UpdateOverlay();
    }

    /// <summary>Whether an MMIO region decodes <paramref name="address"/> (it may lie over RAM).</summary>
    public bool IsMmio(uint address) => FindRegion(address) is not null;

    /// <summary>Recomputes the bounding range of the MMIO regions that lie over RAM.</summary>
    private void UpdateOverlay()
    {
        ulong low = ulong.MaxValue, high = 0;
        foreach (MmioRegion r in _regions)
        {
            if (r.Start >= (uint)_ram.Length)
                continue;
            low = Math.Min(low, r.Start);
            high = Math.Max(high, Math.Min((ulong)r.Start + r.Length, (ulong)_ram.Length));
        }
        (_overlayStart, _overlayLength) = high == 0 ? (0u, 0u) : ((uint)low, (uint)(high - low));
    }

    /// <summary>Maps a read-only image (BIOS ROM) at <paramref name="start"/>.</summary>
    public void MapRom(uint start, byte[] image) => _roms.Add(new RomRegion(start, image));

    public void MarkCodePage(uint page)
    {
        if (page < (uint)_codePages.Length)
            _codePages[page] = true;
    }

    /// <summary>Whether all of [<paramref name="address"/>, +<paramref name="size"/>) is RAM that no MMIO region overlays.</summary>
    public bool IsRam(uint address, int size) =>
        address < (uint)_ram.Length && (ulong)address + (uint)size <= (ulong)_ram.Length
        && ((ulong)address + (uint)size <= _overlayStart || (ulong)address >= (ulong)_overlayStart + _overlayLength);

    /// <summary>One byte of RAM outside every overlay (unsigned wrap-around makes the overlay test one compare).</summary>
    private bool IsRamByte(uint address) => address < (uint)_ram.Length && address - _overlayStart >= _overlayLength;

    public byte Read8(uint address)
    {
        if (IsRamByte(address))
            return _ram[address];
        return (byte)ReadSlow(address, 1);
    }

    public ushort Read16(uint address)
    {
        if (IsRam(address, 2))
            return BinaryPrimitives.ReadUInt16LittleEndian(_ram.AsSpan((int)address));
        return (ushort)ReadSlow(address, 2);
    }

    public uint Read32(uint address)
    {
        if (IsRam(address, 4))
            return BinaryPrimitives.ReadUInt32LittleEndian(_ram.AsSpan((int)address));
        return ReadSlow(address, 4);
    }

    public ulong Read64(uint address) => Read32(address) | (ulong)Read32(address + 4) << 32;

    public void Write8(uint address, byte value)
    {
        if (IsRamByte(address))
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
        WriteSlow(address, 2, value);
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
        WriteSlow(address, 4, value);
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

    /// <summary>
    /// An access the fast path did not take: one MMIO access when a single region holds all of
    /// it, otherwise byte by byte (each byte to its device, RAM, ROM, or the floating bus).
    /// </summary>
    private uint ReadSlow(uint address, int size)
    {
        if (FindRegion(address) is { } region && (address - region.Start) + (uint)size <= region.Length)
            return region.Device.ReadMmio(address - region.Start, size);
        if (size == 1)
            return ReadByteSlow(address);
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= ReadByteSlow(address + (uint)i) << (8 * i);
        return value;
    }

    private uint ReadByteSlow(uint address)
    {
        if (FindRegion(address) is { } region)
            return (byte)region.Device.ReadMmio(address - region.Start, 1);
        if (address < (uint)_ram.Length)
            return _ram[address]; // inside the overlay's bounding range but under no region
        foreach (RomRegion rom in _roms)
        {
            if (address >= rom.Start && address - rom.Start < (uint)rom.Image.Length)
                return rom.Image[address - rom.Start];
        }
        return 0xFF;
    }

    private void WriteSlow(uint address, int size, uint value)
    {
        if (FindRegion(address) is { } region && (address - region.Start) + (uint)size <= region.Length)
        {
            region.Device.WriteMmio(address - region.Start, size, value);
            return;
        }
        for (int i = 0; i < size; i++)
        {
            uint at = address + (uint)i;
            byte b = (byte)(value >> (8 * i));
            if (FindRegion(at) is { } byteRegion)
            {
                byteRegion.Device.WriteMmio(at - byteRegion.Start, 1, b);
            }
            else if (at < (uint)_ram.Length)
            {
                _ram[at] = b;
                NoteWrite(at);
            }
        }
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
