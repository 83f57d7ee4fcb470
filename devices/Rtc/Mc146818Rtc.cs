using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Rtc;

/// <summary>
/// The Motorola MC146818A real-time clock with its 114 bytes of battery-backed RAM, as a pure
/// chip model: 128 byte registers addressed by index (<see cref="RtcRegister"/> for 0x00-0x0D,
/// RAM above), one interrupt output (IRQ 8 on a PC). Port 0x70/0x71 and the NMI mask latch are
/// the job of <see cref="Mc146818RtcIsa"/>; the PC's use of the RAM is in <see cref="PcCmos"/>.
/// <para>
/// Time is computed, never ticked: the divider chain is a 32.768 kHz count from an origin on
/// the virtual clock. Every register access first catches up (<see cref="Synchronize"/>):
/// whole seconds elapsed since the last access become update cycles applied to the time
/// registers, periodic edges and update cycles set PF, UF and AF. One virtual timer is armed,
/// only while an enabled interrupt is not yet asserted, for the next periodic edge or
/// update cycle that could raise it.
/// </para>
/// <para>
/// Implemented: time and calendar registers in BCD or binary and 12- or 24-hour form, with the
/// chip's carries (leap year every fourth year); status A (UIP, divider control, rate select),
/// B (SET, PIE, AIE, UIE, SQWE, DM, 24/12, DSE), C (IRQF, PF, AF, UF, cleared on read), D (VRT);
/// the periodic interrupt at the 13 rates of datasheet Table 5 (rate 1 and 2 give 256 and
/// 128 Hz, as with the 32.768 kHz time base); the alarm with "don't care" values (0xC0-0xFF);
/// the update-ended interrupt; SET inhibiting updates; releasing the divider reset starts
/// the first update 500 ms later (datasheet, "Divider Control").
/// </para>
/// <para>
/// Readings chosen: UIP reads 1 during the 244 us before each update and the time registers
/// change at the update instant (QEMU's model; the chip's 1984 us update cycle is not
/// modelled). Divider values 000 and 001 run the clock like 010 (QEMU does the same; with the
/// PC's 32.768 kHz crystal they would be wrong on hardware), 011-101 stop it, 11x hold it in
/// reset. Changing DM or 24/12 re-encodes the time registers in the new form, as QEMU and
/// Bochs do (the datasheet leaves them meaningless until software reloads them). The
/// century byte 0x32 is kept in the register mode and carried when the year wraps, as QEMU does.
/// </para>
/// <para>
/// Known gaps: DSE is stored but daylight saving is never applied; the square-wave output is
/// not modelled (it is not wired on a PC). While only AIE is enabled the timer fires once per
/// second (every update) rather than at the matching second. A time with garbage fields that
/// stays invalid for more than 40 days of virtual time stops advancing.
/// </para>
/// </summary>
public sealed class Mc146818Rtc
{
    public const int CmosSize = 128;
    public const int TicksPerSecond = 32_768;
    /// <summary>The time the RTC shows at power-on in deterministic mode unless told otherwise.</summary>
    public static readonly DateTime DefaultDeterministicStart = new(2024, 1, 1, 0, 0, 0);

    private const long NanosecondsPerSecond = 1_000_000_000;
    /// <summary>UIP is set this many 32 kHz ticks (244.14 us) before each update.</summary>
    private const int UipTicks = 8;
    private const byte PowerOnStatusA = 0x26; // divider 010, rate 6 (1024 Hz), as a BIOS sets it
    private const int AlarmWindowSeconds = 86_400;
    private const long InvalidTimeStepLimit = 40L * 86_400;

    private readonly byte[] _cmos = new byte[CmosSize];
    private readonly IInterruptLine _irq;
    private readonly IVirtualClock _clock;
    private readonly IVirtualTimer _timer;
    private long _dividerOriginNs;
    private long _lastSyncTick;
    private bool _irqAsserted;

