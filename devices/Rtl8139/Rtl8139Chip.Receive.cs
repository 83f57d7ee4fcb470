using System.Buffers.Binary;

namespace PcEmu.Devices.Rtl8139;

// The receive half: accept filter, ring buffer, CAPR/CBR, the packet header (datasheet
// section 6.1 "Packet Reception"; QEMU rtl8139_do_receive for the non-C+ path).
public sealed partial class Rtl8139Chip
{
    /// <summary>Frames shorter than this (without FCS) are padded, as the wire's minimum is 64 bytes with FCS.</summary>
    public const int MinFrameLength = 60;

    /// <summary>The longest frame accepted (without FCS): 1500 bytes of payload, a VLAN tag.</summary>
    public const int MaxFrameLength = 1518;

    private const int HeaderBytes = 4;
    private const int FcsBytes = 4;

    /// <summary>Frames dropped because the receiver was off or the filter rejected them (host-side statistic).</summary>
    public long FramesFiltered { get; private set; }

    private bool RxBufferEmpty => _rxReadPointer == _rxWritePointer;

    /// <summary>
    /// Whether the machine should hand the chip another frame now (QEMU rtl8139_can_receive):
    /// always while the receiver is off (the frame is dropped), otherwise while the ring is
    /// empty or has room for a maximal frame, or when the driver unmasked RXOVW (it then
    /// sees the overflow). Otherwise the frame waits in the back end's queue.
    /// </summary>
    public bool CanReceive
    {
        get
        {
            if ((_cr & Rtl8139Cr.Re) == 0)
                return true;
            int free = RxFreeBytes();
            return free == 0 || free > Align4(MaxFrameLength + HeaderBytes + FcsBytes) || (_imr & Rtl8139Interrupt.Rxovw) != 0;
        }
    }

    /// <summary>
    /// Machine thread, at run-slice boundaries: notes a link change and moves frames from the
    /// back end into the ring while <see cref="CanReceive"/>. Returns how many frames it took.
    /// </summary>
    public int PollBackend(int maxFrames = 64)
    {
        UpdateLink();
        int taken = 0;
        while (taken < maxFrames && CanReceive && _backend.TryReceive(out byte[] frame))
        {
            ReceiveFrame(frame);
            taken++;
        }
        return taken;
    }

    /// <summary>A frame arriving on the wire (no FCS): filtered, then written into the ring or counted as missed.</summary>
    public void ReceiveFrame(ReadOnlySpan<byte> frame)
    {
        if ((_cr & Rtl8139Cr.Re) == 0 || frame.Length < 14 || frame.Length > MaxFrameLength)
        {
            FramesFiltered++;
            return;
        }
        if (Classify(frame) is not { } status)
        {
            FramesFiltered++;
            return;
        }
        int length = Math.Max(frame.Length, MinFrameLength);
        int free = RxFreeBytes();
        if (free != 0 && Align4(length + HeaderBytes + FcsBytes) >= free)
        {
            _mpc = (_mpc + 1) & MpcMask;
            Raise(Rtl8139Interrupt.Rxovw);
            return;
        }

        byte[] packet = new byte[HeaderBytes + length + FcsBytes];
        frame.CopyTo(packet.AsSpan(HeaderBytes));
        Span<byte> body = packet.AsSpan(HeaderBytes, length);
        BinaryPrimitives.WriteUInt16LittleEndian(packet, (ushort)(status | Rtl8139RxStatus.Rok));
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(2), (ushort)(length + FcsBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(HeaderBytes + length), EthernetCrc.Fcs(body));

        if (!WriteRing(packet))
            return;
        Raise(Rtl8139Interrupt.Rok);
    }

    private static int Align4(int value) => (value + 3) & ~3;

    /// <summary>Bytes between the write pointer and the driver's read pointer; 0 means the ring is empty.</summary>
    private int RxFreeBytes()
    {
        int size = RxBufferSize;
        return (size + _rxReadPointer - _rxWritePointer) % size;
    }

    /// <summary>RCR accept rules; the header's address-type bits, or null when rejected.</summary>
    private Rtl8139RxStatus? Classify(ReadOnlySpan<byte> frame)
    {
        Rtl8139Rcr rcr = (Rtl8139Rcr)_rcr;
        bool promiscuous = (rcr & Rtl8139Rcr.Aap) != 0;
        ReadOnlySpan<byte> destination = frame[..6];
        if (destination.IndexOfAnyExcept((byte)0xFF) < 0)
            return promiscuous || (rcr & Rtl8139Rcr.Ab) != 0 ? Rtl8139RxStatus.Bar : null;
        if ((destination[0] & 1) != 0)
        {
            int bit = EthernetCrc.MulticastHashIndex(destination);
            bool hashed = (_mar[bit >> 3] & (1 << (bit & 7))) != 0;
            return promiscuous || ((rcr & Rtl8139Rcr.Am) != 0 && hashed) ? Rtl8139RxStatus.Mar : null;
        }
        if (destination.SequenceEqual(_idr))
            return promiscuous || (rcr & Rtl8139Rcr.Apm) != 0 ? Rtl8139RxStatus.Pam : null;
        return promiscuous ? 0 : null;
    }

    /// <summary>
    /// Writes header, frame and FCS at CBR. Past the end of the ring the packet continues at
    /// its start (WRAP = 0, or a 64 KiB ring) or runs on linearly (WRAP = 1). CBR then moves
    /// to the next dword. A target outside RAM raises SERR and drops the packet.
    /// </summary>
    private bool WriteRing(ReadOnlySpan<byte> packet)
    {
        int size = RxBufferSize;
        int position = _rxWritePointer;
        bool runOn = (_rcr & (uint)Rtl8139Rcr.Wrap) != 0 && size < 65536;
        int first = position + packet.Length > size && !runOn ? size - position : packet.Length;
        uint firstAddress = _rbstart + (uint)position;
        if (!BusMasterEnabled)
            return false;
        if ((ulong)_rbstart + (ulong)position > uint.MaxValue
            || !_memory.IsRam(firstAddress, first)
            || (first < packet.Length && !_memory.IsRam(_rbstart, packet.Length - first)))
        {
            Raise(Rtl8139Interrupt.Serr);
            return false;
        }
        _memory.WriteBlock(firstAddress, packet[..first]);
        if (first < packet.Length)
            _memory.WriteBlock(_rbstart, packet[first..]);
        int end = first < packet.Length ? packet.Length - first : position + packet.Length;
        _rxWritePointer = Align4(end) % size;
        return true;
    }

    private void WriteCapr(ushort value) => _rxReadPointer = (value + 16) % RxBufferSize;

    private void WriteRcr(uint value)
    {
        _rcr = value & (uint)Rtl8139Rcr.Writable;
        // A new ring length keeps the pointers inside the ring.
        _rxReadPointer %= RxBufferSize;
        _rxWritePointer %= RxBufferSize;
    }

    /// <summary>Machine thread: reports a cable change from the back end as PUN/LinkChg.</summary>
    private void UpdateLink()
    {
        bool up = _backend.LinkUp;
        if (up == _linkUp)
            return;
        _linkUp = up;
        Raise(Rtl8139Interrupt.PunLinkChg);
    }
}
