namespace PcEmu.Devices.Pit;

/// <summary>
/// One counter of the 8254: count register, counting element, output latch, status latch,
/// GATE input and OUT pin. It never ticks: a counter that runs holds the tick its current
/// run started at, and its count and OUT at any tick are computed from the ticks elapsed
/// since then (<see cref="CountAt"/>, <see cref="OutputAt"/>, <see cref="NextEventAfter"/>).
/// Every method takes the current input-clock tick; ticks never go backwards.
/// </summary>
internal sealed class Pit8254Channel
{
    private PitMode _mode;
    private byte _modeBits;
    private PitAccess _access;
    private bool _bcd;

    private int _countRegister;
    private bool _countWritten;
    private byte _writeLow;
    private bool _writeHighNext;
    private bool _readHighNext;

    private bool _countLatched;
    private int _latchedCount;
    private bool _latchHighNext;
    private bool _statusLatched;
    private byte _latchedStatus;

    private bool _nullCount;
    private bool _gate;

    private CounterRun _run;
    private long _start;       // tick at which the current run started
    private long _value;       // one-shot modes: ticks to the terminal count (or the count itself once done)
    private bool _done;        // one-shot modes: the terminal count of this load has passed
    private int _reload;       // periodic modes: the count loaded at each reload (1..65536)
    private int _offset;       // mode 3: position in the cycle at _start (0 = start of the high half)
    private bool _pending;     // periodic modes: a new count waits for the end of the (half-)cycle
    private long _pendingAt;
    private bool _pendingLowHalf;
    private int _frozenCount;  // raw CE value while idle or gated off (modes 2, 3)
    private bool _frozenOut;

    public PitMode Mode => _mode;

    public bool Gate => _gate;

    public bool Bcd => _bcd;

    /// <summary>The period in ticks of a running mode 2 or 3 counter, else 0 (for the speaker).</summary>
    public int PeriodTicks => _run == CounterRun.Running && _mode is PitMode.RateGenerator or PitMode.SquareWave ? _reload : 0;

    private int Modulus => _bcd ? 10_000 : 0x10000;

    private bool IsPeriodic => _mode is PitMode.RateGenerator or PitMode.SquareWave;

    /// <summary>Power-on: mode 3, low-then-high byte access, binary, count 0 (65536) loaded, as QEMU and a BIOS leave it.</summary>
    public void Reset(long tick, bool gate)
    {
        _modeBits = (byte)PitMode.SquareWave;
        _mode = PitMode.SquareWave;
        _access = PitAccess.LowThenHigh;
        _bcd = false;
        _countRegister = 0;
        _countWritten = true;
        _writeHighNext = false;
        _readHighNext = false;
        _countLatched = false;
        _statusLatched = false;
        _nullCount = false;
        _gate = gate;
        _done = false;
        _pending = false;
        _frozenOut = true;
        _frozenCount = 0;
        _reload = InitialCount();
        if (gate)
            StartPeriodic(tick);
        else
            _run = CounterRun.Paused;
    }

    /// <summary>A control word with RW != 00 for this counter: new mode, access and BCD; counting stops.</summary>
    public void WriteControl(byte controlWord, long tick)
    {
        Sync(tick);
        _frozenCount = RawCountAt(tick); // the CE keeps its value until a new count is loaded
        _modeBits = (byte)((controlWord >> PitControlWord.ModeShift) & PitControlWord.ModeMask);
        _mode = (PitMode)(_modeBits >= 6 ? _modeBits - 4 : _modeBits);
        _access = (PitAccess)((controlWord >> PitControlWord.AccessShift) & PitControlWord.AccessMask);
        _bcd = (controlWord & PitControlWord.Bcd) != 0;
        _run = CounterRun.Idle;
        _frozenOut = _mode != PitMode.InterruptOnTerminalCount; // mode 0: OUT low; every other mode: high
        _countWritten = false;
        _nullCount = true;
        _writeHighNext = false;
        _readHighNext = false;
        _pending = false;
        _done = false;
    }

    /// <summary>Counter latch command: freezes the count in the output latch until it is read.</summary>
    public void LatchCount(long tick)
    {
        if (_countLatched)
            return; // a second latch before the read is ignored
        _latchedCount = RawCountAt(tick);
        _countLatched = true;
        _latchHighNext = false;
    }

