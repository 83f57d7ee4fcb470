namespace PcEmu.Devices.Pit;

/// <summary>
/// Conversion between virtual nanoseconds and the 8254's input clock ticks (1.193182 MHz,
/// the PC's 14.31818 MHz crystal divided by 12). Tick k begins at the first nanosecond t with
/// floor(t * f / 1e9) = k, so tick boundaries sit on one absolute grid and a run is exact.
/// </summary>
public static class PitClock
{
    public const long InputClockHz = 1_193_182;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The tick in progress at <paramref name="nanoseconds"/>.</summary>
    public static long TickAt(long nanoseconds) =>
        nanoseconds <= 0 ? 0 : (long)((Int128)nanoseconds * InputClockHz / NanosecondsPerSecond);

    /// <summary>The first nanosecond of tick <paramref name="tick"/>.</summary>
    public static long NanosecondsAt(long tick) =>
        tick <= 0 ? 0 : (long)(((Int128)tick * NanosecondsPerSecond + InputClockHz - 1) / InputClockHz);
}
