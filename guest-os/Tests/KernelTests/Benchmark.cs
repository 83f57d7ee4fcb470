using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// The cost of a SENDREC round trip to a null server (issue 4's benchmark; a measurement,
/// never a pass/fail timing). Boot: 0 = bench-client, 1 = echo. Prints the round trips per
/// clock tick and the nanoseconds per round trip, measured with the kernel's uptime clock.
/// On pcemu, two runs with different rounds=N give the guest instructions per round trip
/// (tests/Guest.Tests/SendRecBenchmark.cs).
/// </summary>
internal static class Benchmark
{
    public const int DefaultRoundTrips = 20_000;
    public const int KernelCalls = 20_000;

    /// <summary>Runs <paramref name="roundTrips"/> SENDRECs (the rounds=N argument) and then a fixed number of kernel calls.</summary>
    public static void Client(int roundTrips)
    {
        int RoundTrips = roundTrips > 0 ? roundTrips : DefaultRoundTrips;
        Message m = default;
        Ipc.SendRec(1, ref m);                    // warm up: both processes touched
        Sys.Uptime(out int start, out int hz);
        int failures = 0;
        for (int i = 0; i < RoundTrips; i++)
        {
            if (Ipc.SendRec(1, ref m) != Error.Ok)
                failures++;
        }
        Sys.Uptime(out int end, out _);
        long nanoseconds = (long)(end - start) * 1_000_000_000L / hz;
        Sys.Print(string.Concat("BENCH sendrec round trips: ", RoundTrips.ToString(), " in ", (end - start).ToString(),
            " ticks of ", hz.ToString(), " Hz = ", (nanoseconds / RoundTrips).ToString(), " ns each"));
        Sys.Uptime(out start, out _);
        for (int i = 0; i < KernelCalls; i++)
            Sys.Times(out _, out _);
        Sys.Uptime(out end, out _);
        nanoseconds = (long)(end - start) * 1_000_000_000L / hz;
        Sys.Print(string.Concat("BENCH kernel call (SYS_TIMES): ", (nanoseconds / KernelCalls).ToString(), " ns each"));
        Check.Equal(0, failures, "every round trip succeeded");
        Check.Equal(RoundTrips + 1, m.P0, "the server saw every request");
        Check.Finish("benchmark");
    }
}
