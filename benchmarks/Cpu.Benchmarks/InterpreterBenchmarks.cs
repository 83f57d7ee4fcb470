using BenchmarkDotNet.Attributes;
using PcEmu.Cpu;
using PcEmu.Memory;

namespace Cpu.Benchmarks;

/// <summary>
/// Guest instructions per second of the interpreter. Each benchmark runs a fixed budget of
/// guest instructions; OperationsPerInvoke makes BenchmarkDotNet report the time per guest
/// instruction, whose inverse is the instruction rate.
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int Instructions = 2_000_000;

    private X86Cpu _integer = null!;
    private X86Cpu _copy = null!;
    private X86Cpu _mixed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _integer = Boot(GuestPrograms.Forever(GuestPrograms.IntegerLoop));
        _copy = Boot(GuestPrograms.Forever(GuestPrograms.MemoryCopy));
        _mixed = Boot(GuestPrograms.Forever(GuestPrograms.Mixed));
    }

    [Benchmark(OperationsPerInvoke = Instructions)]
    public CpuExitReason IntegerLoop() => _integer.Run(Instructions);

    [Benchmark(OperationsPerInvoke = Instructions)]
    public CpuExitReason MemoryCopy() => _copy.Run(Instructions);

    [Benchmark(OperationsPerInvoke = Instructions)]
    public CpuExitReason Mixed() => _mixed.Run(Instructions);

    private static X86Cpu Boot(byte[] code)
    {
        var memory = new PhysicalMemory(64 * 1024 * 1024);
        memory.WriteBlock(GuestPrograms.LoadAddress, code);
        var cpu = new X86Cpu(memory, new IoPortBus());
        cpu.EnterMultibootState(GuestPrograms.LoadAddress, 0);
        return cpu;
    }
}