    /// <summary>Read-back with STATUS = 0.</summary>
    public void LatchStatus(long tick)
    {
        if (_statusLatched)
            return;
        _latchedStatus = StatusAt(tick);
        _statusLatched = true;
    }

    public byte Read(long tick)
    {
        if (_statusLatched)
        {
            _statusLatched = false;
            return _latchedStatus;
        }
        if (_countLatched)
        {
            byte latched = SelectByte(_latchedCount, ref _latchHighNext, out bool complete);
            if (complete)
                _countLatched = false;
            return latched;
        }
        return SelectByte(RawCountAt(tick), ref _readHighNext, out _);
    }

    public void Write(byte value, long tick)
    {
        Sync(tick);
        switch (_access)
        {
            case PitAccess.LowByteOnly:
                Load(value, tick);
                break;
            case PitAccess.HighByteOnly:
                Load(value << 8, tick);
                break;
            default:
                if (!_writeHighNext)
                {
                    _writeLow = value;
                    _writeHighNext = true;
                    if (_mode == PitMode.InterruptOnTerminalCount)
                        StopForFirstByte(tick);
                    return;
                }
                _writeHighNext = false;
                Load(_writeLow | value << 8, tick);
                break;
        }
    }

    public void SetGate(bool level, long tick)
    {
        Sync(tick);
        bool rising = level && !_gate;
        bool falling = !level && _gate;
        _gate = level;
        switch (_mode)
        {
            case PitMode.InterruptOnTerminalCount:
            case PitMode.SoftwareTriggeredStrobe:
                // GATE low suspends counting; high resumes it.
                if (falling && _run == CounterRun.Running)
                {
                    Rebase(tick);
                    _run = CounterRun.Paused;
                }
                else if (rising && _run == CounterRun.Paused)
                {
                    _start = tick;
                    _run = CounterRun.Running;
                }
                break;
            case PitMode.HardwareRetriggerableOneShot:
            case PitMode.HardwareTriggeredStrobe:
                // A rising edge (re)triggers: the count register is loaded into the CE.
                if (rising && _countWritten)
                    StartOneShot(tick);
                break;
            default:
                // Modes 2 and 3: GATE low forces OUT high and stops counting; a rising edge reloads.
                if (falling && _run == CounterRun.Running)
                {
                    _frozenCount = RawCountAt(tick);
                    _run = CounterRun.Paused;
                    _pending = false;
                }
                else if (rising && _countWritten)
                {
                    StartPeriodic(tick);
                }
                break;
        }
    }

    public bool OutputAt(long tick)
    {
        Sync(tick);
        if (_run == CounterRun.Idle)
            return _frozenOut;
        if (IsPeriodic)
            return _run != CounterRun.Running || PeriodicOutput(Elapsed(tick));
        long d = Elapsed(tick);
        return _mode is PitMode.InterruptOnTerminalCount or PitMode.HardwareRetriggerableOneShot
            ? _done || d >= _value
            : !(!_done && d == _value); // modes 4 and 5: one tick low at the terminal count
    }

    /// <summary>The counting element as the guest would read it (BCD digits in BCD mode).</summary>
    public int RawCountAt(long tick)
    {
        Sync(tick);
        if (_run == CounterRun.Idle || (_run == CounterRun.Paused && IsPeriodic))
            return _frozenCount;
        long d = Elapsed(tick);
        long value;
        if (!IsPeriodic)
        {
            value = _value - d;
        }
        else if (_mode == PitMode.RateGenerator)
        {
            value = _reload - d % _reload;
        }
        else
        {
            long q = (d + _offset) % _reload;
            long half = (_reload + 1) / 2;
            long p = q < half ? q : q - half;
            value = (_reload & ~1) - 2 * p;
        }
        return ToRaw(Mod(value, Modulus));
    }

