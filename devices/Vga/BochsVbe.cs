using System.Buffers.Binary;
using PcEmu.Devices.Common;

namespace PcEmu.Devices.Vga;

/// <summary>
/// The Bochs VBE extension of the VGA (the "DISPI" interface of Bochs and QEMU's std VGA):
/// an index port 0x1CE and a 16-bit data port 0x1CF, registers in <see cref="BochsVbeRegister"/>,
/// and a 16 MiB framebuffer reached linearly (the PCI BAR, see <see cref="VgaPci"/>) or
/// through a 64 KiB bank window at 0xA0000.
/// <para>
/// Implemented: ID 0xB0C0-0xB0C5; XRES/YRES up to <see cref="MaxXRes"/>x<see cref="MaxYRes"/>;
/// BPP 8, 15, 16, 24 and 32; ENABLE with GETCAPS (XRES/YRES/BPP read the maxima), 8-bit DAC,
/// LFB and no-clear bits; BANK; VIRT_WIDTH (VIRT_HEIGHT follows from memory); X/Y_OFFSET;
/// the video memory size in 64 KiB units (index 0xA). Readings chosen (Bochs): XRES, YRES and
/// BPP writes are dropped while the mode is enabled, as are out-of-range values; enabling a
/// mode that does not fit in memory is refused. BPP 0 means 8, as in Bochs.
/// </para>
/// </summary>
public sealed class BochsVbe
{
    public const int MaxXRes = 1920;
    public const int MaxYRes = 1080;
    public const int MaxBpp = 32;
    public const int MemorySize = 16 * 1024 * 1024;
    public const uint BankSize = 0x10000;
    public const int RegisterCount = 0xB;

    private readonly VgaAdapter _vga;
    private readonly byte[] _framebuffer = new byte[MemorySize];
    private readonly ushort[] _registers = new ushort[RegisterCount];
    private byte _index;

    internal BochsVbe(VgaAdapter vga)
    {
        _vga = vga;
    }

    public bool Enabled => (Enable & BochsVbeEnable.Enabled) != 0;

    public BochsVbeEnable Enable => (BochsVbeEnable)_registers[(int)BochsVbeRegister.Enable];

    public bool EightBitDac => (Enable & BochsVbeEnable.EightBitDac) != 0;

    public int XRes => _registers[(int)BochsVbeRegister.XRes];

    public int YRes => _registers[(int)BochsVbeRegister.YRes];

    public int Bpp => _registers[(int)BochsVbeRegister.Bpp];

    public int BytesPerPixel => (Bpp + 7) / 8;

    public int VirtualWidth => _registers[(int)BochsVbeRegister.VirtWidth];

    /// <summary>Bytes from one scan line to the next.</summary>
    public int LineOffset => VirtualWidth * BytesPerPixel;

    /// <summary>The framebuffer offset of the top-left visible pixel.</summary>
    public int StartOffset => _registers[(int)BochsVbeRegister.YOffset] * LineOffset + _registers[(int)BochsVbeRegister.XOffset] * BytesPerPixel;

    /// <summary>The framebuffer (read-only view for the renderer and tests).</summary>
    public ReadOnlySpan<byte> Framebuffer => _framebuffer;

    public ushort SelectedIndex => _index;

    public void Reset(ResetKind kind)
    {
        Array.Clear(_registers);
        _registers[(int)BochsVbeRegister.Id] = BochsVbePorts.Id5; // QEMU's reset value
        _registers[(int)BochsVbeRegister.XRes] = 640;
        _registers[(int)BochsVbeRegister.YRes] = 480;
        _registers[(int)BochsVbeRegister.Bpp] = 8;
        _index = 0;
        if (kind == ResetKind.PowerOn)
            Array.Clear(_framebuffer);
    }

    public void WriteIndex(ushort value) => _index = (byte)value;

    public ushort ReadIndex() => _index;

    public ushort ReadData() => Read((BochsVbeRegister)_index);

    public void WriteData(ushort value) => Write((BochsVbeRegister)_index, value);

    public ushort Read(BochsVbeRegister register)
    {
        bool caps = (Enable & BochsVbeEnable.GetCaps) != 0;
        return register switch
        {
            BochsVbeRegister.XRes when caps => MaxXRes,
            BochsVbeRegister.YRes when caps => MaxYRes,
            BochsVbeRegister.Bpp when caps => MaxBpp,
            BochsVbeRegister.VirtHeight => (ushort)VirtualHeight(),
            BochsVbeRegister.VideoMemory64K => MemorySize / (int)BankSize,
            _ when (int)register < RegisterCount => _registers[(int)register],
            _ => 0,
        };
    }

