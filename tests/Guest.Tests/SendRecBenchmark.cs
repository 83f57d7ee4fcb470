using Xunit.Abstractions;

namespace Guest.Tests;

/// <summary>
/// The SENDREC round trip to a null server (guest-os/Tests/KernelTests/Benchmark.cs), a
/// measurement reported in the test output, never a pass/fail timing (DESIGN.md, Testing
/// doctrine). On pcemu two runs that differ only in the number of round trips give the
/// deterministic cost in guest instructions; on QEMU the guest reports nanoseconds.
/// </summary>
public class SendRecBenchmark(ITestOutputHelper output)
{
    [Fact]
    public void Round_trip_in_guest_instructions_on_pcemu()
    {
        const int fewer = 1000, more = 3000;
        ulong instructionsFewer = RetiredInstructions(fewer);
        ulong instructionsMore = RetiredInstructions(more);
        Assert.True(instructionsMore > instructionsFewer);
        ulong perRoundTrip = (instructionsMore - instructionsFewer) / (more - fewer);
        output.WriteLine($"SENDREC round trip to a null server: {perRoundTrip} guest instructions (pcemu)");
        Assert.InRange(perRoundTrip, 1ul, 1_000_000ul);
    }

    [Fact]
    public void Round_trip_in_nanoseconds_on_qemu()
    {
        string program = GuestImages.Path("KernelTests");
        Qemu.Result result = Qemu.Boot(GuestImages.Path("Kernel"),
            new[] { program + " role=bench-client", program + " role=echo" }, TimeSpan.FromSeconds(120));
        foreach (string line in result.Serial.Split('\n').Where(l => l.StartsWith("BENCH", StringComparison.Ordinal)))
            output.WriteLine("QEMU: " + line);
        Assert.False(result.TimedOut, result.Serial);
        Assert.Contains("VERDICT PASS benchmark", result.Serial);
    }

    private ulong RetiredInstructions(int roundTrips)
    {
        string program = GuestImages.Path("KernelTests");
        Pcemu.Result result = Pcemu.Boot(GuestImages.Path("Kernel"),
            new[] { $"{program} role=bench-client rounds={roundTrips}", program + " role=echo" });
        Assert.Contains("VERDICT PASS benchmark", result.Serial);
        return result.Machine.RetiredInstructions;
    }
}
