using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>The SSE/SSE2 and x87 instructions RyuJIT emits, checked on flat 32-bit code.</summary>
public sealed class SseTests
{
    private const uint Data = 0x0000_8000;   // 16-byte aligned scratch area
    private const uint Out = 0x0000_9000;

    private static FlatMachine Run(Action<Assembler> body, Action<FlatMachine>? setup = null, bool enableSse = true)
    {
        var a = new Assembler(32);
        if (enableSse)
        {
            a.mov(eax, cr4);
            a.or(eax, 0x600);
            a.mov(cr4, eax);
            a.mov(eax, cr0);
            a.and(eax, ~0x4);
            a.mov(cr0, eax);
        }
        body(a);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        setup?.Invoke(m);
        m.Run();
        return m;
    }

    private static void PutDouble(FlatMachine m, uint at, double v) => m.Memory.Write64(at, (ulong)BitConverter.DoubleToInt64Bits(v));
    private static void PutFloat(FlatMachine m, uint at, float v) => m.Memory.Write32(at, (uint)BitConverter.SingleToInt32Bits(v));
    private static double GetDouble(FlatMachine m, uint at) => BitConverter.Int64BitsToDouble((long)m.Memory.Read64(at));
    private static float GetFloat(FlatMachine m, uint at) => BitConverter.Int32BitsToSingle((int)m.Memory.Read32(at));

