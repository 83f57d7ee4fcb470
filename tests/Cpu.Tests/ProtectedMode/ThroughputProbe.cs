using System.Diagnostics;
using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using Xunit.Abstractions;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>Prints interpreter throughput on a small integer loop (informational; always passes).</summary>
public sealed class ThroughputProbe(ITestOutputHelper output)
{
    [Fact]
    public void IntegerLoopThroughput()
    {
        var a = new Assembler(32);
        a.mov(ecx, 3_000_000);
        a.xor(eax, eax);
        a.mov(esi, 0x8000);
        Label top = a.CreateLabel();
        a.Label(ref top);
        a.add(eax, ecx);
        a.mov(__dword_ptr[esi], eax);
        a.xor(ebx, __dword_ptr[esi]);
        a.lea(edx, __dword_ptr[eax + ecx * 2 + 4]);
        a.dec(ecx);
        a.jne(top);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        var sw = Stopwatch.StartNew();
        Assert.Equal(CpuExitReason.Halted, m.Run(100_000_000));
        sw.Stop();
        double mips = m.Cpu.RetiredInstructions / sw.Elapsed.TotalSeconds / 1e6;
        output.WriteLine($"{m.Cpu.RetiredInstructions} instructions in {sw.ElapsedMilliseconds} ms: {mips:F1} MIPS, {m.Cpu.DecodedBlockCount} blocks decoded");
    }
}
