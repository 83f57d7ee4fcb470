using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Pit;

/// <summary>
/// The Intel 8254 programmable interval timer as the PC wires it, as a chip model: three
/// counters clocked at 1.193182 MHz, four registers (<see cref="Pit8254Register"/>), GATE
/// inputs (<see cref="SetGate"/>; counters 0 and 1 are tied high, counter 2 comes from port
/// 0x61 bit 0) and OUT pins: OUT0 drives IRQ 0, OUT2 is read back through port 0x61 and
/// feeds the speaker. Ports 0x40-0x43 are attached by <see cref="Pit8254Isa"/>, port 0x61 by
/// <see cref="SystemControlPortB"/>.
/// <para>
/// Nothing ticks. Each counter keeps the tick its current run started at and computes its
/// count and OUT from the virtual clock; one <see cref="IVirtualTimer"/> is armed for the
/// next change of OUT0 (either edge, or the tick a pending mode 2/3 count loads), and
/// <see cref="UpdateIrq"/> re-arms it each time it fires or counter 0 is reprogrammed. OUT1
/// and OUT2 have no timer: they are computed when read.
/// </para>
/// <para>
/// Implemented: control words (counter, access low/high/both, modes 0-5 with 6 and 7 as
/// aliases of 2 and 3, BCD); the counter latch command; the read-back command (count and
/// status latches, status first); modes 0-5 with their OUT waveforms and GATE behaviour
/// (0 and 4 suspend while GATE is low; 1 and 5 trigger on its rising edge; 2 and 3 stop with
/// OUT high and reload on the rising edge); periodic reload in modes 2 and 3, mode 3 halves
/// for odd counts (high for (N+1)/2, low for (N-1)/2, count decremented by two); a count
/// written during a mode 2 or 3 cycle loads at the end of the cycle or half-cycle; mode 0's
/// first-byte stop; the null-count flag; count 0 as 65536 (10000 in BCD).
/// </para>
/// <para>
/// Readings chosen where the datasheet leaves room: a count is loaded at the tick it is
/// written (the datasheet loads it on the next CLK falling edge, 838 ns later) and a GATE
/// trigger likewise. Count 1 in modes 2 and 3 is illegal per the datasheet; here OUT stays
/// high and the count reads 1 (mode 2) or 0 (mode 3). Power-on state is undefined on the
/// chip; we use QEMU's: every counter in mode 3, count 65536, low-then-high access, so an
/// unprogrammed counter 0 runs at 18.2 Hz and reading any unprogrammed counter returns its
/// live count. A control word does not clear pending count or status latches (as in QEMU).
/// Invalid BCD digits count with their binary weight. Reads of the control port float (0xFF).
/// </para>
/// </summary>
public sealed class Pit8254
{
    public const int ChannelCount = 3;
    public const int IrqChannel = 0;
    public const int SpeakerChannel = 2;

    private readonly Pit8254Channel[] _channels = [new(), new(), new()];
    private readonly IVirtualClock _clock;
    private readonly IInterruptLine _irq0;
    private readonly IVirtualTimer _irqTimer;
    private bool _irqLevel;
    private long _irqEventTick;

    /// <param name="timers">The machine's virtual timers; the PIT takes one for OUT0.</param>
    /// <param name="irq0">The line OUT0 drives (the PIC's IRQ 0).</param>
    public Pit8254(IVirtualTimers timers, IInterruptLine irq0)
    {
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(irq0);
        _clock = timers.Clock;
        _irq0 = irq0;
        _irqTimer = timers.CreateTimer("pit.out0", OnIrqTimer);
        Reset(ResetKind.PowerOn);
    }

    public IVirtualClock Clock => _clock;

    /// <summary>The input-clock tick in progress now.</summary>
    public long CurrentTick => PitClock.TickAt(_clock.NowNanoseconds);

    public void Reset(ResetKind kind)
    {
        long tick = CurrentTick;
        for (int i = 0; i < ChannelCount; i++)
            _channels[i].Reset(tick, gate: i != SpeakerChannel);
        UpdateIrq(tick);
    }

    public byte Read(Pit8254Register register)
    {
        if (register == Pit8254Register.Control)
            return 0xFF; // 8254 datasheet, Table 1: no-operation, the data bus floats
        return _channels[(int)register & 3].Read(CurrentTick);
    }

