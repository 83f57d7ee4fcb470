namespace GuestOs.Kernel;

/// <summary>
/// The clock task, run directly in the timer interrupt (as MINIX 3.2+ does): the 8254 PIT
/// channel 0 at <see cref="Hz"/> ticks a second, the uptime, user-time accounting, quanta,
/// the real time (boot time plus uptime), and the timer list (Timers.cs) whose alarms expire as
/// notifications from CLOCK.
/// </summary>
internal static class Clock
{
    public const int Hz = 100;
    private const uint PitFrequency = 1193182;
    private const ushort PitChannel0 = 0x40, PitCommand = 0x43;

    public static ulong Ticks;
    public static uint BootTime;             // seconds since the epoch at tick 0 (STIME, SETTIME)

    /// <summary>The real time in seconds since the epoch.</summary>
    public static uint Now => BootTime + (uint)(Ticks / Hz);

    public static void Initialize()
    {
        uint divisor = PitFrequency / Hz;
        Cpu.Out8(PitCommand, 0x34);          // channel 0, lobyte/hibyte, mode 2 (rate generator)
        Cpu.Out8(PitChannel0, (byte)divisor);
        Cpu.Out8(PitChannel0, (byte)(divisor >> 8));
        Pic.Unmask(0);
    }

    public static void Tick()
    {
        Ticks++;
        Proc current = Interrupts.Current;
        if (current != null && current.IsRunnable)
        {
            current.UserTicks++;
            if (--current.TicksLeft <= 0)
                Scheduler.QuantumExpired(current);
        }
        Timers.Expire(Ticks);
    }
}
