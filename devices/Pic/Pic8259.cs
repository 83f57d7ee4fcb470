using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Pic;

/// <summary>
/// One Intel 8259A programmable interrupt controller, as a pure chip model: eight request
/// inputs (<see cref="SetInput"/>), two registers addressed by A0 (<see cref="Pic8259Register"/>),
/// the INT output and the INTA cycle (<see cref="TryAcknowledge"/>). The PC's pair, its
/// cascade wiring and the ELCR live in <see cref="DualPic"/>; its ports in <see cref="DualPicIsa"/>.
/// <para>
/// Implemented: the ICW1-ICW4 sequence (single or cascade mode, ICW4 optional); OCW1 (IMR);
/// OCW2 non-specific and specific EOI, rotate on non-specific and specific EOI, rotate in
/// auto-EOI mode, set priority; OCW3 IRR/ISR read select, poll command, special mask mode;
/// auto-EOI; special fully nested mode; edge and level triggering per line; fully nested
/// priority with rotation; the default IR7 (spurious) when no request is left at INTA.
/// </para>
/// <para>
/// Not modelled: 8080/85 mode (CALL opcode and ADI), buffered mode and the SP/EN pin, the
/// one-clock timing of the INTA pulses.
/// </para>
/// <para>
/// Datasheet ambiguities and the readings chosen:
/// (1) Edge mode. The datasheet says the IR input must stay high until the first INTA, or
/// the CPU gets a default IR7. We follow QEMU instead: a rising edge latches the IRR bit,
/// which stays set until INTA (or ICW1) clears it even if the line falls again. So a device
/// that pulses its line is not lost, and spurious IR7 appears when a level-triggered request
/// goes away or a request is masked before INTA. This is also what the QEMU cross-check sees.
/// (2) LTIM (ICW1 D3) is ignored, as on the PIIX: the ELCR alone selects level mode
/// (<see cref="LevelTriggeredLines"/>).
/// (3) Special mask mode: any unmasked request whose ISR bit is clear may interrupt,
/// whatever is in service ("enables interrupts from all other levels, lower as well as
/// higher, that are not masked"). Bochs reads it the same way; QEMU only ignores masked ISR bits.
/// (4) Special fully nested mode: a request on a cascade line is not blocked by that same
/// line's ISR bit, but other in-service levels still block it by priority.
/// (5) INT falls during the INTA sequence and is recomputed afterwards, so a request that is
/// still serviceable after an acknowledge shows as a fresh edge to a master's cascade input.
/// (6) Power-on state is undefined on the chip; we start as a PC BIOS would have programmed it
/// (cascade mode, ICW4 with 8086 mode) but with every line masked, so an uninitialised pair
/// never interrupts. ICW1 clears the IMR, the ISR, edge requests, rotation, special mask,
/// auto-EOI and SFNM, and selects IRR for reads, as the datasheet lists.
/// </para>
/// </summary>
public sealed class Pic8259
{
    public const int LineCount = 8;

    /// <summary>Level returned by an INTA (or poll) that finds no request: the default IR7.</summary>
    public const int SpuriousLine = 7;

    private readonly IInterruptLine _intOutput;

    private byte _irr;
    private byte _isr;
    private byte _imr;
    private byte _pins;
    private byte _levelTriggered;
    private byte _vectorBase;
    private byte _icw3;
    private int _highestPriorityLine;
    private PicInitState _initState;
    private bool _icw4Needed;
    private bool _singleMode;
    private bool _autoEoi;
    private bool _rotateInAutoEoi;
    private bool _specialFullyNested;
    private bool _specialMask;
    private bool _poll;
    private bool _readIsr;
    private bool _intLevel;

    /// <param name="isMaster">True for a master (its ICW3 names cascade lines), false for a slave (its ICW3 is its id).</param>
    /// <param name="intOutput">The INT pin: the CPU's INTR for a master, the master's cascade input for a slave.</param>
    /// <param name="powerOnVectorBase">The vector base a PC BIOS would program (0x08 master, 0x70 slave).</param>
    /// <param name="powerOnIcw3">ICW3 as a PC BIOS would program it (0x04 master, 0x02 slave).</param>
    public Pic8259(bool isMaster, IInterruptLine intOutput, byte powerOnVectorBase, byte powerOnIcw3)
    {
        ArgumentNullException.ThrowIfNull(intOutput);
        IsMaster = isMaster;
        _intOutput = intOutput;
        PowerOnVectorBase = (byte)(powerOnVectorBase & 0xF8);
        PowerOnIcw3 = powerOnIcw3;
        Reset(ResetKind.PowerOn);
    }