    public void Write(Pit8254Register register, byte value)
    {
        long tick = CurrentTick;
        if (register == Pit8254Register.Control)
            WriteControl(value, tick);
        else
            _channels[(int)register & 3].Write(value, tick);
        if (register is Pit8254Register.Control or Pit8254Register.Counter0)
            UpdateIrq(tick);
    }

    /// <summary>Drives the GATE input of counter <paramref name="channel"/> (0-2).</summary>
    public void SetGate(int channel, bool level)
    {
        if ((uint)channel >= ChannelCount)
            throw new ArgumentOutOfRangeException(nameof(channel));
        long tick = CurrentTick;
        _channels[channel].SetGate(level, tick);
        if (channel == IrqChannel)
            UpdateIrq(tick);
    }

    public bool GetGate(int channel) => _channels[ValidChannel(channel)].Gate;

    /// <summary>The level of OUT<paramref name="channel"/> now.</summary>
    public bool GetOutput(int channel) => _channels[ValidChannel(channel)].OutputAt(CurrentTick);

    public PitMode GetMode(int channel) => _channels[ValidChannel(channel)].Mode;

    /// <summary>The period in input ticks of a running mode 2 or 3 counter, else 0 (for a speaker back end).</summary>
    public int GetPeriodTicks(int channel) => _channels[ValidChannel(channel)].PeriodTicks;

    public Pit8254State SaveState() => new(
        Pit8254State.CurrentVersion,
        [_channels[0].SaveState(), _channels[1].SaveState(), _channels[2].SaveState()]);

    public void LoadState(Pit8254State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Pit8254State.CurrentVersion)
            throw new InvalidDataException($"8254 state version {state.Version} is not supported");
        if (state.Channels.Length != ChannelCount)
            throw new InvalidDataException("8254 state must hold three counters");
        for (int i = 0; i < ChannelCount; i++)
            _channels[i].LoadState(state.Channels[i]);
        UpdateIrq(CurrentTick);
    }

    private void WriteControl(byte value, long tick)
    {
        int select = value >> PitControlWord.SelectShift;
        if (select == PitControlWord.ReadBackSelect)
        {
            ReadBack((PitReadBack)value, tick);
            return;
        }
        Pit8254Channel channel = _channels[select];
        if (((value >> PitControlWord.AccessShift) & PitControlWord.AccessMask) == (int)PitAccess.LatchCommand)
            channel.LatchCount(tick);
        else
            channel.WriteControl(value, tick);
    }

    // 8254 datasheet, read-back command: latch count and/or status of each selected counter.
    private void ReadBack(PitReadBack command, long tick)
    {
        ReadOnlySpan<PitReadBack> selects = [PitReadBack.Counter0, PitReadBack.Counter1, PitReadBack.Counter2];
        for (int i = 0; i < ChannelCount; i++)
        {
            if ((command & selects[i]) == 0)
                continue;
            if ((command & PitReadBack.NoCount) == 0)
                _channels[i].LatchCount(tick);
            if ((command & PitReadBack.NoStatus) == 0)
                _channels[i].LatchStatus(tick);
        }
    }

    private void OnIrqTimer()
    {
        long now = CurrentTick;
        UpdateIrq(Math.Min(_irqEventTick, now));
        // Fired late (the machine ran past the deadline): still show the edge that followed,
        // then jump to the present instead of replaying every missed period.
        if (_irqTimer.IsArmed && _irqEventTick < now)
        {
            UpdateIrq(_irqEventTick);
            if (_irqTimer.IsArmed && _irqEventTick < now)
                UpdateIrq(now);
        }
    }

    /// <summary>The only code that drives IRQ 0: sets it to OUT0 at <paramref name="tick"/> and arms the timer for OUT0's next change.</summary>
    private void UpdateIrq(long tick)
    {
        Pit8254Channel channel = _channels[IrqChannel];
        bool level = channel.OutputAt(tick);
        if (level != _irqLevel)
        {
            _irqLevel = level;
            _irq0.Set(level);
        }
        if (channel.NextEventAfter(tick) is long next)
        {
            _irqEventTick = next;
            _irqTimer.Arm(PitClock.NanosecondsAt(next));
        }
        else
        {
            _irqTimer.Disarm();
        }
    }

    private static int ValidChannel(int channel) =>
        (uint)channel < ChannelCount ? channel : throw new ArgumentOutOfRangeException(nameof(channel));
}