    /// <summary>The first tick after <paramref name="tick"/> at which OUT changes or a pending count loads; null if never.</summary>
    public long? NextEventAfter(long tick)
    {
        Sync(tick);
        if (_run != CounterRun.Running)
            return null;
        long d = Elapsed(tick);
        long now = _start + d;
        long? edge = null;
        switch (_mode)
        {
            case PitMode.InterruptOnTerminalCount:
            case PitMode.HardwareRetriggerableOneShot:
                if (!_done && d < _value)
                    edge = _start + _value;
                break;
            case PitMode.SoftwareTriggeredStrobe:
            case PitMode.HardwareTriggeredStrobe:
                if (!_done && d < _value)
                    edge = _start + _value;
                else if (!_done && d == _value)
                    edge = _start + _value + 1;
                break;
            case PitMode.RateGenerator:
                if (_reload >= 2)
                {
                    long q = d % _reload;
                    edge = q < _reload - 1 ? now + (_reload - 1 - q) : now + 1;
                }
                break;
            default:
                if (_reload >= 2)
                {
                    long q = (d + _offset) % _reload;
                    long half = (_reload + 1) / 2;
                    edge = now + (q < half ? half - q : _reload - q);
                }
                break;
        }
        if (_pending && (edge is null || _pendingAt < edge))
            edge = _pendingAt;
        return edge is long e && e > tick ? e : edge is null ? null : tick + 1;
    }

    public Pit8254ChannelState SaveState() => new(
        (byte)(_modeBits | (byte)_access << 4 | (_bcd ? 0x80 : 0)), _countRegister, _countWritten, _writeLow,
        _writeHighNext, _readHighNext, _countLatched, _latchedCount, _latchHighNext, _statusLatched, _latchedStatus,
        _nullCount, _gate, (int)_run, _start, _value, _done, _reload, _offset, _pending, _pendingAt, _pendingLowHalf,
        _frozenCount, _frozenOut);

    public void LoadState(Pit8254ChannelState s)
    {
        if (s.Run < (int)CounterRun.Idle || s.Run > (int)CounterRun.Paused || s.Reload < 1 || s.Reload > 0x10000 || s.Offset < 0 || s.Offset >= s.Reload)
            throw new InvalidDataException("8254 counter state is inconsistent");
        _modeBits = (byte)(s.Control & PitControlWord.ModeMask);
        _mode = (PitMode)(_modeBits >= 6 ? _modeBits - 4 : _modeBits);
        _access = (PitAccess)((s.Control >> 4) & PitControlWord.AccessMask);
        if (_access == PitAccess.LatchCommand)
            _access = PitAccess.LowThenHigh;
        _bcd = (s.Control & 0x80) != 0;
        _countRegister = s.CountRegister & 0xFFFF;
        _countWritten = s.CountWritten;
        _writeLow = s.WriteLow;
        _writeHighNext = s.WriteHighNext;
        _readHighNext = s.ReadHighNext;
        _countLatched = s.CountLatched;
        _latchedCount = s.LatchedCount & 0xFFFF;
        _latchHighNext = s.LatchHighNext;
        _statusLatched = s.StatusLatched;
        _latchedStatus = s.LatchedStatus;
        _nullCount = s.NullCount;
        _gate = s.Gate;
        _run = (CounterRun)s.Run;
        _start = s.Start;
        _value = s.Value;
        _done = s.Done;
        _reload = s.Reload;
        _offset = s.Offset;
        _pending = s.Pending;
        _pendingAt = s.PendingAt;
        _pendingLowHalf = s.PendingLowHalf;
        _frozenCount = s.FrozenCount & 0xFFFF;
        _frozenOut = s.FrozenOut;
    }

    private byte StatusAt(long tick)
    {
        PitStatus status = (PitStatus)((byte)_access << 4 | _modeBits << 1);
        if (_bcd)
            status |= PitStatus.Bcd;
        if (_nullCount)
            status |= PitStatus.NullCount;
        if (OutputAt(tick))
            status |= PitStatus.Output;
        return (byte)status;
    }

    private byte SelectByte(int value, ref bool highNext, out bool complete)
    {
        switch (_access)
        {
            case PitAccess.LowByteOnly:
                complete = true;
                return (byte)value;
            case PitAccess.HighByteOnly:
                complete = true;
                return (byte)(value >> 8);
            default:
                bool high = highNext;
                highNext = !highNext;
                complete = high;
                return high ? (byte)(value >> 8) : (byte)value;
        }
    }

    // 8254 datasheet, mode 0: writing the first byte of a two-byte count stops counting and sets OUT low.
    private void StopForFirstByte(long tick)
    {
        _frozenCount = RawCountAt(tick);
        _frozenOut = false;
        _run = CounterRun.Idle;
    }

