using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>MXCSR: rounding control, DAZ/FTZ, exception flags, masked responses and #XM/#UD (SDM Vol. 1, 10.2.3, 11.5).</summary>
public sealed class MxcsrTests
{
    private const uint Data = 0x0000_8000;
    private const uint Out = 0x0000_9000;
    private const uint Handler = 0x0011_0000;
    private const uint Default = 0x1F80;
    private const uint RcDown = 1 << 13, RcUp = 2 << 13, RcZero = 3 << 13, Ftz = 1 << 15, Daz = 1 << 6;

    /// <summary>Loads MXCSR, runs <paramref name="body"/>, stores MXCSR to Out+0x100. Vector number of any exception lands in EBX.</summary>
    private static FlatMachine Run(uint mxcsr, Action<Assembler> body, Action<FlatMachine> setup, bool osxmmexcpt = true)
    {
        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, osxmmexcpt ? 0x600 : 0x200);
        a.mov(cr4, eax);
        a.mov(eax, cr0);
        a.and(eax, ~0x4);
        a.mov(cr0, eax);
        a.mov(ebx, 0xFFFF_FFFF);
        a.ldmxcsr(__dword_ptr[Data + 0xF0]);
        body(a);
        a.stmxcsr(__dword_ptr[Out + 0x100]);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.Memory.Write32(Data + 0xF0, mxcsr);
        for (int v = 0; v < 32; v++)
        {
            m.SetGate(v, Handler + (uint)(32 * v));
            var h = new Assembler(32);
            h.mov(ebx, v);
            h.stmxcsr(__dword_ptr[Out + 0x100]);
            h.hlt();
            m.Load(h, Handler + (uint)(32 * v));
        }
        setup(m);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        return m;
    }

    private static ulong Bits(double d) => (ulong)BitConverter.DoubleToInt64Bits(d);

    private static uint Flags(FlatMachine m) => m.Memory.Read32(Out + 0x100) & 0x3F;

    /// <summary>One scalar double operation xmm0 = Data op Data+8, result at Out.</summary>
    private static FlatMachine ScalarD(uint mxcsr, Action<Assembler> op, double x, double y, bool osxmmexcpt = true) =>
        ScalarDBits(mxcsr, op, Bits(x), Bits(y), osxmmexcpt);

    private static FlatMachine ScalarDBits(uint mxcsr, Action<Assembler> op, ulong x, ulong y, bool osxmmexcpt = true) =>
        Run(mxcsr, a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.movsd(xmm1, __qword_ptr[Data + 8]);
            a.movsd(__qword_ptr[Out], xmm0);
            op(a);
            a.movsd(__qword_ptr[Out], xmm0);
        }, m => { m.Memory.Write64(Data, x); m.Memory.Write64(Data + 8, y); }, osxmmexcpt);

    [Theory]
    [InlineData(0u, 0x3FD5_5555_5555_5555ul)]
    [InlineData(RcDown, 0x3FD5_5555_5555_5555ul)]
    [InlineData(RcUp, 0x3FD5_5555_5555_5556ul)]
    [InlineData(RcZero, 0x3FD5_5555_5555_5555ul)]
    public void DivisionRoundsUnderRc(uint rc, ulong expected)
    {
        FlatMachine m = ScalarD(Default | rc, a => a.divsd(xmm0, xmm1), 1.0, 3.0);
        Assert.Equal(expected, m.Memory.Read64(Out));
        Assert.Equal(0x20u, Flags(m)); // PE
    }

    [Theory]
    [InlineData(0u, 1.0, 1.0)]
    [InlineData(RcUp, 1.0, 1.0000000000000002)]
    [InlineData(RcDown, -1.0, -1.0000000000000002)]
    [InlineData(RcZero, -1.0, -1.0)]
    public void AdditionRoundsUnderRc(uint rc, double x, double expected)
    {
        FlatMachine m = ScalarD(Default | rc, a => a.addsd(xmm0, xmm1), x, Math.CopySign(Math.ScaleB(1, -60), x));
        Assert.Equal(Bits(expected), m.Memory.Read64(Out));
    }

    [Fact]
    public void ExactCancellationGivesMinusZeroOnlyWhenRoundingDown()
    {
        Assert.Equal(0ul, ScalarD(Default, a => a.subsd(xmm0, xmm1), 5.0, 5.0).Memory.Read64(Out));
        Assert.Equal(Bits(-0.0), ScalarD(Default | RcDown, a => a.subsd(xmm0, xmm1), 5.0, 5.0).Memory.Read64(Out));
    }

    [Theory]
    [InlineData(0u, 0x3FF6_A09E_667F_3BCDul)]
    [InlineData(RcDown, 0x3FF6_A09E_667F_3BCCul)]
    [InlineData(RcUp, 0x3FF6_A09E_667F_3BCDul)]
    public void SquareRootRoundsUnderRc(uint rc, ulong expected)
    {
        FlatMachine m = ScalarD(Default | rc, a => a.sqrtsd(xmm0, xmm1), 0, 2.0);
        Assert.Equal(expected, m.Memory.Read64(Out));
    }

    [Theory]
    [InlineData(0u, 2.5, 2u)]
    [InlineData(0u, 3.5, 4u)]
    [InlineData(RcDown, -2.5, 0xFFFF_FFFDu)]
    [InlineData(RcUp, 2.25, 3u)]
    [InlineData(RcZero, -2.75, 0xFFFF_FFFEu)]
    public void Cvtsd2siUsesRcAndCvttsd2siTruncates(uint rc, double v, uint expected)
    {
        FlatMachine m = Run(Default | rc, a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.cvtsd2si(ecx, xmm0);
            a.cvttsd2si(edx, xmm0);
        }, m => m.Memory.Write64(Data, Bits(v)));
        Assert.Equal(expected, m.Cpu.Ecx);
        Assert.Equal((uint)(int)Math.Truncate(v), m.Cpu.Edx);
        Assert.Equal(0x20u, Flags(m));
    }

    [Fact]
    public void OutOfRangeConversionIsInvalidWithIndefinite()
    {
        FlatMachine m = Run(Default, a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.cvtsd2si(ecx, xmm0);
        }, m => m.Memory.Write64(Data, Bits(2147483648.0)));
        Assert.Equal(0x8000_0000u, m.Cpu.Ecx);
        Assert.Equal(0x01u, Flags(m)); // IE only
    }

    [Fact]
    public void MaskedResponses()
    {
        FlatMachine div0 = ScalarD(Default, a => a.divsd(xmm0, xmm1), -1.0, 0.0);
        Assert.Equal(Bits(double.NegativeInfinity), div0.Memory.Read64(Out));
        Assert.Equal(0x04u, Flags(div0));

        FlatMachine invalid = ScalarD(Default, a => a.mulsd(xmm0, xmm1), 0.0, double.PositiveInfinity);
        Assert.Equal(0xFFF8_0000_0000_0000ul, invalid.Memory.Read64(Out)); // default NaN
        Assert.Equal(0x01u, Flags(invalid));

        FlatMachine overflow = ScalarD(Default, a => a.mulsd(xmm0, xmm1), double.MaxValue, 2.0);
        Assert.Equal(Bits(double.PositiveInfinity), overflow.Memory.Read64(Out));
        Assert.Equal(0x28u, Flags(overflow));

        FlatMachine overflowRz = ScalarD(Default | RcZero, a => a.mulsd(xmm0, xmm1), double.MaxValue, 2.0);
        Assert.Equal(Bits(double.MaxValue), overflowRz.Memory.Read64(Out));

        FlatMachine underflow = ScalarD(Default, a => a.divsd(xmm0, xmm1), Math.ScaleB(1, -1022), 3.0);
        Assert.Equal(Bits(Math.ScaleB(1, -1022) / 3.0), underflow.Memory.Read64(Out)); // denormal, rounded to nearest
        Assert.Equal(0x30u, Flags(underflow));

        FlatMachine exactTiny = ScalarD(Default, a => a.mulsd(xmm0, xmm1), Math.ScaleB(1, -1022), 0.5);
        Assert.Equal(Bits(Math.ScaleB(1, -1023)), exactTiny.Memory.Read64(Out));
        Assert.Equal(0x00u, Flags(exactTiny)); // tiny but exact: no UE when masked
    }

    [Fact]
    public void FlushToZeroAndDenormalsAreZero()
    {
        FlatMachine ftz = ScalarD(Default | Ftz, a => a.divsd(xmm0, xmm1), -Math.ScaleB(1, -1022), 3.0);
        Assert.Equal(Bits(-0.0), ftz.Memory.Read64(Out));
        Assert.Equal(0x30u, Flags(ftz));

        FlatMachine denormalOperand = ScalarDBits(Default, a => a.addsd(xmm0, xmm1), 1, Bits(1.0));
        Assert.Equal(Bits(1.0), denormalOperand.Memory.Read64(Out));
        Assert.Equal(0x22u, Flags(denormalOperand)); // DE + PE

        FlatMachine daz = ScalarDBits(Default | Daz, a => a.addsd(xmm0, xmm1), 1, Bits(1.0));
        Assert.Equal(Bits(1.0), daz.Memory.Read64(Out));
        Assert.Equal(0x00u, Flags(daz));
    }

    [Fact]
    public void NaNOperandRules()
    {
        const ulong QNaN1 = 0x7FF8_0000_0000_0001, QNaN2 = 0xFFF8_0000_0000_0002, SNaN = 0x7FF0_0000_0000_0003;
        FlatMachine both = ScalarDBits(Default, a => a.addsd(xmm0, xmm1), QNaN1, QNaN2);
        Assert.Equal(QNaN1, both.Memory.Read64(Out));
        Assert.Equal(0u, Flags(both));

        FlatMachine signaling = ScalarDBits(Default, a => a.mulsd(xmm0, xmm1), Bits(2.0), SNaN);
        Assert.Equal(SNaN | 0x0008_0000_0000_0000, signaling.Memory.Read64(Out));
        Assert.Equal(0x01u, Flags(signaling));

        FlatMachine max = ScalarDBits(Default, a => a.maxsd(xmm0, xmm1), QNaN1, Bits(4.0));
        Assert.Equal(Bits(4.0), max.Memory.Read64(Out));
        Assert.Equal(0x01u, Flags(max)); // MAXSD signals on a QNaN

        FlatMachine ucomi = Run(Default, a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.ucomisd(xmm0, xmm0);
            a.setp(cl);
        }, m => m.Memory.Write64(Data, QNaN1));
        Assert.Equal(1u, ucomi.Cpu.Ecx & 0xFF);
        Assert.Equal(0u, Flags(ucomi));
    }

    [Fact]
    public void SingleRoundingOfInt32()
    {
        FlatMachine m = Run(Default | RcUp, a =>
        {
            a.mov(ecx, 16777217);      // 2^24 + 1
            a.cvtsi2ss(xmm0, ecx);
            a.movss(__dword_ptr[Out], xmm0);
        }, _ => { });
        Assert.Equal(16777218f, BitConverter.Int32BitsToSingle((int)m.Memory.Read32(Out)));
        Assert.Equal(0x20u, Flags(m));
    }

    [Theory]
    [InlineData(true, 19)]   // CR4.OSXMMEXCPT=1: #XM
    [InlineData(false, 6)]   // otherwise #UD
    public void UnmaskedExceptionFaultsWithoutWritingTheDestination(bool osxmmexcpt, int vector)
    {
        FlatMachine m = ScalarD(Default & ~(1u << 9), a => a.divsd(xmm0, xmm1), 7.0, 0.0, osxmmexcpt); // ZM clear
        Assert.Equal((uint)vector, m.Cpu.Ebx);
        Assert.Equal(Bits(7.0), m.Memory.Read64(Out)); // the store before the divide; xmm0 unchanged
        Assert.Equal(0x04u, Flags(m));
    }

    [Fact]
    public void LdmxcsrWithReservedBitsRaisesGp()
    {
        FlatMachine m = Run(Default, a => a.ldmxcsr(__dword_ptr[Data]), m => m.Memory.Write32(Data, 0x0001_1F80));
        Assert.Equal(13u, m.Cpu.Ebx);
    }
}
