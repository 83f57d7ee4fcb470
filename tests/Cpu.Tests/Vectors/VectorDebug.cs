using Xunit.Abstractions;

namespace PcEmu.Cpu.Tests.Vectors;

/// <summary>Prints one vector's initial and final state (set PCEMU_VECTOR=file:index to use).</summary>
public sealed class VectorDebug
{
    private readonly ITestOutputHelper _output;

    public VectorDebug(ITestOutputHelper output) => _output = output;

    [Fact]
    public void DumpSelectedVector()
    {
        string? sel = Environment.GetEnvironmentVariable("PCEMU_VECTOR");
        if (sel is null)
            return;
        string[] parts = sel.Split(':');
        MooTest t = MooFile.Load(Path.Combine(Real286VectorTests.VectorDirectory, parts[0])).First(x => x.Index == int.Parse(parts[1]));
        _output.WriteLine($"{t.Name} bytes {Convert.ToHexString(t.Bytes)} excp {t.ExceptionVector}");
        _output.WriteLine("init " + string.Join(" ", t.Init.Regs.Select(r => r?.ToString("X4") ?? "----")));
        _output.WriteLine("fina " + string.Join(" ", t.Final.Regs.Select(r => r?.ToString("X4") ?? "----")));
        _output.WriteLine("init ram " + string.Join(" ", t.Init.Ram.Select(r => $"{r.Address:X6}={r.Value:X2}")));
        _output.WriteLine("fina ram " + string.Join(" ", t.Final.Ram.Select(r => $"{r.Address:X6}={r.Value:X2}")));
        Assert.Fail("dump");
    }
}
