namespace PcEmu.Devices.Uart;

// Register map of the National Semiconductor PC16550D (datasheet, "Register Description",
// Table II). Offsets are from the chip's base; DLAB is LCR bit 7.

/// <summary>Register offsets. Several offsets hold two registers, chosen by direction or DLAB.</summary>
public enum Uart16550Register
{
    /// <summary>RBR (read) / THR (write) when DLAB = 0; DLL (divisor latch low) when DLAB = 1.</summary>
    Data = 0,

    /// <summary>IER when DLAB = 0; DLM (divisor latch high) when DLAB = 1.</summary>
    InterruptEnable = 1,

    /// <summary>IIR (read) / FCR (write).</summary>
    InterruptIdentFifoControl = 2,

    LineControl = 3,
    ModemControl = 4,
    LineStatus = 5,
    ModemStatus = 6,
    Scratch = 7,
}

/// <summary>IER: which interrupt sources may assert INTR.</summary>
[Flags]
public enum UartIer : byte
{
    None = 0,
    /// <summary>ERBFI: received data available (and character timeout in FIFO mode).</summary>
    ReceivedData = 0x01,
    /// <summary>ETBEI: transmitter holding register empty.</summary>
    TransmitterEmpty = 0x02,
    /// <summary>ELSI: receiver line status (overrun, parity, framing, break).</summary>
    ReceiverLineStatus = 0x04,
    /// <summary>EDSSI: modem status (any MSR delta bit).</summary>
    ModemStatus = 0x08,
    /// <summary>The bits that exist on a 16550A; the upper four always read 0.</summary>
    Mask = 0x0F,
}

/// <summary>
/// IIR values. Bit 0 clear means an interrupt is pending; bits 3:1 identify the source
/// (datasheet Table IV); bits 7:6 are both set while the FIFOs are enabled.
/// </summary>
public enum UartInterruptId : byte
{
    ModemStatus = 0x00,
    None = 0x01,
    TransmitterEmpty = 0x02,
    ReceivedData = 0x04,
    ReceiverLineStatus = 0x06,
    CharacterTimeout = 0x0C,
}

/// <summary>IIR bits other than the interrupt id.</summary>
[Flags]
public enum UartIir : byte
{
    None = 0,
    FifosEnabled = 0xC0,
}

/// <summary>FCR (write-only).</summary>
[Flags]
public enum UartFcr : byte
{
    None = 0,
    FifoEnable = 0x01,
    ClearReceiveFifo = 0x02,
    ClearTransmitFifo = 0x04,
    /// <summary>RXRDY/TXRDY pin mode; no effect without DMA wiring.</summary>
    DmaMode = 0x08,
    /// <summary>Receive trigger level: 00 = 1, 01 = 4, 10 = 8, 11 = 14 bytes.</summary>
    TriggerMask = 0xC0,
}

/// <summary>LCR.</summary>
[Flags]
public enum UartLcr : byte
{
    None = 0,
    /// <summary>Word length: 00 = 5 bits ... 11 = 8 bits.</summary>
    WordLengthMask = 0x03,
    /// <summary>Stop bits: 0 = 1, 1 = 2 (1.5 with 5-bit words).</summary>
    TwoStopBits = 0x04,
    ParityEnable = 0x08,
    EvenParity = 0x10,
    StickParity = 0x20,
    SetBreak = 0x40,
    /// <summary>Divisor latch access bit.</summary>
    Dlab = 0x80,
}

/// <summary>MCR. On a PC, OUT2 gates the UART's INTR onto the ISA IRQ line.</summary>
[Flags]
public enum UartMcr : byte
{
    None = 0,
    Dtr = 0x01,
    Rts = 0x02,
    Out1 = 0x04,
    Out2 = 0x08,
    Loopback = 0x10,
    /// <summary>The bits that exist on a 16550A; the upper three always read 0.</summary>
    Mask = 0x1F,
}

/// <summary>LSR.</summary>
[Flags]
public enum UartLsr : byte
{
    None = 0,
    DataReady = 0x01,
    OverrunError = 0x02,
    ParityError = 0x04,
    FramingError = 0x08,
    BreakInterrupt = 0x10,
    /// <summary>THRE: the transmitter holding register (or transmit FIFO) is empty.</summary>
    TransmitterHoldingEmpty = 0x20,
    /// <summary>TEMT: THR and the transmitter shift register are both empty.</summary>
    TransmitterEmpty = 0x40,
    /// <summary>At least one parity, framing or break error in the receive FIFO.</summary>
    ErrorInReceiveFifo = 0x80,
    /// <summary>The bits that raise a receiver line status interrupt.</summary>
    ErrorBits = OverrunError | ParityError | FramingError | BreakInterrupt,
}

/// <summary>MSR: four delta bits (cleared by reading MSR) and the four modem input lines.</summary>
[Flags]
public enum UartMsr : byte
{
    None = 0,
    DeltaCts = 0x01,
    DeltaDsr = 0x02,
    /// <summary>TERI: RI went from asserted to not asserted.</summary>
    TrailingEdgeRi = 0x04,
    DeltaDcd = 0x08,
    Cts = 0x10,
    Dsr = 0x20,
    Ri = 0x40,
    Dcd = 0x80,
    DeltaMask = 0x0F,
    LineMask = 0xF0,
}
