using System.Buffers.Binary;

namespace PcEmu.Devices.Pci;

/// <summary>
/// A function's 256-byte configuration space with the rules that make it a PCI header: a
/// write mask per byte (bits the guest may change), write-one-to-clear status bits, six
/// base address registers from <see cref="PciBarDefinition"/>s, and the decode state that
/// follows from them and the command register. The device fills its identity and defaults
/// through the Set methods (which ignore the masks); the guest goes through
/// <see cref="Read"/> and <see cref="Write"/> (via <see cref="PciBus"/>).
/// <para>
/// After every guest write touching the command register or a BAR, each BAR's decoded
/// address is recomputed and <see cref="BarRemapped"/> is raised for each one that changed,
/// so the device (un)maps its ports or MMIO. A BAR is decoded when its space is enabled in
/// the command register and its address is non-zero, does not wrap and (for I/O) lies in
/// the 64 KiB port space; an address ending at 0xFFFFFFFF (the sizing pattern) is never
/// decoded (QEMU's rule).
/// </para>
/// <para>Known gaps: 64-bit memory BARs, the expansion ROM BAR (reads 0), capability lists are up to the device.</para>
/// </summary>
public sealed class PciConfigSpace
{
    public const int Size = 256;
    public const int BarCount = 6;

    private readonly byte[] _bytes = new byte[Size];
    private readonly byte[] _writeMask = new byte[Size];
    private readonly byte[] _clearMask = new byte[Size];
    private readonly PciBarDefinition?[] _bars = new PciBarDefinition?[BarCount];
    private readonly uint?[] _decoded = new uint?[BarCount];

    /// <param name="classCode">Base class, sub-class and programming interface as 0xCCSSPP.</param>
    public PciConfigSpace(ushort vendorId, ushort deviceId, uint classCode, byte revision = 0, PciHeaderType headerType = PciHeaderType.Device)
    {
        SetWord((int)PciConfigRegister.VendorId, vendorId);
        SetWord((int)PciConfigRegister.DeviceId, deviceId);
        SetByte((int)PciConfigRegister.RevisionId, revision);
        SetByte((int)PciConfigRegister.ClassCode, (byte)classCode);
        SetWord((int)PciConfigRegister.ClassCode + 1, (ushort)(classCode >> 8));
        SetByte((int)PciConfigRegister.HeaderType, (byte)headerType);

        // The standard writable fields of every type 0 header.
        SetWriteMask((int)PciConfigRegister.Command, 2, (uint)(PciCommand.BusMaster | PciCommand.ParityErrorResponse | PciCommand.SerrEnable | PciCommand.InterruptDisable));
        SetClearMask((int)PciConfigRegister.Status, 2, (uint)PciStatus.ErrorBits);
        SetWriteMask((int)PciConfigRegister.CacheLineSize, 1, 0xFF);
        SetWriteMask((int)PciConfigRegister.LatencyTimer, 1, 0xFF);
        SetWriteMask((int)PciConfigRegister.InterruptLine, 1, 0xFF);
        SetByte((int)PciConfigRegister.InterruptLine, 0xFF); // "unknown / not connected" until firmware routes it
    }

    /// <summary>Raised when a BAR starts, stops or moves decoding.</summary>
    public event Action<PciBarMapping>? BarRemapped;

    public ushort VendorId => GetWord((int)PciConfigRegister.VendorId);

    public ushort DeviceId => GetWord((int)PciConfigRegister.DeviceId);

    public uint ClassCode => GetDword((int)PciConfigRegister.RevisionId) >> 8;

    public bool IsMultiFunction => (GetByte((int)PciConfigRegister.HeaderType) & (byte)PciHeaderType.MultiFunction) != 0;

    public PciCommand Command => (PciCommand)GetWord((int)PciConfigRegister.Command);