    [Fact]
    public void ScalarDoubleArithmetic()
    {
        FlatMachine m = Run(a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);       // 1.5
            a.movsd(xmm1, __qword_ptr[Data + 8]);   // 2.25
            a.addsd(xmm0, xmm1);                    // 3.75
            a.mulsd(xmm0, xmm1);                    // 8.4375
            a.movsd(__qword_ptr[Out], xmm0);
            a.divsd(xmm0, xmm1);                    // 3.75
            a.subsd(xmm0, __qword_ptr[Data]);       // 2.25
            a.sqrtsd(xmm0, xmm0);                   // 1.5
            a.movsd(__qword_ptr[Out + 8], xmm0);
            a.maxsd(xmm0, xmm1);
            a.movsd(__qword_ptr[Out + 16], xmm0);
            a.minsd(xmm0, __qword_ptr[Data]);
            a.movsd(__qword_ptr[Out + 24], xmm0);
        }, m => { PutDouble(m, Data, 1.5); PutDouble(m, Data + 8, 2.25); });
        Assert.Equal(8.4375, GetDouble(m, Out));
        Assert.Equal(1.5, GetDouble(m, Out + 8));
        Assert.Equal(2.25, GetDouble(m, Out + 16));
        Assert.Equal(1.5, GetDouble(m, Out + 24));
    }

    [Fact]
    public void ScalarSingleArithmeticAndConversions()
    {
        FlatMachine m = Run(a =>
        {
            a.movss(xmm0, __dword_ptr[Data]);       // 10.5f
            a.movss(xmm1, __dword_ptr[Data + 4]);   // 4f
            a.subss(xmm0, xmm1);
            a.mulss(xmm0, xmm1);
            a.divss(xmm0, xmm1);                    // 6.5
            a.addss(xmm0, xmm1);                    // 10.5
            a.sqrtss(xmm2, xmm1);                   // 2
            a.minss(xmm2, xmm1);
            a.maxss(xmm2, xmm1);                    // 4
            a.movss(__dword_ptr[Out], xmm0);
            a.movss(__dword_ptr[Out + 4], xmm2);
            a.cvtss2sd(xmm3, xmm0);
            a.movsd(__qword_ptr[Out + 8], xmm3);
            a.cvtsd2ss(xmm4, xmm3);
            a.movss(__dword_ptr[Out + 16], xmm4);
            a.cvttss2si(eax, xmm0);                 // 10
            a.cvtss2si(ebx, xmm0);                  // 10 (round to even)
            a.mov(ecx, unchecked((uint)-7));
            a.cvtsi2ss(xmm5, ecx);
            a.movss(__dword_ptr[Out + 20], xmm5);
            a.cvtsi2sd(xmm6, ecx);
            a.movsd(__qword_ptr[Out + 24], xmm6);
        }, m => { PutFloat(m, Data, 10.5f); PutFloat(m, Data + 4, 4f); });
        Assert.Equal(10.5f, GetFloat(m, Out));
        Assert.Equal(4f, GetFloat(m, Out + 4));
        Assert.Equal(10.5, GetDouble(m, Out + 8));
        Assert.Equal(10.5f, GetFloat(m, Out + 16));
        Assert.Equal(10u, m.Cpu.Eax);
        Assert.Equal(10u, m.Cpu.Ebx);
        Assert.Equal(-7f, GetFloat(m, Out + 20));
        Assert.Equal(-7.0, GetDouble(m, Out + 24));
    }

    [Fact]
    public void OutOfRangeConversionsGiveIntegerIndefinite()
    {
        FlatMachine m = Run(a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);
            a.cvttsd2si(eax, xmm0);
            a.movsd(xmm1, __qword_ptr[Data + 8]);
            a.cvttsd2si(ebx, xmm1);
            a.cvtsd2si(ecx, xmm1);
            a.movupd(xmm2, __xmmword_ptr[Data]);
            a.cvttpd2dq(xmm3, xmm2);
            a.movdqu(__xmmword_ptr[Out], xmm3);
            a.movups(xmm4, __xmmword_ptr[Data + 16]);
            a.cvttps2dq(xmm5, xmm4);
            a.movdqu(__xmmword_ptr[Out + 16], xmm5);
        }, m =>
        {
            PutDouble(m, Data, 3e10);
            PutDouble(m, Data + 8, double.NaN);
            PutFloat(m, Data + 16, -2.75f);
            PutFloat(m, Data + 20, 1e20f);
            PutFloat(m, Data + 24, 7.9f);
            PutFloat(m, Data + 28, float.NaN);
        });
        Assert.Equal(0x8000_0000u, m.Cpu.Eax);
        Assert.Equal(0x8000_0000u, m.Cpu.Ebx);
        Assert.Equal(0x8000_0000u, m.Cpu.Ecx);
        Assert.Equal(0x8000_0000u, m.Memory.Read32(Out));
        Assert.Equal(0x8000_0000u, m.Memory.Read32(Out + 4));
        Assert.Equal(0ul, m.Memory.Read64(Out + 8));
        Assert.Equal(unchecked((uint)-2), m.Memory.Read32(Out + 16));
        Assert.Equal(0x8000_0000u, m.Memory.Read32(Out + 20));
        Assert.Equal(7u, m.Memory.Read32(Out + 24));
        Assert.Equal(0x8000_0000u, m.Memory.Read32(Out + 28));
    }

    [Fact]
    public void UcomisdSetsFlags()
    {
        FlatMachine m = Run(a =>
        {
            a.movsd(xmm0, __qword_ptr[Data]);       // 1
            a.movsd(xmm1, __qword_ptr[Data + 8]);   // 2
            a.ucomisd(xmm0, xmm1);
            a.setb(al);                              // 1
            a.ucomisd(xmm1, xmm0);
            a.seta(bl);                              // 1
            a.movsd(xmm2, __qword_ptr[Data + 16]);  // NaN
            a.ucomisd(xmm2, xmm0);
            a.setp(cl);                              // 1
            a.comisd(xmm0, xmm0);
            a.sete(dl);                              // 1
            a.ucomiss(xmm3, xmm3);                   // 0 == 0
            a.setnp(dh);
        }, m => { PutDouble(m, Data, 1); PutDouble(m, Data + 8, 2); PutDouble(m, Data + 16, double.NaN); });
        Assert.Equal(1u, m.Cpu.Eax & 0xFF);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
        Assert.Equal(1u, m.Cpu.Ecx & 0xFF);
        Assert.Equal(0x0101u, m.Cpu.Edx & 0xFFFF);
    }

    [Fact]
    public void PackedIntegerOperations()
    {
        FlatMachine m = Run(a =>
        {
            a.movdqa(xmm0, __xmmword_ptr[Data]);       // 1 2 3 4
            a.movdqa(xmm1, __xmmword_ptr[Data + 16]);  // 10 20 30 40
            a.paddd(xmm1, xmm0);                        // 11 22 33 44
            a.pshufd(xmm2, xmm1, 0x1B);                 // 44 33 22 11
            a.movdqa(__xmmword_ptr[Out], xmm2);
            a.psubd(xmm2, xmm0);                        // 43 31 19 7
            a.movdqa(__xmmword_ptr[Out + 16], xmm2);
            a.movdqa(xmm3, xmm0);
            a.pcmpeqd(xmm3, __xmmword_ptr[Data]);       // all ones
            a.movdqa(__xmmword_ptr[Out + 32], xmm3);
            a.movdqa(xmm4, xmm1);
            a.pcmpgtd(xmm4, xmm0);                      // all ones
            a.pand(xmm4, xmm0);                         // 1 2 3 4
            a.pandn(xmm3, xmm4);                        // zero
            a.por(xmm3, xmm0);
            a.pxor(xmm3, xmm0);                         // zero
            a.movdqa(__xmmword_ptr[Out + 48], xmm3);
            a.movdqa(xmm5, xmm0);
            a.psllq(xmm5, 4);
            a.psrlq(xmm5, 2);
            a.movdqa(__xmmword_ptr[Out + 64], xmm5);
            a.mov(eax, unchecked((uint)-64));
            a.movd(xmm6, eax);
            a.psrad(xmm6, 3);                            // -8
            a.movd(ebx, xmm6);
            a.pslld(xmm6, 1);
            a.psrld(xmm6, 28);
            a.movd(ecx, xmm6);
            a.punpckldq(xmm0, xmm1);                    // 1 11 2 22
            a.movdqa(__xmmword_ptr[Out + 80], xmm0);
            a.paddq(xmm0, xmm0);
            a.movq(__qword_ptr[Out + 96], xmm0);
            a.movq(xmm7, __qword_ptr[Data]);
            a.movq(__qword_ptr[Out + 104], xmm7);
        }, m =>
        {
            for (uint k = 0; k < 4; k++)
            {
                m.Memory.Write32(Data + 4 * k, k + 1);
                m.Memory.Write32(Data + 16 + 4 * k, 10 * (k + 1));
            }
        });
        uint[] R(uint at, int n) => Enumerable.Range(0, n).Select(k => m.Memory.Read32(at + (uint)(4 * k))).ToArray();
        Assert.Equal(new uint[] { 44, 33, 22, 11 }, R(Out, 4));
        Assert.Equal(new uint[] { 43, 31, 19, 7 }, R(Out + 16, 4));
        Assert.Equal(new uint[] { ~0u, ~0u, ~0u, ~0u }, R(Out + 32, 4));
        Assert.Equal(new uint[] { 0, 0, 0, 0 }, R(Out + 48, 4));
        Assert.Equal((2ul << 32 | 1) << 2, m.Memory.Read64(Out + 64));
        Assert.Equal(unchecked((uint)-8), m.Cpu.Ebx);
        Assert.Equal(0xFu, m.Cpu.Ecx);
        Assert.Equal(new uint[] { 1, 11, 2, 22 }, R(Out + 80, 4));
        Assert.Equal(new uint[] { 2, 22 }, R(Out + 96, 2));
        Assert.Equal(new uint[] { 1, 2 }, R(Out + 104, 2));
    }

    [Fact]
    public void PackedCompareShuffleAndMasks()
    {
        FlatMachine m = Run(a =>
        {
            a.movapd(xmm0, __xmmword_ptr[Data]);        // 1.0, NaN
            a.movapd(xmm1, __xmmword_ptr[Data + 16]);   // 2.0, 2.0
            a.movapd(xmm2, xmm0);
            a.cmpltpd(xmm2, xmm1);                       // ones, zero
            a.movmskpd(eax, xmm2);                       // 1
            a.movapd(xmm3, xmm0);
            a.cmpneqpd(xmm3, xmm1);                      // ones, ones
            a.movmskpd(ebx, xmm3);                       // 3
            a.movapd(xmm4, xmm0);
            a.cmpeqpd(xmm4, xmm0);                       // ones, zero
            a.movmskpd(ecx, xmm4);                       // 1
            a.movsd(xmm5, xmm0);
            a.cmpordsd(xmm5, xmm1);
            a.movd(edx, xmm5);                           // ~0
            a.movss(xmm6, __dword_ptr[Data + 32]);
            a.cmpordss(xmm6, xmm6);
            a.movd(esi, xmm6);                           // ~0
            a.movaps(xmm7, __xmmword_ptr[Data + 48]);   // floats 1 2 3 4
            a.shufps(xmm7, xmm7, 0x1B);                  // 4 3 2 1
            a.movups(__xmmword_ptr[Out], xmm7);
            a.movaps(xmm0, __xmmword_ptr[Data + 48]);
            a.movhlps(xmm1, xmm0);                        // low of xmm1 = 3 4
            a.movlhps(xmm1, xmm0);                        // high of xmm1 = 1 2
            a.movups(__xmmword_ptr[Out + 16], xmm1);
            a.unpcklps(xmm0, xmm7);                       // 1 4 2 3
            a.movups(__xmmword_ptr[Out + 32], xmm0);
            a.xorps(xmm2, xmm2);
            a.orps(xmm2, __xmmword_ptr[Data + 48]);
            a.andps(xmm2, __xmmword_ptr[Data + 48]);
            a.andnps(xmm2, xmm2);
            a.movmskps(edi, xmm7);                        // 0
        }, m =>
        {
            PutDouble(m, Data, 1.0);
            PutDouble(m, Data + 8, double.NaN);
            PutDouble(m, Data + 16, 2.0);
            PutDouble(m, Data + 24, 2.0);
            PutFloat(m, Data + 32, 5f);
            for (int k = 0; k < 4; k++)
                PutFloat(m, Data + 48 + (uint)(4 * k), k + 1);
        });
        Assert.Equal(1u, m.Cpu.Eax);
        Assert.Equal(3u, m.Cpu.Ebx);
        Assert.Equal(1u, m.Cpu.Ecx);
        Assert.Equal(~0u, m.Cpu.Edx);
        Assert.Equal(~0u, m.Cpu.Esi);
        Assert.Equal(0u, m.Cpu.Edi);
        float[] F(uint at) => Enumerable.Range(0, 4).Select(k => GetFloat(m, at + (uint)(4 * k))).ToArray();
        Assert.Equal(new float[] { 4, 3, 2, 1 }, F(Out));
        Assert.Equal(new float[] { 3, 4, 1, 2 }, F(Out + 16));
        Assert.Equal(new float[] { 1, 4, 2, 3 }, F(Out + 32));
    }

    [Fact]
    public void MxcsrAndFxsaveRoundTrip()
    {
        FlatMachine m = Run(a =>
        {
            a.stmxcsr(__dword_ptr[Out]);
            a.mov(__dword_ptr[Data], 0x3F80);          // round toward zero
            a.ldmxcsr(__dword_ptr[Data]);
            a.movsd(xmm0, __qword_ptr[Data + 16]);     // 2.7
            a.cvtsd2si(eax, xmm0);                      // 2
            a.fxsave(__[0xA000]);
            a.xorps(xmm0, xmm0);
            a.fxrstor(__[0xA000]);
            a.cvtsd2si(ebx, xmm0);                      // 2 again
            a.stmxcsr(__dword_ptr[Out + 4]);
        }, m => PutDouble(m, Data + 16, 2.7));
        Assert.Equal(0x1F80u, m.Memory.Read32(Out));
        Assert.Equal(2u, m.Cpu.Eax);
        Assert.Equal(2u, m.Cpu.Ebx);
        Assert.Equal(0x3FA0u, m.Memory.Read32(Out + 4));          // RZ plus PE: 2.7 converts inexactly
        Assert.Equal(0x3FA0u, m.Memory.Read32(0xA000 + 24));
    }

    [Fact]
    public void SseWithoutOsfxsrIsUndefined()
    {
        FlatMachine m = Run(a => a.xorps(xmm0, xmm0), m =>
        {
            m.SetGate(6, 0x0011_0000);
            var h = new Assembler(32);
            h.mov(ebx, 6);
            h.hlt();
            m.Load(h, 0x0011_0000);
        }, enableSse: false);
        Assert.Equal(6u, m.Cpu.Ebx);
    }

    [Fact]
    public void MisalignedMovapsIsGeneralProtection()
    {
        FlatMachine m = Run(a => a.movaps(xmm0, __xmmword_ptr[Data + 4]), m =>
        {
            m.SetGate(13, 0x0011_0000);
            var h = new Assembler(32);
            h.mov(ebx, 13);
            h.hlt();
            m.Load(h, 0x0011_0000);
        });
        Assert.Equal(13u, m.Cpu.Ebx);
    }

    [Fact]
    public void X87LoadStoreAndArithmetic()
    {
        FlatMachine m = Run(a =>
        {
            a.fninit();
            a.fld(__qword_ptr[Data]);          // 1.25
            a.fld(__dword_ptr[Data + 8]);      // 2.5f
            a.faddp(st1, st0);                 // 3.75
            a.fld1();
            a.fxch(st0, st1);
            a.fstp(__qword_ptr[Out]);          // 3.75
            a.fldz();
            a.faddp(st1, st0);                 // 1
            a.fild(__dword_ptr[Data + 12]);    // -3
            a.fmulp(st1, st0);                 // -3
            a.fistp(__dword_ptr[Out + 8]);
            a.fnstsw(ax);
            a.fnstcw(__word_ptr[Out + 12]);
            a.fld(__qword_ptr[Data]);
            a.fstp(__tword_ptr[Out + 16]);
            a.fld(__tword_ptr[Out + 16]);
            a.fstp(__dword_ptr[Out + 32]);
        }, m =>
        {
            PutDouble(m, Data, 1.25);
            PutFloat(m, Data + 8, 2.5f);
            m.Memory.Write32(Data + 12, unchecked((uint)-3));
        });
        Assert.Equal(3.75, GetDouble(m, Out));
        Assert.Equal(unchecked((uint)-3), m.Memory.Read32(Out + 8));
        Assert.Equal(0u, (m.Cpu.Eax >> 11) & 7); // TOP back to 0
        Assert.Equal(0x037Fu, m.Memory.Read32(Out + 12) & 0xFFFF);
        Assert.Equal(0xA000_0000_0000_0000ul, m.Memory.Read64(Out + 16));
        Assert.Equal(0x3FFFu, m.Memory.Read32(Out + 24) & 0xFFFF);
        Assert.Equal(1.25f, GetFloat(m, Out + 32));
    }

    [Fact]
    public void X87TranscendentalsAndCompare()
    {
        FlatMachine m = Run(a =>
        {
            a.fninit();
            a.fldpi();
            a.fsin();                           // ~0
            a.fabs();
            a.fld1();
            a.fcomip(st0, st1);                 // 1 > ~0 -> CF=0, ZF=0
            a.seta(bl);
            a.fstp(st0);
            a.fld(__qword_ptr[Data]);           // 7.5
            a.fld(__qword_ptr[Data + 8]);       // 2
            a.fxch(st0, st1);
            a.fprem();                           // 7.5 mod 2 = 1.5
            a.fstp(__qword_ptr[Out]);
            a.fstp(st0);
            a.fld1();
            a.fld(__qword_ptr[Data + 8]);
            a.fyl2x();                           // 1 * log2(2) = 1
            a.fistp(__dword_ptr[Out + 8]);
        }, m => { PutDouble(m, Data, 7.5); PutDouble(m, Data + 8, 2); }, enableSse: false);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
        Assert.Equal(1.5, GetDouble(m, Out));
        Assert.Equal(1u, m.Memory.Read32(Out + 8));
    }

    [Fact]
    public void SaturatingPackedIntegerAndPack()
    {
        FlatMachine m = Run(a =>
        {
            a.movdqa(xmm0, __xmmword_ptr[Data]);
            a.movdqa(xmm1, __xmmword_ptr[Data + 16]);
            a.movdqa(xmm2, xmm0);
            a.paddusb(xmm2, xmm1);                      // byte 0: 0xF0 + 0x20 -> 0xFF
            a.movd(eax, xmm2);
            a.movdqa(xmm3, xmm0);
            a.psubusb(xmm3, xmm1);                      // 0xF0 - 0x20 = 0xD0
            a.movd(ebx, xmm3);
            a.movdqa(xmm4, xmm0);
            a.paddsw(xmm4, xmm1);                       // word 1: 0x7000 + 0x2000 -> 0x7FFF
            a.movd(ecx, xmm4);
            a.movdqa(xmm5, xmm0);
            a.packsswb(xmm5, xmm1);                     // words -> signed bytes
            a.movd(edx, xmm5);
            a.pextrw(esi, xmm0, 1);
            a.pinsrw(xmm6, esi, 7);
            a.pextrw(edi, xmm6, 7);
        }, m =>
        {
            m.Memory.Write32(Data, 0x7000_00F0);
            m.Memory.Write32(Data + 16, 0x2000_0020);
        });
        Assert.Equal(0xFFu, m.Cpu.Eax & 0xFF);
        Assert.Equal(0xD0u, m.Cpu.Ebx & 0xFF);
        Assert.Equal(0x7FFFu, m.Cpu.Ecx >> 16);
        Assert.Equal(0x0000_7F7Fu, m.Cpu.Edx & 0xFFFF); // 0x00F0 -> 0x7F, 0x7000 -> 0x7F
        Assert.Equal(0x7000u, m.Cpu.Esi);
        Assert.Equal(0x7000u, m.Cpu.Edi);
    }
}
