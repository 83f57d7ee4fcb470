using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Uart;

/// <summary>
/// The National Semiconductor PC16550D UART (the "16550A" of PC lore), as a pure chip model:
/// eight byte-wide registers addressed by <see cref="Uart16550Register"/>, one interrupt
/// output, a host back end. Attaching it to a bus is the job of <see cref="Uart16550Isa"/>.
/// <para>
/// Implemented: RBR/THR, IER, IIR/FCR, LCR with DLAB and the divisor latch, MCR with
/// loopback (TX looped to RX, MCR outputs looped to the MSR inputs), LSR, MSR with delta
/// bits, SCR; 16-byte receive and transmit FIFOs with the four trigger levels; 16450 mode
/// when the FIFOs are off (a one-byte holding register, overrun overwrites it); the four
/// interrupt priorities of datasheet Table IV (receiver line status, then received data
/// available or character timeout, then THR empty, then modem status); receive overrun.
/// </para>
/// <para>
/// Known gaps: transmission is immediate, not paced by the baud rate: a byte written to THR
/// reaches the back end at once and THRE/TEMT stay set (so the THRE interrupt re-arms right
/// after each write). Parity and framing errors never occur (the back end carries bytes,
/// not line levels); a break is neither sent nor received. The character timeout is a
/// virtual-time event when the chip is given timers (the machine does), so it fires on time
/// even while the CPU halts; without them it is found when <see cref="Synchronize"/> is
/// called. DMA mode (FCR bit 3) has no effect.
/// </para>
/// <para>
/// Spec readings chosen: outside loopback the modem inputs read as DCD, DSR and CTS asserted
/// (QEMU's reset value, MSR = 0xB0). The divisor latch keeps its value across reset as the
/// datasheet says; its power-on value is 12 (9600 baud). A 16550 FCR write with bit 0 clear
/// disables the FIFOs and ignores the other bits (datasheet, FCR bit 0).
/// </para>
/// </summary>
public sealed class Uart16550
{
    /// <summary>The PC's UART crystal: 1.8432 MHz, so divisor 1 is 115200 baud.</summary>
    public const uint ReferenceClockHz = 1_843_200;

    /// <summary>Modem inputs seen outside loopback when the back end has no modem lines.</summary>
    public const UartMsr DefaultModemLines = UartMsr.Dcd | UartMsr.Dsr | UartMsr.Cts;

    private static readonly int[] TriggerLevels = { 1, 4, 8, 14 };

    private readonly ISerialBackend _backend;
    private readonly IInterruptLine _irq;
    private readonly IVirtualClock _clock;
    private readonly UartFifo _rx = new();
    private readonly UartFifo _tx = new();
    private readonly IVirtualTimer? _timeoutTimer;

    private ushort _divisor = 12;
    private UartIer _ier;
    private UartLcr _lcr;
    private UartMcr _mcr;
    private UartFcr _fcr;
    private UartLsr _lineErrors;
    private UartMsr _msrDelta;
    private UartMsr _externalModemLines = DefaultModemLines;
    private byte _scratch;
    private byte _lastReceived;
    private bool _fifosEnabled;
    private bool _thrInterruptPending;
    private bool _timeoutPending;
    private long _lastReceiveActivityNs;
    private UartInterruptId _interruptId = UartInterruptId.None;