    /// <summary>0 = no interrupt, 1-4 = INTA#-INTD#. Set by the device; read-only to the guest.</summary>
    public byte InterruptPin
    {
        get => GetByte((int)PciConfigRegister.InterruptPin);
        set => SetByte((int)PciConfigRegister.InterruptPin, value <= 4 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>The IRQ firmware wrote to 0x3C (0xFF = not connected).</summary>
    public byte InterruptLine => GetByte((int)PciConfigRegister.InterruptLine);

    /// <summary>
    /// Declares BAR <paramref name="index"/>. The command register bit for its space
    /// becomes writable. Declare BARs before the guest runs.
    /// </summary>
    public void DefineBar(int index, PciBarDefinition bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BarCount);
        _bars[index] = bar;
        int offset = BarOffset(index);
        SetDword(offset, bar.TypeBits);
        SetWriteMask(offset, 4, bar.WritableMask);
        PciCommand decode = bar.Kind == PciBarKind.Io ? PciCommand.IoSpace : PciCommand.MemorySpace;
        SetWriteMask((int)PciConfigRegister.Command, 2, GetWriteMask((int)PciConfigRegister.Command, 2) | (uint)decode);
    }

    public PciBarDefinition? GetBar(int index) => (uint)index < BarCount ? _bars[index] : null;

    /// <summary>Where BAR <paramref name="index"/> is decoded now, or null.</summary>
    public uint? DecodedAddress(int index) => (uint)index < BarCount ? _decoded[index] : null;

    /// <summary>A guest read of <paramref name="size"/> bytes (1, 2 or 4) at <paramref name="offset"/>, little-endian.</summary>
    public uint Read(int offset, int size)
    {
        uint value = 0;
        for (int i = 0; i < size && offset + i < Size; i++)
            value |= (uint)_bytes[offset + i] << (8 * i);
        return value;
    }

    /// <summary>A guest write: each byte is merged through its write mask; status error bits clear on 1.</summary>
    public void Write(int offset, int size, uint value)
    {
        bool touchesDecode = false;
        for (int i = 0; i < size && offset + i < Size; i++)
        {
            int at = offset + i;
            byte b = (byte)(value >> (8 * i));
            _bytes[at] = (byte)((_bytes[at] & ~_writeMask[at]) | (b & _writeMask[at]));
            _bytes[at] &= (byte)~(b & _clearMask[at]);
            touchesDecode |= at is (int)PciConfigRegister.Command or (int)PciConfigRegister.Command + 1
                || (at >= (int)PciConfigRegister.Bar0 && at < (int)PciConfigRegister.Bar0 + 4 * BarCount);
        }
        if (touchesDecode)
            UpdateDecode();
    }

    public byte GetByte(int offset) => _bytes[offset];

    public ushort GetWord(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));

    public uint GetDword(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(offset));

    /// <summary>Device-side store that ignores the write masks (identity, defaults, status bits).</summary>
    public void SetByte(int offset, byte value) => _bytes[offset] = value;

    public void SetWord(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), value);

    public void SetDword(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(offset), value);

    /// <summary>Sets or clears bits of the status register (device side), e.g. <see cref="PciStatus.InterruptStatus"/>.</summary>
    public void SetStatus(PciStatus bits, bool on)
    {
        ushort status = GetWord((int)PciConfigRegister.Status);
        SetWord((int)PciConfigRegister.Status, on ? (ushort)(status | (ushort)bits) : (ushort)(status & ~(ushort)bits));
    }

    /// <summary>Which bits of the <paramref name="length"/> bytes at <paramref name="offset"/> the guest may write.</summary>
    public void SetWriteMask(int offset, int length, uint mask)
    {
        for (int i = 0; i < length; i++)
            _writeMask[offset + i] = (byte)(mask >> (8 * i));
    }

    public uint GetWriteMask(int offset, int length)
    {
        uint mask = 0;
        for (int i = 0; i < length; i++)
            mask |= (uint)_writeMask[offset + i] << (8 * i);
        return mask;
    }

    /// <summary>Which bits are write-one-to-clear.</summary>
    public void SetClearMask(int offset, int length, uint mask)
    {
        for (int i = 0; i < length; i++)
            _clearMask[offset + i] = (byte)(mask >> (8 * i));
    }

    /// <summary>The raw bytes, for snapshots.</summary>
    public byte[] SaveBytes() => (byte[])_bytes.Clone();

    /// <summary>Restores the bytes of a snapshot and re-announces the BARs that are decoded.</summary>
    public void LoadBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new InvalidDataException("a PCI configuration space is 256 bytes");
        bytes.CopyTo(_bytes);
        UpdateDecode();
    }

    private static int BarOffset(int index) => (int)PciConfigRegister.Bar0 + 4 * index;

    private void UpdateDecode()
    {
        PciCommand command = Command;
        for (int i = 0; i < BarCount; i++)
        {
            if (_bars[i] is not { } bar)
                continue;
            uint? address = DecodeBar(bar, GetDword(BarOffset(i)), command);
            if (address == _decoded[i])
                continue;
            uint? old = _decoded[i];
            _decoded[i] = address;
            BarRemapped?.Invoke(new PciBarMapping(i, bar, old, address));
        }
    }

    private static uint? DecodeBar(PciBarDefinition bar, uint raw, PciCommand command)
    {
        bool io = bar.Kind == PciBarKind.Io;
        if ((command & (io ? PciCommand.IoSpace : PciCommand.MemorySpace)) == 0)
            return null;
        uint address = raw & bar.WritableMask;
        ulong last = (ulong)address + bar.Size - 1;
        if (address == 0 || last >= (io ? 0x1_0000UL : 0xFFFF_FFFFUL))
            return null;
        return address;
    }
}