    /// <param name="timers">The machine's virtual timers (and through them the clock).</param>
    /// <param name="irq">The IRQ 8 wire; asserted while IRQF is set.</param>
    /// <param name="startTime">The time at power-on: a fixed time in deterministic mode, the host's local time otherwise.</param>
    public Mc146818Rtc(IVirtualTimers timers, IInterruptLine irq, DateTime startTime)
    {
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(irq);
        _irq = irq;
        _clock = timers.Clock;
        _timer = timers.CreateTimer("rtc", OnTimer);
        _cmos[(int)RtcRegister.StatusA] = PowerOnStatusA;
        _cmos[(int)RtcRegister.StatusB] = (byte)RtcStatusB.Hour24;
        _dividerOriginNs = _clock.NowNanoseconds;
        _lastSyncTick = 0;
        SetTime(startTime);
        Reset(ResetKind.PowerOn);
    }

    /// <summary>The level of the IRQ output (IRQF).</summary>
    public bool InterruptAsserted => _irqAsserted;

    /// <summary>True while the divider chain runs (DV = 000, 001 or 010) so time advances.</summary>
    public bool DividerRunning => (((byte)StatusA & (byte)RtcStatusA.DividerMask) >> 4) <= 2;

    private RtcStatusA StatusA => (RtcStatusA)_cmos[(int)RtcRegister.StatusA];

    private RtcStatusB StatusB => (RtcStatusB)_cmos[(int)RtcRegister.StatusB];

    private RtcStatusC StatusC
    {
        get => (RtcStatusC)_cmos[(int)RtcRegister.StatusC];
        set => _cmos[(int)RtcRegister.StatusC] = (byte)value;
    }

    /// <summary>
    /// The RESET pin (datasheet, "RESET"): clears PIE, AIE, UIE, SQWE and the flags of
    /// register C. The time, the divider and the RAM are battery-backed, so no reset kind
    /// touches them; a new time comes from <see cref="SetTime"/>.
    /// </summary>
    public void Reset(ResetKind kind)
    {
        Synchronize();
        _cmos[(int)RtcRegister.StatusB] &= (byte)~(RtcStatusB.InterruptEnables | RtcStatusB.SquareWaveEnable);
        StatusC = RtcStatusC.None;
        UpdateIrq();
    }

    /// <summary>Loads the time and calendar registers (and the century byte) in the current mode, as a BIOS setup screen would.</summary>
    public void SetTime(DateTime time)
    {
        Synchronize();
        RtcCalendar.FromDateTime(time).Encode(_cmos, (int)CmosIndex.Century, StatusB);
    }

    /// <summary>Reads a register the way the guest does (status C is cleared by the read).</summary>
    public byte Read(byte index)
    {
        index &= CmosSize - 1;
        if (index > (byte)RtcRegister.StatusD)
            return _cmos[index];
        Synchronize();
        byte value = (RtcRegister)index switch
        {
            RtcRegister.StatusA => ReadStatusA(),
            RtcRegister.StatusC => ReadStatusC(),
            RtcRegister.StatusD => (byte)RtcStatusD.ValidRamAndTime,
            _ => _cmos[index],
        };
        UpdateIrq();
        return value;
    }

    public void Write(byte index, byte value)
    {
        index &= CmosSize - 1;
        if (index > (byte)RtcRegister.StatusD)
        {
            _cmos[index] = value;
            return;
        }
        Synchronize();
        switch ((RtcRegister)index)
        {
            case RtcRegister.StatusA:
                WriteStatusA(value);
                break;
            case RtcRegister.StatusB:
                WriteStatusB(value);
                break;
            case RtcRegister.StatusC:
            case RtcRegister.StatusD:
                break; // read-only
            default:
                _cmos[index] = value;
                break;
        }
        UpdateIrq();
    }

    /// <summary>A RAM byte (0x0E-0x7F) as the host sees it, without side effects.</summary>
    public byte GetRam(int index)
    {
        CheckRamIndex(index);
        return _cmos[index];
    }

    /// <summary>Sets a RAM byte (0x0E-0x7F) from the host (the machine builder's CMOS setup).</summary>
    public void SetRam(int index, byte value)
    {
        CheckRamIndex(index);
        _cmos[index] = value;
    }