    public Uart16550(ISerialBackend backend, IInterruptLine irq, IVirtualClock clock)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(irq);
        ArgumentNullException.ThrowIfNull(clock);
        _backend = backend;
        _irq = irq;
        _clock = clock;
        Reset(ResetKind.PowerOn);
    }

    /// <summary>A UART whose character timeout is an event on <paramref name="timers"/>.</summary>
    public Uart16550(ISerialBackend backend, IInterruptLine irq, IVirtualTimers timers)
        : this(backend, irq, (timers ?? throw new ArgumentNullException(nameof(timers))).Clock)
    {
        _timeoutTimer = timers.CreateTimer("uart.rx-timeout", Synchronize);
        ScheduleTimeout();
    }

    public ISerialBackend Backend => _backend;

    /// <summary>The level the chip drives on its INTR pin.</summary>
    public bool InterruptAsserted => _interruptId != UartInterruptId.None;

    /// <summary>The programmed line speed (0 when the divisor is 0).</summary>
    public uint BaudRate => _divisor == 0 ? 0 : ReferenceClockHz / 16 / _divisor;

    public bool LoopbackEnabled => (_mcr & UartMcr.Loopback) != 0;

    /// <summary>
    /// How many bytes the host may push now with <see cref="Receive"/> without overrunning:
    /// the free FIFO space (one holding register in 16450 mode), 0 in loopback.
    /// </summary>
    public int ReceiveSpace
    {
        get
        {
            if (LoopbackEnabled)
                return 0;
            return _fifosEnabled ? UartFifo.Depth - _rx.Count : (_rx.IsEmpty ? 1 : 0);
        }
    }

    /// <summary>MR (master reset): every register but the divisor latch returns to its reset value.</summary>
    public void Reset(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
            _divisor = 12;
        _ier = UartIer.None;
        _lcr = UartLcr.None;
        _mcr = UartMcr.None;
        _fcr = UartFcr.None;
        _lineErrors = UartLsr.None;
        _msrDelta = UartMsr.None;
        _scratch = 0;
        _lastReceived = 0;
        _fifosEnabled = false;
        _thrInterruptPending = false;
        _timeoutPending = false;
        _lastReceiveActivityNs = _clock.NowNanoseconds;
        _rx.Clear();
        _tx.Clear();
        UpdateIrq();
    }

    public byte Read(Uart16550Register register)
    {
        bool dlab = (_lcr & UartLcr.Dlab) != 0;
        return register switch
        {
            Uart16550Register.Data => dlab ? (byte)_divisor : ReadRbr(),
            Uart16550Register.InterruptEnable => dlab ? (byte)(_divisor >> 8) : (byte)_ier,
            Uart16550Register.InterruptIdentFifoControl => ReadIir(),
            Uart16550Register.LineControl => (byte)_lcr,
            Uart16550Register.ModemControl => (byte)_mcr,
            Uart16550Register.LineStatus => ReadLsr(),
            Uart16550Register.ModemStatus => ReadMsr(),
            Uart16550Register.Scratch => _scratch,
            _ => throw new ArgumentOutOfRangeException(nameof(register)),
        };
    }

    public void Write(Uart16550Register register, byte value)
    {
        bool dlab = (_lcr & UartLcr.Dlab) != 0;
        switch (register)
        {
            case Uart16550Register.Data when dlab:
                _divisor = (ushort)((_divisor & 0xFF00) | value);
                break;
            case Uart16550Register.Data:
                WriteThr(value);
                break;
            case Uart16550Register.InterruptEnable when dlab:
                _divisor = (ushort)((_divisor & 0x00FF) | value << 8);
                break;
            case Uart16550Register.InterruptEnable:
                WriteIer(value);
                break;
            case Uart16550Register.InterruptIdentFifoControl:
                WriteFcr(value);
                break;
            case Uart16550Register.LineControl:
                _lcr = (UartLcr)value;
                break;
            case Uart16550Register.ModemControl:
                WriteMcr(value);
                break;
            case Uart16550Register.LineStatus:
                // LSR is read-only in normal use (writes are a factory-test feature); ignored.
                break;
            case Uart16550Register.ModemStatus:
                // MSR is read-only; ignored.
                break;
            case Uart16550Register.Scratch:
                _scratch = value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(register));
        }
        // A new divisor or word length changes the character time.
        ScheduleTimeout();
    }

    /// <summary>
    /// A byte arriving from the host on the serial line. Use <see cref="ReceiveSpace"/> first
    /// to avoid an overrun. Ignored in loopback, where the line input is disconnected.
    /// </summary>
    public void Receive(byte value)
    {
        if (LoopbackEnabled)
            return;
        ReceiveCharacter(value);
    }

    /// <summary>
    /// Sets the modem input lines (CTS, DSR, RI, DCD) the host presents; the delta bits
    /// follow as in the MSR description. Bits outside <see cref="UartMsr.LineMask"/> are ignored.
    /// </summary>
    public void SetModemLines(UartMsr lines)
    {
        UartMsr before = ModemInputs();
        _externalModemLines = lines & UartMsr.LineMask;
        NoteModemInputChange(before, ModemInputs());
        UpdateIrq();
    }

    /// <summary>
    /// Catches up with virtual time: raises the character timeout once the receive FIFO has
    /// held data for four character times with no byte received or read (datasheet, "FIFO
    /// Interrupt Mode Operation").
    /// </summary>
    public void Synchronize()
    {
        if (!_fifosEnabled || _rx.IsEmpty || _timeoutPending)
            return;
        if (_clock.NowNanoseconds - _lastReceiveActivityNs >= 4 * CharacterTimeNanoseconds())
        {
            _timeoutPending = true;
            UpdateIrq();
        }
    }

    public Uart16550State SaveState() => new(
        Uart16550State.CurrentVersion, _divisor, (byte)_ier, (byte)_lcr, (byte)_mcr, (byte)_fcr,
        (byte)_lineErrors, (byte)_msrDelta, (byte)_externalModemLines, _scratch, _lastReceived,
        _fifosEnabled, _thrInterruptPending, _timeoutPending, _lastReceiveActivityNs, _rx.ToArray());

    public void LoadState(Uart16550State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Uart16550State.CurrentVersion)
            throw new InvalidDataException($"UART state version {state.Version} is not supported");
        if (state.ReceiveFifo.Length > UartFifo.Depth)
            throw new InvalidDataException("UART state holds more than 16 received bytes");
        _divisor = state.Divisor;
        _ier = (UartIer)state.Ier & UartIer.Mask;
        _lcr = (UartLcr)state.Lcr;
        _mcr = (UartMcr)state.Mcr & UartMcr.Mask;
        _fcr = (UartFcr)state.Fcr;
        _lineErrors = (UartLsr)state.LineErrors;
        _msrDelta = (UartMsr)state.MsrDelta & UartMsr.DeltaMask;
        _externalModemLines = (UartMsr)state.ExternalModemLines & UartMsr.LineMask;
        _scratch = state.Scratch;
        _lastReceived = state.LastReceived;
        _fifosEnabled = state.FifosEnabled;
        _thrInterruptPending = state.ThrInterruptPending;
        _timeoutPending = state.TimeoutPending;
        _lastReceiveActivityNs = state.LastReceiveActivityNs;
        _rx.Clear();
        foreach (byte b in state.ReceiveFifo)
            _rx.Push(b);
        _tx.Clear();
        UpdateIrq();
    }

    private byte ReadRbr()
    {
        if (!_rx.IsEmpty)
            _lastReceived = _rx.Pop();
        _timeoutPending = false;
        _lastReceiveActivityNs = _clock.NowNanoseconds;
        UpdateIrq();
        return _lastReceived;
    }

    private void WriteThr(byte value)
    {
        _thrInterruptPending = false;
        bool accepted = _tx.Push(value);
        System.Diagnostics.Debug.Assert(accepted, "the transmit FIFO drains at once, so it is never full");
        DrainTransmitter();
        UpdateIrq();
    }

    /// <summary>Immediate transmission (see the class notes): the FIFO empties at once.</summary>
    private void DrainTransmitter()
    {
        while (!_tx.IsEmpty)
        {
            byte value = _tx.Pop();
            if (LoopbackEnabled)
                ReceiveCharacter(value);
            else
                _backend.Write(value);
        }
        // THR just became empty: the THRE interrupt becomes pending (datasheet Table IV).
        _thrInterruptPending = true;
    }

    private void WriteIer(byte value)
    {
        UartIer before = _ier;
        _ier = (UartIer)value & UartIer.Mask;
        // Enabling ETBEI while THR is empty raises the THRE interrupt at once (PC16550D,
        // "IER"; Linux's 8250 driver relies on it).
        if ((before & UartIer.TransmitterEmpty) == 0 && (_ier & UartIer.TransmitterEmpty) != 0 && _tx.IsEmpty)
            _thrInterruptPending = true;
        UpdateIrq();
    }

    private byte ReadIir()
    {
        UartInterruptId id = _interruptId;
        // Reading IIR while it reports THRE clears that source (datasheet Table IV, reset control).
        if (id == UartInterruptId.TransmitterEmpty)
        {
            _thrInterruptPending = false;
            UpdateIrq();
        }
        return (byte)((byte)id | (byte)(_fifosEnabled ? UartIir.FifosEnabled : UartIir.None));
    }

    private void WriteFcr(byte value)
    {
        UartFcr fcr = (UartFcr)value;
        bool enable = (fcr & UartFcr.FifoEnable) != 0;
        if (enable != _fifosEnabled)
        {
            // Changing the FIFO mode clears both FIFOs (datasheet, FCR bit 0).
            _rx.Clear();
            _tx.Clear();
            _fifosEnabled = enable;
            _timeoutPending = false;
        }
        if (!enable)
        {
            _fcr = UartFcr.None;
            UpdateIrq();
            return;
        }
        if ((fcr & UartFcr.ClearReceiveFifo) != 0)
        {
            _rx.Clear();
            _timeoutPending = false;
        }
        if ((fcr & UartFcr.ClearTransmitFifo) != 0)
        {
            _tx.Clear();
            _thrInterruptPending = true;
        }
        _fcr = fcr & (UartFcr.FifoEnable | UartFcr.DmaMode | UartFcr.TriggerMask);
        UpdateIrq();
    }

    private int TriggerLevel => _fifosEnabled ? TriggerLevels[((byte)_fcr & (byte)UartFcr.TriggerMask) >> 6] : 1;

    private void WriteMcr(byte value)
    {
        UartMsr before = ModemInputs();
        _mcr = (UartMcr)value & UartMcr.Mask;
        NoteModemInputChange(before, ModemInputs());
        UpdateIrq();
    }

    private byte ReadLsr()
    {
        UartLsr lsr = _lineErrors;
        if (!_rx.IsEmpty)
            lsr |= UartLsr.DataReady;
        if (_tx.IsEmpty)
            lsr |= UartLsr.TransmitterHoldingEmpty | UartLsr.TransmitterEmpty;
        if (_fifosEnabled && (_lineErrors & (UartLsr.ParityError | UartLsr.FramingError | UartLsr.BreakInterrupt)) != 0)
            lsr |= UartLsr.ErrorInReceiveFifo;
        // Reading LSR clears the error bits and with them the line status interrupt.
        _lineErrors = UartLsr.None;
        UpdateIrq();
        return (byte)lsr;
    }

    private byte ReadMsr()
    {
        byte value = (byte)(ModemInputs() | _msrDelta);
        _msrDelta = UartMsr.None;
        UpdateIrq();
        return value;
    }

    /// <summary>The four modem inputs: the host's lines, or in loopback the MCR outputs.</summary>
    private UartMsr ModemInputs()
    {
        if (!LoopbackEnabled)
            return _externalModemLines;
        UartMsr lines = UartMsr.None;
        if ((_mcr & UartMcr.Rts) != 0)
            lines |= UartMsr.Cts;
        if ((_mcr & UartMcr.Dtr) != 0)
            lines |= UartMsr.Dsr;
        if ((_mcr & UartMcr.Out1) != 0)
            lines |= UartMsr.Ri;
        if ((_mcr & UartMcr.Out2) != 0)
            lines |= UartMsr.Dcd;
        return lines;
    }

    private void NoteModemInputChange(UartMsr before, UartMsr after)
    {
        UartMsr changed = before ^ after;
        if ((changed & UartMsr.Cts) != 0)
            _msrDelta |= UartMsr.DeltaCts;
        if ((changed & UartMsr.Dsr) != 0)
            _msrDelta |= UartMsr.DeltaDsr;
        if ((before & UartMsr.Ri) != 0 && (after & UartMsr.Ri) == 0)
            _msrDelta |= UartMsr.TrailingEdgeRi;
        if ((changed & UartMsr.Dcd) != 0)
            _msrDelta |= UartMsr.DeltaDcd;
    }

    private void ReceiveCharacter(byte value)
    {
        if (_fifosEnabled)
        {
            // FIFO full: the new character stays in the shift register and is overwritten;
            // the FIFO keeps its contents (datasheet, LSR bit 1).
            if (!_rx.Push(value))
                _lineErrors |= UartLsr.OverrunError;
        }
        else
        {
            // 16450 mode: a character not yet read is overwritten.
            if (!_rx.IsEmpty)
            {
                _lineErrors |= UartLsr.OverrunError;
                _rx.Clear();
            }
            _rx.Push(value);
        }
        _timeoutPending = false;
        _lastReceiveActivityNs = _clock.NowNanoseconds;
        UpdateIrq();
    }

    /// <summary>One character on the line: start bit, data bits, parity, stop bits.</summary>
    private long CharacterTimeNanoseconds()
    {
        int bits = 1 + 5 + ((byte)_lcr & (byte)UartLcr.WordLengthMask);
        if ((_lcr & UartLcr.ParityEnable) != 0)
            bits++;
        bits += (_lcr & UartLcr.TwoStopBits) != 0 ? 2 : 1;
        long divisor = _divisor == 0 ? 0x10000 : _divisor;
        return bits * divisor * 16 * 1_000_000_000L / ReferenceClockHz;
    }

    private UartInterruptId HighestPendingInterrupt()
    {
        if ((_ier & UartIer.ReceiverLineStatus) != 0 && (_lineErrors & UartLsr.ErrorBits) != 0)
            return UartInterruptId.ReceiverLineStatus;
        if ((_ier & UartIer.ReceivedData) != 0)
        {
            if (!_rx.IsEmpty && _rx.Count >= TriggerLevel)
                return UartInterruptId.ReceivedData;
            if (_timeoutPending && !_rx.IsEmpty)
                return UartInterruptId.CharacterTimeout;
        }
        if ((_ier & UartIer.TransmitterEmpty) != 0 && _thrInterruptPending)
            return UartInterruptId.TransmitterEmpty;
        if ((_ier & UartIer.ModemStatus) != 0 && (_msrDelta & UartMsr.DeltaMask) != 0)
            return UartInterruptId.ModemStatus;
        return UartInterruptId.None;
    }

    /// <summary>The only code that drives the interrupt output: recomputes it from the state.</summary>
    private void UpdateIrq()
    {
        _interruptId = HighestPendingInterrupt();
        _irq.Set(_interruptId != UartInterruptId.None);
        ScheduleTimeout();
    }

    /// <summary>Arms the character-timeout event while received data waits in the FIFO and no timeout is pending yet.</summary>
    private void ScheduleTimeout()
    {
        if (_timeoutTimer is null)
            return;
        if (!_fifosEnabled || _rx.IsEmpty || _timeoutPending)
        {
            if (_timeoutTimer.IsArmed)
                _timeoutTimer.Disarm();
            return;
        }
        long deadline = _lastReceiveActivityNs + 4 * CharacterTimeNanoseconds();
        if (!_timeoutTimer.IsArmed || _timeoutTimer.Deadline != deadline)
            _timeoutTimer.Arm(deadline);
    }

    /// <summary>True while the character-timeout event is armed (the machine lets a halted CPU wait for it).</summary>
    public bool TimeoutArmed => _timeoutTimer?.IsArmed ?? false;
}
