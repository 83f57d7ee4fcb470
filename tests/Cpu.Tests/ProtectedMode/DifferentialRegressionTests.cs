using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>
/// Divergences from qemu-system-i386 found by the randomised differential test
/// (tests/Integration.Tests/DifferentialCpuTests), each reduced to the instruction at fault.
/// </summary>
public sealed class DifferentialRegressionTests
{
    private const uint Data = 0x0000_8000;

    private static FlatMachine RunSse(Action<Assembler> body, Action<FlatMachine> setup)
    {
        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, 0x600);
        a.mov(cr4, eax);
        a.mov(eax, cr0);
        a.and(eax, ~0x4);
        a.mov(cr0, eax);
        body(a);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        setup(m);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        return m;
    }

    // Sequence #5786 of seed 2026: SUBPS returned a NaN second operand with its sign flipped
    // (the subtraction negated the subtrahend before NaN propagation). SDM Vol. 1, 4.8.3.5 and
    // Table 4-7: a NaN source is returned quieted, sign and payload kept.
    [Theory]
    [InlineData(0x7FA7_B016u, 0x7FE7_B016u)]   // SNaN: quieted, IE
    [InlineData(0x7FE7_B016u, 0x7FE7_B016u)]   // positive QNaN
    [InlineData(0xFFC1_2345u, 0xFFC1_2345u)]   // negative QNaN
    public void Subtraction_returns_a_NaN_subtrahend_with_its_own_sign(uint nan, uint expected)
    {
        FlatMachine m = RunSse(a =>
        {
            a.movups(xmm0, __xmmword_ptr[Data]);
            a.subps(xmm0, __xmmword_ptr[Data + 16]);
            a.movups(__xmmword_ptr[Data + 32], xmm0);
            a.movss(xmm1, __dword_ptr[Data]);
            a.subss(xmm1, __dword_ptr[Data + 16]);
            a.movss(__dword_ptr[Data + 48], xmm1);
        }, m =>
        {
            for (uint k = 0; k < 4; k++)
            {
                m.Memory.Write32(Data + 4 * k, 0x3F80_0000);          // 1.0f
                m.Memory.Write32(Data + 16 + 4 * k, nan);
            }
        });
        for (uint k = 0; k < 4; k++)
            Assert.Equal(expected, m.Memory.Read32(Data + 32 + 4 * k));
        Assert.Equal(expected, m.Memory.Read32(Data + 48));
    }

    [Fact]
    public void Double_subtraction_returns_a_NaN_subtrahend_with_its_own_sign()
    {
        FlatMachine m = RunSse(a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.subsd(xmm0, __qword_ptr[Data + 8]);
            a.movsd(__qword_ptr[Data + 16], xmm0);
        }, m =>
        {
            m.Memory.Write64(Data, 0x3FF0_0000_0000_0000);                // 1.0
            m.Memory.Write64(Data + 8, 0x7FF8_1234_5678_9ABC);            // positive QNaN
        });
        Assert.Equal(0x7FF8_1234_5678_9ABCul, m.Memory.Read64(Data + 16));
    }
}
