using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>MMX: aliasing onto the x87 registers, tag word and EMMS, the integer operations, gating.</summary>
public sealed class MmxTests
{
    private const uint Data = 0x0000_8000;
    private const uint Out = 0x0000_9000;
    private const uint Save = 0x0000_A000; // FXSAVE area
    private const uint Handler = 0x0011_0000;

    private static FlatMachine Run(Action<Assembler> body, Action<FlatMachine>? setup = null, uint cr0Set = 0)
    {
        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, 0x600);
        a.mov(cr4, eax);
        a.mov(eax, cr0);
        a.and(eax, ~0x4);
        a.or(eax, (int)cr0Set);
        a.mov(cr0, eax);
        body(a);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        setup?.Invoke(m);
        m.Run();
        Assert.Empty(m.Diagnostics);
        return m;
    }

    [Fact]
    public void MmRegistersAliasTheX87SignificandsAndSetTheTags()
    {
        FlatMachine m = Run(a =>
        {
            a.fninit();
            a.fld1();                           // TOP = 7, physical 7 valid
            a.movq(mm2, __qword_ptr[Data]);     // TOP = 0, all tags valid
            a.fxsave(__[Save]);
            a.emms();
            a.fxsave(__[Save + 512]);
        }, m => m.Memory.Write64(Data, 0x0123_4567_89AB_CDEF));
        Assert.Equal(0xFF, m.Memory.Read8(Save + 4));                       // abridged tags: all valid
        Assert.Equal(0, (m.Memory.Read16(Save + 2) >> 11) & 7);              // TOP = 0
        Assert.Equal(0x0123_4567_89AB_CDEFul, m.Memory.Read64(Save + 32 + 2 * 16)); // ST2 = physical 2 = MM2
        Assert.Equal(0xFFFF, m.Memory.Read16(Save + 32 + 2 * 16 + 8));       // bits 79:64 all ones
        Assert.Equal(0x8000_0000_0000_0000ul, m.Memory.Read64(Save + 32 + 7 * 16)); // 1.0 still in physical 7
        Assert.Equal(0x00, m.Memory.Read8(Save + 512 + 4));                  // EMMS: all empty
    }

    [Fact]
    public void ArithmeticPackAndUnpack()
    {
        FlatMachine m = Run(a =>
        {
            a.movq(mm0, __qword_ptr[Data]);
            a.movq(mm1, mm0);
            a.paddusb(mm1, __qword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out], mm1);
            a.movq(mm2, mm0);
            a.psubsw(mm2, __qword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out + 8], mm2);
            a.movq(mm3, __qword_ptr[Data + 16]);
            a.pmaddwd(mm3, __qword_ptr[Data + 24]);
            a.movq(__qword_ptr[Out + 16], mm3);
            a.movq(mm4, mm0);
            a.psadbw(mm4, __qword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out + 24], mm4);
            a.movq(mm5, __qword_ptr[Data + 16]);
            a.packsswb(mm5, __qword_ptr[Data + 24]);
            a.movq(__qword_ptr[Out + 32], mm5);
            a.movq(mm6, mm0);
            a.punpcklbw(mm6, __dword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out + 40], mm6);
            a.movq(mm7, mm0);
            a.psrlq(mm7, 12);
            a.pshufw(mm1, mm0, 0x1B);
            a.movq(__qword_ptr[Out + 48], mm7);
            a.movq(__qword_ptr[Out + 56], mm1);
            a.pmovmskb(eax, mm0);
            a.pextrw(ebx, mm0, 2);
            a.mov(ecx, 0xBEEF);
            a.pinsrw(mm0, ecx, 1);
            a.movd(edx, mm0);
            a.pmuludq(mm2, mm0);                // low dwords only
            a.movq(__qword_ptr[Out + 64], mm2);
            a.emms();
        }, m =>
        {
            m.Memory.Write64(Data, 0x80F0_7F01_1234_FF10);
            m.Memory.Write64(Data + 8, 0x8010_0102_4321_0220);
            m.Memory.Write64(Data + 16, 0x8000_8000_0003_FFFE); // words: -2, 3, -32768, -32768
            m.Memory.Write64(Data + 24, 0x8000_8000_0100_0005); // words: 5, 256, -32768, -32768
        });
        Assert.Equal(0xFFFF_8003_5555_FF30ul, m.Memory.Read64(Out));          // unsigned saturating bytes
        Assert.Equal(0x00E0_7DFF_CF13_FCF0ul, m.Memory.Read64(Out + 8));      // signed saturating words
        Assert.Equal(0x8000_0000_0000_02F6ul, m.Memory.Read64(Out + 16));     // -10+768; 2^31 wraps
        Assert.Equal(0x0000_0000_0000_02B0ul, m.Memory.Read64(Out + 24));
        Assert.Equal(0x8080_7F05_8080_03FEul, m.Memory.Read64(Out + 32));     // packsswb of both
        Assert.Equal(0x4312_2134_02FF_2010ul, m.Memory.Read64(Out + 40));     // low bytes interleaved
        Assert.Equal(0x0008_0F07_F011_234Ful, m.Memory.Read64(Out + 48));
        Assert.Equal(0xFF10_1234_7F01_80F0ul, m.Memory.Read64(Out + 56));     // words reversed
        Assert.Equal(0xC2u, m.Cpu.Eax);                                        // sign bits of the bytes
        Assert.Equal(0x7F01u, m.Cpu.Ebx);
        Assert.Equal(0xBEEF_FF10u, m.Cpu.Edx);
        Assert.Equal((ulong)0xCF13_FCF0u * 0xBEEF_FF10u, m.Memory.Read64(Out + 64));
    }

    [Fact]
    public void MoveBetweenMmxAndXmmAndMaskedStore()
    {
        FlatMachine m = Run(a =>
        {
            a.movq(mm1, __qword_ptr[Data]);
            a.movq2dq(xmm3, mm1);
            a.movdqu(__xmmword_ptr[Out], xmm3);
            a.pcmpeqb(xmm4, xmm4);
            a.movdq2q(mm2, xmm4);
            a.movq(__qword_ptr[Out + 16], mm2);
            a.movq(mm3, __qword_ptr[Data + 8]);  // mask: bytes 0, 3, 7
            a.mov(edi, Out + 32);
            a.maskmovq(mm1, mm3);
            a.mov(eax, 0x1234_5678);
            a.movd(mm4, eax);
            a.movd(__dword_ptr[Out + 48], mm4);
            a.movq(__qword_ptr[Out + 56], mm4);
            a.emms();
        }, m =>
        {
            m.Memory.Write64(Data, 0x1122_3344_5566_7788);
            m.Memory.Write64(Data + 8, 0x8000_0000_8000_0080);
            m.Memory.Write64(Out + 16, 0);
            m.Memory.Write64(Out + 32, 0xAAAA_AAAA_AAAA_AAAA);
            m.Memory.Write64(Out + 56, 0xFFFF_FFFF_FFFF_FFFF);
        });
        Assert.Equal(0x1122_3344_5566_7788ul, m.Memory.Read64(Out));
        Assert.Equal(0ul, m.Memory.Read64(Out + 8));
        Assert.Equal(ulong.MaxValue, m.Memory.Read64(Out + 16));
        Assert.Equal(0x11AA_AAAA_55AA_AA88ul, m.Memory.Read64(Out + 32));
        Assert.Equal(0x1234_5678u, m.Memory.Read32(Out + 48));
        Assert.Equal(0x1234_5678ul, m.Memory.Read64(Out + 56));
    }

    [Fact]
    public void PackedInt32ConversionsUseMxcsrRounding()
    {
        FlatMachine m = Run(a =>
        {
            a.movq(mm0, __qword_ptr[Data]);        // int32 7, -3
            a.cvtpi2ps(xmm1, mm0);
            a.movq(__qword_ptr[Out], xmm1);
            a.cvtpi2pd(xmm2, __qword_ptr[Data]);
            a.movdqu(__xmmword_ptr[Out + 16], xmm2);
            a.cvtps2pi(mm1, __qword_ptr[Data + 8]);   // 2.5f, -2.5f to nearest even
            a.cvttps2pi(mm2, __qword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out + 32], mm1);
            a.movq(__qword_ptr[Out + 40], mm2);
            a.ldmxcsr(__dword_ptr[Data + 16]);        // RC = up
            a.cvtps2pi(mm3, __qword_ptr[Data + 8]);
            a.movq(__qword_ptr[Out + 48], mm3);
            a.emms();
        }, m =>
        {
            m.Memory.Write64(Data, 0xFFFF_FFFD_0000_0007);
            m.Memory.Write32(Data + 8, (uint)BitConverter.SingleToInt32Bits(2.5f));
            m.Memory.Write32(Data + 12, (uint)BitConverter.SingleToInt32Bits(-2.5f));
            m.Memory.Write32(Data + 16, 0x5F80);
        });
        Assert.Equal(7f, BitConverter.Int32BitsToSingle((int)m.Memory.Read32(Out)));
        Assert.Equal(-3f, BitConverter.Int32BitsToSingle((int)m.Memory.Read32(Out + 4)));
        Assert.Equal(7.0, BitConverter.Int64BitsToDouble((long)m.Memory.Read64(Out + 16)));
        Assert.Equal(-3.0, BitConverter.Int64BitsToDouble((long)m.Memory.Read64(Out + 24)));
        Assert.Equal(0xFFFF_FFFE_0000_0002ul, m.Memory.Read64(Out + 32));
        Assert.Equal(0xFFFF_FFFE_0000_0002ul, m.Memory.Read64(Out + 40));
        Assert.Equal(0xFFFF_FFFE_0000_0003ul, m.Memory.Read64(Out + 48));
    }

    [Theory]
    [InlineData(0x4u, 6)]  // CR0.EM: #UD
    [InlineData(0x8u, 7)]  // CR0.TS: #NM
    public void GatedByCr0(uint cr0Bit, int vector)
    {
        var a = new Assembler(32);
        a.mov(eax, cr0);
        a.and(eax, ~0xC);
        a.or(eax, (int)cr0Bit);
        a.mov(cr0, eax);
        a.paddb(mm0, mm1);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        for (int v = 0; v < 32; v++)
            m.SetGate(v, Handler + (uint)(16 * v));
        for (int v = 0; v < 32; v++)
        {
            var at = new Assembler(32);
            at.mov(ebx, v);
            at.hlt();
            m.Load(at, Handler + (uint)(16 * v));
        }
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal((uint)vector, m.Cpu.Ebx);
    }
}