    /// <summary>
    /// Catches up with the virtual clock: applies the update cycles and periodic edges that
    /// happened since the last call. Every register access calls it; so does the timer.
    /// </summary>
    public void Synchronize()
    {
        if (!DividerRunning)
            return;
        long now = TickAt(_clock.NowNanoseconds);
        long last = _lastSyncTick;
        if (now <= last)
            return;
        _lastSyncTick = now;
        RtcStatusC flags = RtcStatusC.None;
        long period = PeriodTicks();
        if (period != 0 && now / period != last / period)
            flags |= RtcStatusC.Periodic;
        long updates = now / TicksPerSecond - last / TicksPerSecond;
        if (updates > 0 && (StatusB & RtcStatusB.Set) == 0)
        {
            flags |= RtcStatusC.UpdateEnded;
            if (AdvanceTime(updates))
                flags |= RtcStatusC.Alarm;
        }
        StatusC |= flags;
    }

    public Mc146818RtcState SaveState()
    {
        Synchronize();
        return new Mc146818RtcState(Mc146818RtcState.CurrentVersion, (byte[])_cmos.Clone(), _dividerOriginNs, _lastSyncTick);
    }

    public void LoadState(Mc146818RtcState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Mc146818RtcState.CurrentVersion)
            throw new InvalidDataException($"RTC state version {state.Version} is not supported");
        if (state.Cmos.Length != CmosSize)
            throw new InvalidDataException("RTC state must hold 128 CMOS bytes");
        state.Cmos.CopyTo(_cmos, 0);
        _dividerOriginNs = state.DividerOriginNs;
        _lastSyncTick = state.LastSyncTick;
        UpdateIrq();
    }

    private byte ReadStatusA()
    {
        RtcStatusA value = StatusA & ~RtcStatusA.UpdateInProgress;
        if (DividerRunning && (StatusB & RtcStatusB.Set) == 0 && _lastSyncTick % TicksPerSecond >= TicksPerSecond - UipTicks)
            value |= RtcStatusA.UpdateInProgress;
        return (byte)value;
    }

    private byte ReadStatusC()
    {
        byte value = (byte)StatusC;
        StatusC = RtcStatusC.None;
        return value;
    }

    private void WriteStatusA(byte value)
    {
        bool wasRunning = DividerRunning;
        _cmos[(int)RtcRegister.StatusA] = (byte)((RtcStatusA)value & ~RtcStatusA.UpdateInProgress);
        if (!wasRunning && DividerRunning)
        {
            // Datasheet, "Divider Control": the first update comes 500 ms after the chain starts.
            long now = _clock.NowNanoseconds;
            _dividerOriginNs = now - NanosecondsPerSecond / 2;
            _lastSyncTick = TickAt(now);
        }
    }

    private void WriteStatusB(byte value)
    {
        RtcStatusB before = StatusB;
        RtcStatusB after = (RtcStatusB)value;
        if ((after & RtcStatusB.Set) != 0)
            after &= ~RtcStatusB.UpdateEndedInterruptEnable; // datasheet, register B bit 7
        if (((before ^ after) & RtcStatusB.DataMode) != 0)
        {
            RtcCalendar time = RtcCalendar.Decode(_cmos, (int)CmosIndex.Century, before);
            if (time.IsValid)
                time.Encode(_cmos, (int)CmosIndex.Century, after);
        }
        _cmos[(int)RtcRegister.StatusB] = (byte)after;
    }

    /// <summary>Applies <paramref name="updates"/> update cycles; true when the alarm matched during any of them.</summary>
    private bool AdvanceTime(long updates)
    {
        RtcStatusB mode = StatusB;
        RtcCalendar before = RtcCalendar.Decode(_cmos, (int)CmosIndex.Century, mode);
        RtcCalendar time = before;
        // The alarm repeats within a day, so only the last day of updates needs comparing.
        long skip = Math.Max(0, updates - AlarmWindowSeconds);
        long stepped = 0;
        while (skip > 0 && !time.IsValid && stepped < InvalidTimeStepLimit)
        {
            time.Step();
            skip--;
            stepped++;
        }
        if (skip > 0 && time.IsValid)
            time.Jump(skip);
        bool alarm = false;
        for (long i = Math.Min(updates, AlarmWindowSeconds); i > 0; i--)
        {
            time.Step();
            alarm |= AlarmMatches(time, mode);
        }
        time.Encode(_cmos, (int)CmosIndex.Century, mode, before);
        return alarm;
    }

    /// <summary>Datasheet, "Alarm": each alarm byte equals its time byte or is a don't-care (0xC0-0xFF).</summary>
    private bool AlarmMatches(in RtcCalendar time, RtcStatusB mode) =>
        AlarmByteMatches(_cmos[(int)RtcRegister.SecondsAlarm], RtcCalendar.ToRegister(time.Second, mode))
        && AlarmByteMatches(_cmos[(int)RtcRegister.MinutesAlarm], RtcCalendar.ToRegister(time.Minute, mode))
        && AlarmByteMatches(_cmos[(int)RtcRegister.HoursAlarm], RtcCalendar.EncodeHour(time.Hour, mode));

    private static bool AlarmByteMatches(byte alarm, byte value) => (alarm & 0xC0) == 0xC0 || alarm == value;

    /// <summary>Periodic interrupt period in 32 kHz ticks (datasheet Table 5), 0 when off.</summary>
    private long PeriodTicks()
    {
        int rate = (int)(StatusA & RtcStatusA.RateSelectMask);
        if (rate == 0)
            return 0;
        if (rate <= 2)
            rate += 7;
        return 1L << (rate - 1);
    }

    private long TickAt(long nanoseconds)
    {
        long elapsed = nanoseconds - _dividerOriginNs;
        if (elapsed <= 0)
            return 0;
        return elapsed / NanosecondsPerSecond * TicksPerSecond + elapsed % NanosecondsPerSecond * TicksPerSecond / NanosecondsPerSecond;
    }

    /// <summary>The first virtual nanosecond at which the divider has counted <paramref name="tick"/> ticks.</summary>
    private long TimeOfTick(long tick) =>
        _dividerOriginNs + tick / TicksPerSecond * NanosecondsPerSecond
        + (tick % TicksPerSecond * NanosecondsPerSecond + TicksPerSecond - 1) / TicksPerSecond;

    private void OnTimer()
    {
        Synchronize();
        UpdateIrq();
    }

    /// <summary>
    /// The only code that drives the IRQ pin: IRQF is any flag of C with its enable in B
    /// (same bit positions). Then re-arms the timer for the next event that could assert it.
    /// </summary>
    private void UpdateIrq()
    {
        RtcStatusC pending = StatusC & (RtcStatusC)(byte)(StatusB & RtcStatusB.InterruptEnables);
        bool asserted = pending != RtcStatusC.None;
        StatusC = asserted ? StatusC | RtcStatusC.InterruptRequest : StatusC & ~RtcStatusC.InterruptRequest;
        if (asserted != _irqAsserted)
        {
            _irqAsserted = asserted;
            _irq.Set(asserted);
        }
        ArmTimer();
    }

    private void ArmTimer()
    {
        RtcStatusB b = StatusB;
        if (_irqAsserted || !DividerRunning)
        {
            _timer.Disarm();
            return;
        }
        long now = _lastSyncTick;
        long next = long.MaxValue;
        long period = PeriodTicks();
        if ((b & RtcStatusB.PeriodicInterruptEnable) != 0 && period != 0)
            next = (now / period + 1) * period;
        if ((b & (RtcStatusB.UpdateEndedInterruptEnable | RtcStatusB.AlarmInterruptEnable)) != 0 && (b & RtcStatusB.Set) == 0)
            next = Math.Min(next, (now / TicksPerSecond + 1) * TicksPerSecond);
        if (next == long.MaxValue)
            _timer.Disarm();
        else if (!_timer.IsArmed || _timer.Deadline != TimeOfTick(next))
            _timer.Arm(TimeOfTick(next));
    }

    private static void CheckRamIndex(int index)
    {
        if (index <= (int)RtcRegister.StatusD || index >= CmosSize)
            throw new ArgumentOutOfRangeException(nameof(index), $"CMOS RAM is 0x0E-0x7F, not 0x{index:X2}");
    }
}