    public bool IsMaster { get; }

    public byte PowerOnVectorBase { get; }

    public byte PowerOnIcw3 { get; }

    /// <summary>T7-T3 from ICW2; the vector for level L is <c>VectorBase + L</c>.</summary>
    public byte VectorBase => _vectorBase;

    /// <summary>The level of the INT pin.</summary>
    public bool InterruptOutput => _intLevel;

    /// <summary>True while the controller waits for ICW2-ICW4 after an ICW1.</summary>
    public bool Initializing => _initState != PicInitState.Ready;

    public bool SingleMode => _singleMode;

    /// <summary>For a slave: its cascade id (ICW3 D2-D0).</summary>
    public int SlaveId => _icw3 & 0x07;

    public byte InterruptRequestRegister => _irr;

    public byte InServiceRegister => _isr;

    public byte InterruptMaskRegister => _imr;

    /// <summary>The lines in level-triggered mode (one bit per line, from the ELCR).</summary>
    public byte LevelTriggeredLines
    {
        get => _levelTriggered;
        set
        {
            _levelTriggered = value;
            // A level-triggered request is the line itself; edge requests keep their latch.
            _irr = (byte)((_irr & ~value) | (_pins & value));
            UpdateIrq();
        }
    }

    /// <summary>True when a master routes an INTA for <paramref name="line"/> to a slave (ICW3 bit set, cascade mode).</summary>
    public bool IsCascadeLine(int line) => IsMaster && !_singleMode && (uint)line < LineCount && (_icw3 & (1 << line)) != 0;

    public void Reset(ResetKind kind)
    {
        _pins = 0;
        _irr = 0;
        _isr = 0;
        _imr = 0xFF;
        _levelTriggered = 0;
        _vectorBase = PowerOnVectorBase;
        _icw3 = PowerOnIcw3;
        _highestPriorityLine = 0;
        _initState = PicInitState.Ready;
        _icw4Needed = true;
        _singleMode = false;
        _autoEoi = false;
        _rotateInAutoEoi = false;
        _specialFullyNested = false;
        _specialMask = false;
        _poll = false;
        _readIsr = false;
        UpdateIrq();
    }

    /// <summary>Drives request input IR<paramref name="line"/>; out-of-range lines are ignored.</summary>
    public void SetInput(int line, bool level)
    {
        if ((uint)line >= LineCount)
            return;
        byte mask = (byte)(1 << line);
        bool wasHigh = (_pins & mask) != 0;
        if (level)
            _pins |= mask;
        else
            _pins = (byte)(_pins & ~mask);

        if ((_levelTriggered & mask) != 0)
            _irr = level ? (byte)(_irr | mask) : (byte)(_irr & ~mask);
        else if (level && !wasHigh)
            _irr |= mask; // edge sense latch: set on the rising edge, cleared by INTA or ICW1
        UpdateIrq();
    }

    public byte Read(Pic8259Register register)
    {
        if (_poll)
            return ReadPoll();
        return register switch
        {
            Pic8259Register.Command => _readIsr ? _isr : _irr,
            Pic8259Register.Data => _imr,
            _ => 0xFF,
        };
    }

    public void Write(Pic8259Register register, byte value)
    {
        if (register == Pic8259Register.Data)
        {
            WriteData(value);
            return;
        }
        if ((value & (byte)PicIcw1.Initialize) != 0)
            WriteIcw1((PicIcw1)value);
        else if ((value & (byte)PicOcw3.Select) != 0)
            WriteOcw3((PicOcw3)value);
        else
            WriteOcw2(value);
    }

    /// <summary>
    /// The INTA sequence: returns true with the level whose vector the chip supplies, having
    /// set its ISR bit (unless auto-EOI) and cleared an edge request; returns false with
    /// <see cref="SpuriousLine"/> when no request is left (the default IR7: nothing changes).
    /// </summary>
    public bool TryAcknowledge(out int line)
    {
        line = HighestServiceableLine();
        bool found = line >= 0;
        if (found)
            Commit(line);
        else
            line = SpuriousLine;
        UpdateIrq(afterAcknowledge: true);
        return found;
    }