    private void Load(int countRegister, long tick)
    {
        _countRegister = countRegister & 0xFFFF;
        _countWritten = true;
        _nullCount = true;
        switch (_mode)
        {
            case PitMode.InterruptOnTerminalCount:
            case PitMode.SoftwareTriggeredStrobe:
                // The new count is loaded on the next CLK and counting starts (or waits for GATE).
                StartOneShot(tick);
                if (!_gate)
                    _run = CounterRun.Paused;
                break;
            case PitMode.HardwareRetriggerableOneShot:
            case PitMode.HardwareTriggeredStrobe:
                break; // loaded by the next GATE trigger
            default:
                if (_run == CounterRun.Running)
                    SchedulePendingReload(tick);
                else if (_gate)
                    StartPeriodic(tick);
                else
                {
                    _reload = InitialCount();
                    _frozenCount = ToRaw(_reload % Modulus);
                    _run = CounterRun.Paused;
                    _nullCount = false;
                }
                break;
        }
    }

    private void StartOneShot(long tick)
    {
        _value = InitialCount();
        _done = false;
        _start = tick;
        _run = CounterRun.Running;
        _nullCount = false;
    }

    private void StartPeriodic(long tick)
    {
        _reload = InitialCount();
        _offset = 0;
        _start = tick;
        _run = CounterRun.Running;
        _pending = false;
        _nullCount = false;
    }

    // 8254 datasheet, modes 2 and 3: a count written while counting is loaded at the end of the
    // current cycle (mode 2) or half-cycle (mode 3), unless a GATE trigger comes first.
    private void SchedulePendingReload(long tick)
    {
        if (_pending)
            return;
        long d = Elapsed(tick);
        long now = _start + d;
        if (_mode == PitMode.RateGenerator)
        {
            _pendingAt = now + (_reload - d % _reload);
            _pendingLowHalf = false;
        }
        else
        {
            long q = (d + _offset) % _reload;
            long half = (_reload + 1) / 2;
            _pendingLowHalf = q < half;
            _pendingAt = now + (q < half ? half - q : _reload - q);
        }
        _pending = true;
    }

    private void Sync(long tick)
    {
        if (!_pending || _run != CounterRun.Running || tick < _pendingAt)
            return;
        _start = _pendingAt;
        _reload = InitialCount();
        _offset = _pendingLowHalf ? (_reload + 1) / 2 : 0;
        _pending = false;
        _nullCount = false;
    }

    // One-shot modes: fold the elapsed ticks into _value so counting can pause and resume.
    private void Rebase(long tick)
    {
        long remaining = _value - Elapsed(tick);
        bool strobe = _mode is PitMode.SoftwareTriggeredStrobe or PitMode.HardwareTriggeredStrobe;
        if (!_done && (strobe ? remaining < 0 : remaining <= 0))
            _done = true;
        _value = _done ? Mod(remaining, Modulus) : remaining;
        _start = tick;
    }

    private bool PeriodicOutput(long d)
    {
        if (_mode == PitMode.RateGenerator)
            return _reload < 2 || d % _reload != _reload - 1;
        long q = (d + _offset) % _reload;
        return q < (_reload + 1) / 2;
    }

    private long Elapsed(long tick) => _run == CounterRun.Running ? Math.Max(0, tick - _start) : 0;

    /// <summary>The count register as a number of ticks: 0 means 65536 (10000 in BCD).</summary>
    private int InitialCount()
    {
        int value = _bcd ? FromBcd(_countRegister) : _countRegister;
        return value == 0 ? Modulus : value;
    }

    private int ToRaw(long value) => _bcd ? ToBcd((int)value) : (int)value;

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    private static int ToBcd(int value) =>
        value % 10 | (value / 10 % 10) << 4 | (value / 100 % 10) << 8 | (value / 1000 % 10) << 12;

    // Invalid BCD digits (A-F) count with their binary weight; the result stays well defined.
    private static int FromBcd(int raw) =>
        (raw & 0xF) + ((raw >> 4) & 0xF) * 10 + ((raw >> 8) & 0xF) * 100 + ((raw >> 12) & 0xF) * 1000;
}

/// <summary>Whether the counting element runs on the clock.</summary>
internal enum CounterRun
{
    /// <summary>No count loaded since the control word (or mode 0 between the two bytes): CE and OUT frozen.</summary>
    Idle = 0,
    Running = 1,
    /// <summary>GATE low: counting suspended (modes 0, 4) or stopped with OUT high (modes 2, 3).</summary>
    Paused = 2,
}
