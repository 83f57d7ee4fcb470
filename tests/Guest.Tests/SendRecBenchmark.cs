using Xunit.Abstractions;

namespace Guest.Tests;

/// <summary>
/// Runs the SENDREC round-trip measurement (guest-os/Tests/KernelTests/Benchmark.cs) on QEMU
/// and reports its numbers in the test output. Only completion is checked: timings are
/// benchmarks, never pass/fail criteria (DESIGN.md, Testing doctrine).
/// </summary>
public class SendRecBenchmark(ITestOutputHelper output)
{
    [Fact]
    public void Round_trip_to_a_null_server_is_measured()
    {
        string program = GuestImages.Path("KernelTests");
        Qemu.Result result = Qemu.Boot(GuestImages.Path("Kernel"),
            new[] { program + " role=bench-client", program + " role=echo" }, TimeSpan.FromSeconds(120));
        foreach (string line in result.Serial.Split('\n').Where(l => l.StartsWith("BENCH", StringComparison.Ordinal)))
            output.WriteLine(line);
        Assert.False(result.TimedOut, result.Serial);
        Assert.Contains("VERDICT PASS benchmark", result.Serial);
    }
}
