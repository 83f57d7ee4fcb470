namespace GuestOs.Tests.Platform;

/// <summary>
/// A polled-or-interrupt RTL8139 driver after the RTL8139C(L) datasheet (sections 5-6) and
/// its programming guide: soft reset through CR.RST, the station address from IDR0-5 and
/// from the 93C46 (bit-banged through 9346CR), an 8 KiB receive ring with WRAP set (a frame
/// that crosses the end continues past it, so it is always contiguous), CAPR kept 16 bytes
/// behind the read offset, and the four transmit descriptors used round robin.
/// Buffers live at fixed physical addresses (the guest runs unpaged).
/// </summary>
internal static unsafe class Rtl8139
{
    public const ushort Idr0 = 0x00, Mar0 = 0x08, Tsd0 = 0x10, Tsad0 = 0x20, Rbstart = 0x30, Cr = 0x37, Capr = 0x38, Cbr = 0x3A;
    public const ushort Imr = 0x3C, Isr = 0x3E, Tcr = 0x40, Rcr = 0x44, Mpc = 0x4C, Cr9346 = 0x50, Config1 = 0x52, Msr = 0x58, Bmsr = 0x64;
    public const byte CrReset = 0x10, CrRxEnable = 0x08, CrTxEnable = 0x04, CrBufferEmpty = 0x01;
    public const ushort IsrRxOk = 0x0001, IsrRxError = 0x0002, IsrTxOk = 0x0004, IsrTxError = 0x0008, IsrRxOverflow = 0x0010, IsrSystemError = 0x8000;
    public const uint TsdOwn = 0x2000, TsdUnderrun = 0x4000, TsdTxOk = 0x8000;
    public const ushort RxStatusOk = 0x0001, RxBroadcast = 0x2000, RxPhysical = 0x4000, RxMulticast = 0x8000;

    /// <summary>RCR: accept physical match, multicast, broadcast; WRAP; 8K+16 ring; unlimited DMA burst; no FIFO threshold.</summary>
    public const uint ReceiveConfig = 0x02 | 0x04 | 0x08 | 0x80 | (7u << 8) | (7u << 13);

    public const int RingSize = 8192;
    private const uint RingAddress = 0x0040_0000;
    private const uint TxAddress = 0x0040_4000;
    private const int TxBufferBytes = 0x800;

    public static PciFunction Pci;
    public static ushort Io;
    public static uint MemoryBar;
    public static byte IrqLine;
    public static byte* Mac = (byte*)0x0040_7F00;
    private static int s_rxOffset;
    private static int s_txNext;
    public static int RingWraps;

    /// <summary>Interrupt causes seen by <see cref="OnInterrupt"/>, accumulated until the caller clears them.</summary>
    public static volatile uint PendingCauses;

    public static bool Find()
    {
        if (!PciFunction.Find(0x10EC, 0x8139, out Pci))
            return false;
        Io = (ushort)(Pci.Read(0x10) & 0xFFFC);
        MemoryBar = Pci.Read(0x14) & 0xFFFF_FFF0;
        IrqLine = (byte)Pci.Read(0x3C);
        return true;
    }

    /// <summary>Bus mastering on, power up (CONFIG1), soft reset, ring and descriptors, interrupts, receiver and transmitter on.</summary>
    public static bool Initialize(ushort interruptMask)
    {
        Pci.Write16(0x04, (ushort)(Pci.Read(0x04) | 0x0005)); // I/O space and bus master
        Cpu.Out8((ushort)(Io + Config1), 0x00);
        Cpu.Out8((ushort)(Io + Cr), CrReset);
        int spins = 0;
        while ((Cpu.In8((ushort)(Io + Cr)) & CrReset) != 0)
        {
            if (++spins > 1_000_000)
                return false;
        }
        for (int i = 0; i < 6; i++)
            Mac[i] = Cpu.In8((ushort)(Io + Idr0 + i));
        Cpu.Out32((ushort)(Io + Rbstart), RingAddress);
        s_rxOffset = 0;
        s_txNext = 0;
        for (int i = 0; i < 4; i++)
            Cpu.Out32((ushort)(Io + Tsad0 + 4 * i), TxAddress + (uint)(i * TxBufferBytes));
        Cpu.Out8((ushort)(Io + Cr), CrRxEnable | CrTxEnable);
        Cpu.Out32((ushort)(Io + Rcr), ReceiveConfig);
        Cpu.Out32((ushort)(Io + Tcr), 0x0300_0600); // IFG normal, max DMA burst 1024 (datasheet TCR)
        Cpu.Out32((ushort)(Io + Mar0), 0);
        Cpu.Out32((ushort)(Io + Mar0 + 4), 0);
        Cpu.Out16((ushort)(Io + Isr), 0xFFFF);
        Cpu.Out16((ushort)(Io + Imr), interruptMask);
        return true;
    }