    public Pic8259State SaveState() => new(
        Pic8259State.CurrentVersion, _irr, _isr, _imr, _pins, _levelTriggered, _vectorBase, _icw3,
        _highestPriorityLine, (int)_initState, _icw4Needed, _singleMode, _autoEoi, _rotateInAutoEoi,
        _specialFullyNested, _specialMask, _poll, _readIsr);

    public void LoadState(Pic8259State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Pic8259State.CurrentVersion)
            throw new InvalidDataException($"8259A state version {state.Version} is not supported");
        if (state.InitState < (int)PicInitState.Ready || state.InitState > (int)PicInitState.Icw4)
            throw new InvalidDataException($"8259A state has an invalid initialization step {state.InitState}");
        _irr = state.Irr;
        _isr = state.Isr;
        _imr = state.Imr;
        _pins = state.Pins;
        _levelTriggered = state.LevelTriggered;
        _vectorBase = (byte)(state.VectorBase & 0xF8);
        _icw3 = state.Icw3;
        _highestPriorityLine = state.HighestPriorityLine & 7;
        _initState = (PicInitState)state.InitState;
        _icw4Needed = state.Icw4Needed;
        _singleMode = state.SingleMode;
        _autoEoi = state.AutoEoi;
        _rotateInAutoEoi = state.RotateInAutoEoi;
        _specialFullyNested = state.SpecialFullyNested;
        _specialMask = state.SpecialMask;
        _poll = state.Poll;
        _readIsr = state.ReadIsr;
        UpdateIrq();
    }

    // 8259A datasheet, ICW1: starts the initialization sequence and resets the chip's modes.
    private void WriteIcw1(PicIcw1 icw1)
    {
        _icw4Needed = (icw1 & PicIcw1.Icw4Needed) != 0;
        _singleMode = (icw1 & PicIcw1.Single) != 0;
        _irr &= _levelTriggered; // the edge sense circuit is reset: an edge input needs a new low-to-high transition
        _irr |= (byte)(_pins & _levelTriggered);
        _isr = 0;
        _imr = 0;
        _highestPriorityLine = 0; // IR7 gets the lowest priority
        _specialMask = false;
        _readIsr = false;
        _poll = false;
        _autoEoi = false;        // the ICW4 functions are zero unless an ICW4 sets them
        _rotateInAutoEoi = false;
        _specialFullyNested = false;
        _initState = PicInitState.Icw2;
        UpdateIrq();
    }

    private void WriteData(byte value)
    {
        switch (_initState)
        {
            case PicInitState.Ready: // OCW1
                _imr = value;
                break;
            case PicInitState.Icw2: // T7-T3 of the vector; in 8086 mode D2-D0 are ignored
                _vectorBase = (byte)(value & 0xF8);
                _initState = !_singleMode ? PicInitState.Icw3 : _icw4Needed ? PicInitState.Icw4 : PicInitState.Ready;
                break;
            case PicInitState.Icw3: // master: a bit per line with a slave; slave: its id in D2-D0
                _icw3 = value;
                _initState = _icw4Needed ? PicInitState.Icw4 : PicInitState.Ready;
                break;
            case PicInitState.Icw4:
                PicIcw4 icw4 = (PicIcw4)value;
                _autoEoi = (icw4 & PicIcw4.AutoEoi) != 0;
                _specialFullyNested = (icw4 & PicIcw4.SpecialFullyNested) != 0;
                _initState = PicInitState.Ready;
                break;
        }
        UpdateIrq();
    }

    // 8259A datasheet, OCW2: end of interrupt and priority rotation.
    private void WriteOcw2(byte value)
    {
        int level = value & PicOcw2.LevelMask;
        switch ((PicOcw2Command)(value & PicOcw2.CommandMask))
        {
            case PicOcw2Command.NonSpecificEoi:
                EndOfInterrupt(HighestInServiceLine(), rotate: false);
                break;
            case PicOcw2Command.RotateOnNonSpecificEoi:
                EndOfInterrupt(HighestInServiceLine(), rotate: true);
                break;
            case PicOcw2Command.SpecificEoi:
                EndOfInterrupt(level, rotate: false);
                break;
            case PicOcw2Command.RotateOnSpecificEoi:
                EndOfInterrupt(level, rotate: true);
                break;
            case PicOcw2Command.SetPriority:
                _highestPriorityLine = (level + 1) & 7; // level L becomes the lowest priority
                break;
            case PicOcw2Command.RotateInAutoEoiSet:
                _rotateInAutoEoi = true;
                break;
            case PicOcw2Command.RotateInAutoEoiClear:
                _rotateInAutoEoi = false;
                break;
            case PicOcw2Command.NoOperation:
                break;
        }
        UpdateIrq();
    }

    // 8259A datasheet, OCW3: read register select, poll, special mask mode.
    private void WriteOcw3(PicOcw3 ocw3)
    {
        if ((ocw3 & PicOcw3.EnableSpecialMask) != 0)
            _specialMask = (ocw3 & PicOcw3.SpecialMask) != 0;
        if ((ocw3 & PicOcw3.ReadRegister) != 0)
            _readIsr = (ocw3 & PicOcw3.ReadIsr) != 0;
        _poll = (ocw3 & PicOcw3.Poll) != 0;
        UpdateIrq();
    }

    private void EndOfInterrupt(int line, bool rotate)
    {
        if (line < 0)
            return;
        _isr = (byte)(_isr & ~(1 << line));
        if (rotate)
            _highestPriorityLine = (line + 1) & 7;
    }

    // 8259A datasheet, poll command: the read acts as an INTA and returns I and W2-W0.
    private byte ReadPoll()
    {
        _poll = false;
        int line = HighestServiceableLine();
        byte result = 0;
        if (line >= 0)
        {
            Commit(line);
            result = (byte)((byte)PicPollByte.Interrupt | line);
        }
        UpdateIrq();
        return result;
    }

    private void Commit(int line)
    {
        byte mask = (byte)(1 << line);
        if (_autoEoi)
        {
            if (_rotateInAutoEoi)
                _highestPriorityLine = (line + 1) & 7;
        }
        else
        {
            _isr |= mask;
        }
        if ((_levelTriggered & mask) == 0)
            _irr = (byte)(_irr & ~mask);
    }

    /// <summary>The level the chip would acknowledge now, or -1 when nothing may interrupt.</summary>
    private int HighestServiceableLine()
    {
        int requests = _irr & ~_imr;
        if (_specialMask)
            return HighestPriorityLine(requests & ~_isr);

        int line = HighestPriorityLine(requests);
        if (line < 0)
            return -1;
        int inService = HighestPriorityLine(_isr);
        if (inService < 0 || Priority(line) < Priority(inService))
            return line;
        if (_specialFullyNested && line == inService && IsCascadeLine(line))
            return line;
        return -1;
    }

    private int HighestInServiceLine() => HighestPriorityLine(_isr);

    /// <summary>The line of the highest-priority bit set in <paramref name="mask"/>, or -1.</summary>
    private int HighestPriorityLine(int mask)
    {
        if ((mask & 0xFF) == 0)
            return -1;
        for (int i = 0; i < LineCount; i++)
        {
            int line = (_highestPriorityLine + i) & 7;
            if ((mask & (1 << line)) != 0)
                return line;
        }
        return -1;
    }

    /// <summary>0 is the highest priority.</summary>
    private int Priority(int line) => (line - _highestPriorityLine) & 7;

    /// <summary>
    /// The only code that drives INT: recomputes it from IRR, IMR, ISR and the modes. After an
    /// INTA sequence INT is first taken low, so a request still pending shows as a new edge.
    /// </summary>
    private void UpdateIrq(bool afterAcknowledge = false)
    {
        bool level = HighestServiceableLine() >= 0;
        if (afterAcknowledge && _intLevel && level)
        {
            _intLevel = false;
            _intOutput.Set(false);
        }
        if (level == _intLevel)
            return;
        _intLevel = level;
        _intOutput.Set(level);
    }
}

/// <summary>Where the chip is in its initialization sequence.</summary>
internal enum PicInitState
{
    Ready = 0,
    Icw2 = 1,
    Icw3 = 2,
    Icw4 = 3,
}