    public void Write(BochsVbeRegister register, ushort value)
    {
        switch (register)
        {
            case BochsVbeRegister.Id:
                if (value is >= BochsVbePorts.Id0 and <= BochsVbePorts.Id5)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.XRes:
                if (!Enabled && value is > 0 and <= MaxXRes)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.YRes:
                if (!Enabled && value is > 0 and <= MaxYRes)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.Bpp:
                if (value == 0)
                    value = 8;
                if (!Enabled && value is 8 or 15 or 16 or 24 or 32)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.Enable:
                WriteEnable((BochsVbeEnable)value);
                break;
            case BochsVbeRegister.Bank:
                if (value < MemorySize / BankSize)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.VirtWidth:
                if (value >= XRes && value * BytesPerPixel * (long)YRes <= MemorySize)
                    _registers[(int)register] = value;
                break;
            case BochsVbeRegister.XOffset:
            case BochsVbeRegister.YOffset:
                _registers[(int)register] = value;
                break;
            default:
                return; // VIRT_HEIGHT and the memory size are derived
        }
        _vga.MarkDirty();
    }

    private void WriteEnable(BochsVbeEnable value)
    {
        bool enabling = (value & BochsVbeEnable.Enabled) != 0 && !Enabled;
        if (enabling)
        {
            if ((long)XRes * YRes * BytesPerPixel > MemorySize)
                value &= ~BochsVbeEnable.Enabled;
            else
            {
                _registers[(int)BochsVbeRegister.VirtWidth] = (ushort)XRes;
                _registers[(int)BochsVbeRegister.XOffset] = 0;
                _registers[(int)BochsVbeRegister.YOffset] = 0;
                _registers[(int)BochsVbeRegister.Bank] = 0;
                if ((value & BochsVbeEnable.NoClearMemory) == 0)
                    Array.Clear(_framebuffer);
            }
        }
        _registers[(int)BochsVbeRegister.Enable] = (ushort)(value & (BochsVbeEnable.Enabled | BochsVbeEnable.GetCaps | BochsVbeEnable.EightBitDac | BochsVbeEnable.LinearFramebuffer | BochsVbeEnable.NoClearMemory));
    }

    private int VirtualHeight() => LineOffset == 0 ? 0 : Math.Min(MemorySize / LineOffset, ushort.MaxValue);

    internal byte ReadBanked(uint offset) => _framebuffer[BankedAddress(offset)];

    internal void WriteBanked(uint offset, byte value) => WriteFramebufferByte(BankedAddress(offset), value);

    private int BankedAddress(uint offset) => (int)((_registers[(int)BochsVbeRegister.Bank] * BankSize + (offset & (BankSize - 1))) % MemorySize);

    /// <summary>A linear framebuffer read of <paramref name="size"/> bytes (little-endian); past the end reads all ones.</summary>
    public uint ReadFramebuffer(uint offset, int size)
    {
        if (offset + (ulong)size > MemorySize)
            return size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
        return size switch
        {
            1 => _framebuffer[offset],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(_framebuffer.AsSpan((int)offset)),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(_framebuffer.AsSpan((int)offset)),
        };
    }

    /// <summary>A linear framebuffer write of <paramref name="size"/> bytes; writes past the end are dropped.</summary>
    public void WriteFramebuffer(uint offset, int size, uint value)
    {
        if (offset + (ulong)size > MemorySize)
            return;
        for (int i = 0; i < size; i++)
            WriteFramebufferByte((int)offset + i, (byte)(value >> (8 * i)));
    }

    private void WriteFramebufferByte(int address, byte value)
    {
        if (_framebuffer[address] == value)
            return;
        _framebuffer[address] = value;
        _vga.MarkDirty();
    }

    public BochsVbeState SaveState() => new(BochsVbeState.CurrentVersion, _index, (ushort[])_registers.Clone(), (byte[])_framebuffer.Clone());

    public void LoadState(BochsVbeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _index = state.Index;
        state.Registers.AsSpan(0, RegisterCount).CopyTo(_registers);
        state.Framebuffer.AsSpan(0, MemorySize).CopyTo(_framebuffer);
    }
}