    /// <summary>Reads word <paramref name="address"/> of the 93C46 with the Microwire READ command (start bit, 10, A5-A0).</summary>
    public static ushort ReadEeprom(int address)
    {
        const byte Program = 0x80, ChipSelect = 0x08, Clock = 0x04, DataIn = 0x02, DataOut = 0x01;
        ushort port = (ushort)(Io + Cr9346);
        int command = (0b110 << 6) | (address & 0x3F);
        Cpu.Out8(port, Program);
        Cpu.Out8(port, Program | ChipSelect);
        for (int bit = 8; bit >= 0; bit--)
        {
            byte data = (command & (1 << bit)) != 0 ? DataIn : (byte)0;
            Cpu.Out8(port, (byte)(Program | ChipSelect | data));
            Cpu.Out8(port, (byte)(Program | ChipSelect | data | Clock));
        }
        Cpu.Out8(port, Program | ChipSelect);
        uint value = 0;
        for (int bit = 0; bit < 16; bit++)
        {
            Cpu.Out8(port, Program | ChipSelect | Clock);
            value = (value << 1) | ((Cpu.In8(port) & DataOut) != 0 ? 1u : 0u);
            Cpu.Out8(port, Program | ChipSelect);
        }
        Cpu.Out8(port, Program);
        Cpu.Out8(port, 0x00); // back to normal operation
        return (ushort)value;
    }

    /// <summary>Where the next frame to send is built.</summary>
    public static byte* TxBuffer => (byte*)(TxAddress + (uint)(s_txNext * TxBufferBytes));

    /// <summary>
    /// Hands the frame in <see cref="TxBuffer"/> to the next descriptor and waits until the chip
    /// reports it sent (TOK, or TUN); returns TSD.
    /// </summary>
    public static uint Transmit(int length)
    {
        if (length < 60)
        {
            for (int i = length; i < 60; i++)
                TxBuffer[i] = 0;
            length = 60;
        }
        ushort tsd = (ushort)(Io + Tsd0 + 4 * s_txNext);
        Cpu.Out32(tsd, (uint)length); // OWN = 0 starts the DMA; early-transmit threshold 8 bytes
        uint status = 0;
        for (int spins = 0; spins < 1_000_000; spins++)
        {
            status = Cpu.In32(tsd);
            if ((status & (TsdTxOk | TsdUnderrun)) != 0)
                break;
        }
        s_txNext = (s_txNext + 1) & 3;
        return status;
    }

    /// <summary>Starts a frame on the next free descriptor without waiting (false when the descriptor is still busy).</summary>
    public static bool TryStartTransmit(int length)
    {
        ushort tsd = (ushort)(Io + Tsd0 + 4 * s_txNext);
        if ((Cpu.In32(tsd) & TsdOwn) == 0)
            return false;
        Cpu.Out32(tsd, (uint)(length < 60 ? 60 : length));
        s_txNext = (s_txNext + 1) & 3;
        return true;
    }

    public static bool RxEmpty => (Cpu.In8((ushort)(Io + Cr)) & CrBufferEmpty) != 0;

    /// <summary>
    /// Takes the next frame from the ring: its 4-byte header (status, length with CRC) and
    /// data. Returns the frame length without the CRC, or -1 when the ring is empty.
    /// </summary>
    public static int Receive(byte* destination, int capacity, out ushort status)
    {
        status = 0;
        if (RxEmpty)
            return -1;
        byte* ring = (byte*)RingAddress;
        status = *(ushort*)(ring + s_rxOffset);
        int length = *(ushort*)(ring + s_rxOffset + 2);
        int data = length - 4;
        if ((status & RxStatusOk) == 0 || data < 0 || data > 1514)
        {
            // A bad header: the datasheet's recovery is to reset the receiver.
            Cpu.Out8((ushort)(Io + Cr), CrTxEnable);
            Cpu.Out8((ushort)(Io + Cr), CrRxEnable | CrTxEnable);
            Cpu.Out32((ushort)(Io + Rcr), ReceiveConfig);
            s_rxOffset = 0;
            return -1;
        }
        int copy = data < capacity ? data : capacity;
        for (int i = 0; i < copy; i++)
            destination[i] = ring[s_rxOffset + 4 + i];
        s_rxOffset = (s_rxOffset + length + 4 + 3) & ~3;
        if (s_rxOffset >= RingSize)
        {
            s_rxOffset -= RingSize;
            RingWraps++;
        }
        Cpu.Out16((ushort)(Io + Capr), (ushort)(s_rxOffset - 16));
        return data;
    }

    /// <summary>The IRQ handler's part: acknowledge every cause (write one to clear) and remember it.</summary>
    public static void OnInterrupt()
    {
        ushort isr = Cpu.In16((ushort)(Io + Isr));
        if (isr != 0)
            Cpu.Out16((ushort)(Io + Isr), isr);
        PendingCauses |= isr;
    }
}
