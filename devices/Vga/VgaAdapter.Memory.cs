namespace PcEmu.Devices.Vga;

/// <summary>
/// The host side of video memory: the legacy window at 0xA0000-0xBFFFF, the four planes and
/// their latches, and the graphics controller's read and write pipelines (FreeVGA,
/// "Graphics Controller" and "VGA Memory Organization").
/// <para>
/// Addressing: chain-4 (SR04 bit 3) selects the plane with address bits 0-1 and uses the
/// address with those bits cleared in the plane, as the hardware does (so the CRTC's
/// double-word mode shows it); odd/even (SR04 bit 2 clear for writes, GR05 bit 4 for reads)
/// selects planes 0/2 for even and 1/3 for odd addresses and clears bit 0; otherwise the map
/// mask selects the planes and the address is used as is. Plane addresses wrap at 64 KiB.
/// While VBE is enabled the 64 KiB at 0xA0000 is the VBE bank window into the linear
/// framebuffer instead.
/// </para>
/// </summary>
public sealed partial class VgaAdapter
{
    public const int PlaneCount = 4;
    public const int PlaneSize = 64 * 1024;

    /// <summary>The legacy window decoded by the card: 0xA0000-0xBFFFF.</summary>
    public const uint WindowBase = 0xA0000;
    public const uint WindowSize = 0x20000;

    private readonly byte[] _planes = new byte[PlaneCount * PlaneSize];
    private readonly byte[] _latches = new byte[PlaneCount];

    /// <summary>One plane of video memory (read-only view for the renderer and tests).</summary>
    public ReadOnlySpan<byte> Plane(int plane) => _planes.AsSpan((plane & 3) * PlaneSize, PlaneSize);

    /// <summary>All four planes one after the other (plane p at p * <see cref="PlaneSize"/>).</summary>
    public ReadOnlySpan<byte> AllPlanes => _planes;

    /// <summary>The four latches loaded by the last CPU read.</summary>
    public ReadOnlySpan<byte> Latches => _latches;

    /// <summary>A CPU byte read at <paramref name="offset"/> from 0xA0000.</summary>
    public byte ReadWindow(uint offset)
    {
        if (Vbe.Enabled && offset < BochsVbe.BankSize)
            return Vbe.ReadBanked(offset);
        if (!TryMapWindow(offset, out uint address))
            return 0xFF;

        int plane;
        if ((_sequencer[(int)SequencerRegister.MemoryMode] & (byte)SequencerMemoryMode.Chain4) != 0)
        {
            plane = (int)(address & 3);
            address &= ~3u;
        }
        else if ((_graphics[(int)GraphicsRegister.GraphicsMode] & GraphicsModeBits.HostOddEven) != 0)
        {
            plane = (_graphics[(int)GraphicsRegister.ReadMapSelect] & 2) | (int)(address & 1);
            address &= ~1u;
        }
        else
        {
            plane = _graphics[(int)GraphicsRegister.ReadMapSelect] & 3;
        }
        address &= PlaneSize - 1;

        for (int p = 0; p < PlaneCount; p++)
            _latches[p] = _planes[p * PlaneSize + address];

        if ((_graphics[(int)GraphicsRegister.GraphicsMode] & GraphicsModeBits.ReadMode) == 0)
            return _latches[plane];
        return ColorCompare();
    }

    /// <summary>A CPU byte write at <paramref name="offset"/> from 0xA0000.</summary>
    public void WriteWindow(uint offset, byte value)
    {
        if (Vbe.Enabled && offset < BochsVbe.BankSize)
        {
            Vbe.WriteBanked(offset, value);
            return;
        }
        if (!TryMapWindow(offset, out uint address))
            return;

        int planeMask = _sequencer[(int)SequencerRegister.MapMask] & 0x0F;
        byte memoryMode = _sequencer[(int)SequencerRegister.MemoryMode];
        if ((memoryMode & (byte)SequencerMemoryMode.Chain4) != 0)
        {
            planeMask &= 1 << (int)(address & 3);
            address &= ~3u;
        }
        else if ((memoryMode & (byte)SequencerMemoryMode.OddEvenDisable) == 0)
        {
            planeMask &= (address & 1) != 0 ? 0b1010 : 0b0101;
            address &= ~1u;
        }
        if (planeMask == 0)
            return;
        address &= PlaneSize - 1;

        Span<byte> data = stackalloc byte[PlaneCount];
        byte bitMask = ComputeWriteData(value, data);
        for (int p = 0; p < PlaneCount; p++)
        {
            if ((planeMask & (1 << p)) == 0)
                continue;
            byte result = (byte)((data[p] & bitMask) | (_latches[p] & ~bitMask));
            ref byte cell = ref _planes[p * PlaneSize + address];
            if (cell != result)
            {
                cell = result;
                MarkDirty();
            }
        }
    }

