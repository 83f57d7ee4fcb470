namespace PcEmu.Devices.Rtl8139;

// The transmit half: four descriptors, each a TSAD (buffer address) and a TSD (size and
// status); the driver clears OWN to hand one over (datasheet section 6.2 "Packet Transmission").
public sealed partial class Rtl8139Chip
{
    /// <summary>The largest descriptor the chip sends (datasheet: TSD size "up to 1792 bytes").</summary>
    public const int MaxTransmitBytes = 1792;

    private const uint TsdStatusBits = (uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tun | Rtl8139Tsd.Tok | Rtl8139Tsd.NccMask
        | Rtl8139Tsd.Cdh | Rtl8139Tsd.Owc | Rtl8139Tsd.Tabt | Rtl8139Tsd.Crs);

    private bool LoopbackMode => (_tcr & (uint)Rtl8139Tcr.LbkMask) == (uint)Rtl8139Tcr.LbkMask;

    // TSD write: size, threshold and OWN come from the driver; the status bits are the chip's
    // and restart clear. OWN = 0 hands the descriptor to the chip.
    private void WriteTsd(int descriptor, uint value)
    {
        _tsd[descriptor] = value & ((uint)(Rtl8139Tsd.SizeMask | Rtl8139Tsd.ErtxthMask | Rtl8139Tsd.Own));
        if ((_tsd[descriptor] & (uint)Rtl8139Tsd.Own) == 0 && (_cr & Rtl8139Cr.Te) != 0)
            Transmit(descriptor);
    }

    private void WriteTcr(uint value)
    {
        _tcr = (value & (uint)Rtl8139Tcr.Writable) | HardwareVersion;
        if ((value & (uint)Rtl8139Tcr.Clrabt) == 0)
            return;
        // CLRABT: retransmit the aborted descriptors.
        for (int d = 0; d < _tsd.Length; d++)
        {
            if ((_tsd[d] & (uint)Rtl8139Tsd.Tabt) != 0)
            {
                _tsd[d] &= ~TsdStatusBits;
                if ((_cr & Rtl8139Cr.Te) != 0)
                    Transmit(d);
            }
        }
    }

    /// <summary>TE was just set: send what the driver handed over while the transmitter was off.</summary>
    private void TransmitPending()
    {
        for (int d = 0; d < _tsd.Length; d++)
        {
            if ((_tsd[d] & (uint)Rtl8139Tsd.Own) == 0)
                Transmit(d);
        }
    }

    private void Transmit(int descriptor)
    {
        int size = (int)(_tsd[descriptor] & (uint)Rtl8139Tsd.SizeMask);
        uint address = _tsad[descriptor];
        if (size == 0 || size > MaxTransmitBytes || !BusMasterEnabled)
        {
            Abort(descriptor, Rtl8139Interrupt.Ter);
            return;
        }
        if (!_memory.IsRam(address, size))
        {
            Abort(descriptor, Rtl8139Interrupt.Ter | Rtl8139Interrupt.Serr);
            return;
        }
        byte[] frame = new byte[size];
        _memory.ReadBlock(address, frame);
        // TCR.CRC set: the buffer already ends with its FCS; back ends carry frames without it.
        int length = (_tcr & (uint)Rtl8139Tcr.Crc) != 0 ? Math.Max(0, size - FcsBytes) : size;

        _tsd[descriptor] |= (uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tok);
        Raise(Rtl8139Interrupt.Tok);
        if (LoopbackMode)
            ReceiveFrame(frame.AsSpan(0, length));
        else
            _backend.Send(frame.AsSpan(0, length));
    }

    private void Abort(int descriptor, Rtl8139Interrupt causes)
    {
        _tsd[descriptor] |= (uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tabt);
        Raise(causes);
    }

    /// <summary>The TSAD summary register (0x60): TOK, TUN, TABT and OWN of each descriptor.</summary>
    private uint TransmitSummary()
    {
        uint summary = 0;
        for (int d = 0; d < _tsd.Length; d++)
        {
            uint tsd = _tsd[d];
            if ((tsd & (uint)Rtl8139Tsd.Own) != 0)
                summary |= 1u << d;
            if ((tsd & (uint)Rtl8139Tsd.Tabt) != 0)
                summary |= 1u << (4 + d);
            if ((tsd & (uint)Rtl8139Tsd.Tun) != 0)
                summary |= 1u << (8 + d);
            if ((tsd & (uint)Rtl8139Tsd.Tok) != 0)
                summary |= 1u << (12 + d);
        }
        return summary;
    }
}