    /// <summary>
    /// The graphics controller's write pipeline (FreeVGA, "Graphics Controller" write modes):
    /// fills <paramref name="data"/> with each plane's byte before the bit mask and returns the
    /// bit mask to apply against the latches.
    /// </summary>
    private byte ComputeWriteData(byte value, Span<byte> data)
    {
        byte mode = (byte)(_graphics[(int)GraphicsRegister.GraphicsMode] & GraphicsModeBits.WriteModeMask);
        byte rotate = _graphics[(int)GraphicsRegister.DataRotate];
        int count = rotate & 7;
        var operation = (VgaLogicalOperation)((rotate >> 3) & 3);
        byte setReset = _graphics[(int)GraphicsRegister.SetReset];
        byte enableSetReset = _graphics[(int)GraphicsRegister.EnableSetReset];
        byte bitMask = _graphics[(int)GraphicsRegister.BitMask];
        byte rotated = (byte)((value >> count) | (value << (8 - count)));

        switch (mode)
        {
            case 0:
                for (int p = 0; p < PlaneCount; p++)
                    data[p] = (enableSetReset & (1 << p)) != 0 ? Expand(setReset, p) : rotated;
                break;
            case 1:
                _latches.CopyTo(data);
                return 0x00; // the latches go through unchanged: a zero mask keeps every latch bit
            case 2:
                for (int p = 0; p < PlaneCount; p++)
                    data[p] = Expand(value, p);
                break;
            default: // 3
                for (int p = 0; p < PlaneCount; p++)
                    data[p] = Expand(setReset, p);
                bitMask &= rotated;
                break;
        }

        for (int p = 0; p < PlaneCount; p++)
        {
            data[p] = operation switch
            {
                VgaLogicalOperation.And => (byte)(data[p] & _latches[p]),
                VgaLogicalOperation.Or => (byte)(data[p] | _latches[p]),
                VgaLogicalOperation.Xor => (byte)(data[p] ^ _latches[p]),
                _ => data[p],
            };
        }
        return bitMask;
    }

    /// <summary>Read mode 1: a 1 in each bit position where every plane enabled in Colour Don't Care matches Colour Compare.</summary>
    private byte ColorCompare()
    {
        byte compare = _graphics[(int)GraphicsRegister.ColorCompare];
        byte dontCare = _graphics[(int)GraphicsRegister.ColorDontCare];
        int mismatch = 0;
        for (int p = 0; p < PlaneCount; p++)
        {
            if ((dontCare & (1 << p)) != 0)
                mismatch |= _latches[p] ^ Expand(compare, p);
        }
        return (byte)~mismatch;
    }

    private static byte Expand(byte bits, int plane) => (bits & (1 << plane)) != 0 ? (byte)0xFF : (byte)0x00;

    /// <summary>Applies the GR06 memory map select: the offset inside the selected window, or false if the window does not decode it.</summary>
    private bool TryMapWindow(uint offset, out uint address)
    {
        int map = (_graphics[(int)GraphicsRegister.Miscellaneous] & GraphicsMiscBits.MemoryMapMask) >> GraphicsMiscBits.MemoryMapShift;
        (uint start, uint length) = map switch
        {
            0 => (0x00000u, 0x20000u),
            1 => (0x00000u, 0x10000u),
            2 => (0x10000u, 0x08000u),
            _ => (0x18000u, 0x08000u),
        };
        address = offset - start;
        return address < length;
    }
}
