using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>Flat 32-bit code assembled with Iced, run until HLT, checking registers and flags.</summary>
public sealed class IntegerTests
{
    private static FlatMachine Run(Action<Assembler> body)
    {
        var a = new Assembler(32);
        body(a);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        return m;
    }

    private const uint Cf = 1, Pf = 4, Af = 0x10, Zf = 0x40, Sf = 0x80, Of = 0x800;

    [Fact]
    public void AddSetsOverflowAndSign()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 0x7FFF_FFFF);
            a.add(eax, 1);
        });
        Assert.Equal(0x8000_0000u, m.Cpu.Eax);
        uint f = m.Cpu.Eflags;
        Assert.Equal(Of | Sf | Af | Pf, f & (Of | Sf | Zf | Cf | Af | Pf));
    }

    [Fact]
    public void SubBorrowAndZero()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 3);
            a.sub(eax, 5);
            a.setb(bl);
            a.mov(ecx, 7);
            a.sub(ecx, 7);
            a.sete(bh);
            a.pushfd();
            a.pop(edx);
        });
        Assert.Equal(0xFFFF_FFFEu, m.Cpu.Eax);
        Assert.Equal(0x0101u, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(Zf | Pf, m.Cpu.Edx & (Zf | Pf | Cf | Sf | Of));
    }

    [Fact]
    public void AdcSbbChainAcross64Bits()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 0xFFFF_FFFF);
            a.mov(edx, 1);
            a.add(eax, 1);
            a.adc(edx, 0);
            a.mov(ebx, 0);
            a.mov(ecx, 5);
            a.sub(ebx, 1);
            a.sbb(ecx, 0);
        });
        Assert.Equal(0u, m.Cpu.Eax);
        Assert.Equal(2u, m.Cpu.Edx);
        Assert.Equal(0xFFFF_FFFFu, m.Cpu.Ebx);
        Assert.Equal(4u, m.Cpu.Ecx);
    }

    [Fact]
    public void IncDecKeepCarry()
    {
        FlatMachine m = Run(a =>
        {
            a.stc();
            a.mov(eax, 0xFFFF_FFFF);
            a.inc(eax);
            a.setc(bl);
            a.setz(bh);
        });
        Assert.Equal(0u, m.Cpu.Eax);
        Assert.Equal(0x0101u, m.Cpu.Ebx & 0xFFFF);
    }

    [Fact]
    public void MultiplyAndDivide()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 0x1234_5678);
            a.mov(ecx, 0x100);
            a.mul(ecx);            // edx:eax = 0x12:0x34567800
            a.mov(esi, edx);
            a.mov(edi, eax);
            a.mov(eax, unchecked((uint)-100));
            a.cdq();
            a.mov(ecx, 7);
            a.idiv(ecx);           // -14 rem -2
            a.mov(ebx, edx);
            a.imul(edx, eax, 3);   // -42
            a.mov(ebp, edx);
        });
        Assert.Equal(0x12u, m.Cpu.Esi);
        Assert.Equal(0x3456_7800u, m.Cpu.Edi);
        Assert.Equal(unchecked((uint)-14), m.Cpu.Eax);
        Assert.Equal(unchecked((uint)-2), m.Cpu.Ebx);
        Assert.Equal(unchecked((uint)-42), m.Cpu.Ebp);
    }

    [Fact]
    public void ShiftsRotatesAndDoubleShifts()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 0x8000_0001);
            a.rol(eax, 1);          // 0x00000003, CF=1
            a.setc(bl);
            a.mov(ecx, 0x1234_5678);
            a.mov(edx, 0x9ABC_DEF0);
            a.shld(ecx, edx, 8);    // 0x3456789A
            a.mov(esi, 0x1234_5678);
            a.shrd(esi, edx, 4);    // 0x01234567 | 0 << 28 -> 0x01234567
            a.mov(edi, unchecked((uint)-16));
            a.sar(edi, 2);          // -4
            a.mov(ebp, 1);
            a.shl(ebp, 31);
        });
        Assert.Equal(3u, m.Cpu.Eax);
        Assert.Equal(1u, m.Cpu.Ebx & 0xFF);
        Assert.Equal(0x3456_789Au, m.Cpu.Ecx);
        Assert.Equal(0x0123_4567u, m.Cpu.Esi);
        Assert.Equal(unchecked((uint)-4), m.Cpu.Edi);
        Assert.Equal(0x8000_0000u, m.Cpu.Ebp);
    }

    [Fact]
    public void BitScanSwapCmpxchgXadd()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(ecx, 0x0010_0100);
            a.bsf(eax, ecx);        // 8
            a.mov(__dword_ptr[0x8010], eax);
            a.bsr(ebx, ecx);        // 20
            a.mov(edx, 0x1122_3344);
            a.bswap(edx);
            a.mov(__dword_ptr[0x8000], 5);
            a.mov(eax, 5);
            a.mov(esi, 9);
            a.cmpxchg(__dword_ptr[0x8000], esi);
            a.mov(edi, 1);
            a.xadd(__dword_ptr[0x8000], edi); // mem = 10, edi = 9
            a.mov(ebp, __dword_ptr[0x8000]);
            a.bts(ebp, 0);
        });
        Assert.Equal(8u, m.Memory.Read32(0x8010));
        Assert.Equal(5u, m.Cpu.Eax);
        Assert.Equal(20u, m.Cpu.Ebx);
        Assert.Equal(0x4433_2211u, m.Cpu.Edx);
        Assert.Equal(9u, m.Cpu.Edi);
        Assert.Equal(11u, m.Cpu.Ebp);
    }

    [Fact]
    public void CmovSetccLoopAndStrings()
    {
        FlatMachine m = Run(a =>
        {
            a.xor(eax, eax);
            a.mov(ecx, 10);
            Label top = a.CreateLabel();
            a.Label(ref top);
            a.add(eax, ecx);
            a.loop(top);            // eax = 55
            a.mov(ebx, 1);
            a.cmp(eax, 55);
            a.mov(edx, 77);
            a.cmove(ebx, edx);
            a.cld();
            a.mov(edi, 0x9000);
            a.mov(ecx, 16);
            a.mov(eax, 0xABAB_ABAB);
            a.rep.stosd();
            a.mov(esi, 0x9000);
            a.mov(edi, 0xA000);
            a.mov(ecx, 64);
            a.rep.movsb();
            a.mov(esi, __dword_ptr[0xA03C]);
            a.mov(eax, 55);
        });
        Assert.Equal(55u, m.Cpu.Eax);
        Assert.Equal(77u, m.Cpu.Ebx);
        Assert.Equal(0xABAB_ABABu, m.Cpu.Esi);
        Assert.Equal(0u, m.Cpu.Ecx);
        Assert.Equal(0xA040u, m.Cpu.Edi);
    }

    [Fact]
    public void OverlappingRepMovsbReplicatesAndBackwardCopyWorks()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(__byte_ptr[0x9000], 0x5A);
            a.mov(esi, 0x9000);
            a.mov(edi, 0x9001);
            a.mov(ecx, 0x2000);          // crosses pages, destination overlaps ahead of the source
            a.rep.movsb();
            a.mov(eax, __dword_ptr[0xAFF0]);
            a.mov(__dword_ptr[0xC000], 0x1122_3344);
            a.mov(__dword_ptr[0xC004], 0x5566_7788);
            a.std();
            a.mov(esi, 0xC004);
            a.mov(edi, 0xC008);
            a.mov(ecx, 2);
            a.rep.movsd();
            a.cld();
            a.mov(ebx, __dword_ptr[0xC008]);
            a.mov(edx, __dword_ptr[0xC004]);
        });
        Assert.Equal(0x5A5A_5A5Au, m.Cpu.Eax);
        Assert.Equal(0x5566_7788u, m.Cpu.Ebx);
        Assert.Equal(0x1122_3344u, m.Cpu.Edx);
        Assert.Equal(0x5Au, (uint)m.Memory.Read8(0x9000 + 0x2000));
    }

    [Fact]
    public void CallRetPushPopEnterLeave()
    {
        FlatMachine m = Run(a =>
        {
            Label func = a.CreateLabel();
            Label done = a.CreateLabel();
            a.mov(eax, 1);
            a.mov(ebx, 2);
            a.pushad();
            a.xor(eax, eax);
            a.popad();
            a.push(40);
            a.call(func);
            a.jmp(done);
            a.Label(ref func);
            a.enter(8, 0);
            a.mov(ecx, __dword_ptr[ebp + 8]);
            a.add(ecx, 2);
            a.leave();
            a.ret(4);
            a.Label(ref done);
        });
        Assert.Equal(1u, m.Cpu.Eax);
        Assert.Equal(2u, m.Cpu.Ebx);
        Assert.Equal(42u, m.Cpu.Ecx);
        Assert.Equal(FlatMachine.StackTop, m.Cpu.Esp);
    }

    [Fact]
    public void CpuidReportsGenuineIntelWithSse2()
    {
        FlatMachine m = Run(a =>
        {
            a.xor(eax, eax);
            a.cpuid();
            a.mov(esi, ebx);
            a.mov(eax, 1);
            a.cpuid();
        });
        Assert.Equal(0x756E_6547u, m.Cpu.Esi);
        Assert.Equal(6u, (m.Cpu.Eax >> 8) & 0xF);
        Assert.NotEqual(0u, m.Cpu.Edx & (1u << 26));
        Assert.NotEqual(0u, m.Cpu.Edx & (1u << 15));
    }

    [Fact]
    public void OutWritesThePortAndRequestStopEndsRun()
    {
        var a = new Assembler(32);
        a.mov(al, 0x41);
        a.@out(0xE9, al);
        a.mov(ebx, 1);
        a.hlt();
        var m = new FlatMachine();
        var dev = new StopDevice(m);
        m.Ports.Register(0xE9, 1, dev);
        m.Start(a);
        Assert.Equal(CpuExitReason.StopRequested, m.Run());
        Assert.Equal(0x41u, dev.Last);
        Assert.Equal(0u, m.Cpu.Ebx);
    }

    private sealed class StopDevice(FlatMachine m) : PcEmu.Memory.IPortDevice
    {
        public uint Last;

        public uint ReadPort(ushort port, int size) => 0xFF;

        public void WritePort(ushort port, int size, uint value)
        {
            Last = value;
            m.Cpu.RequestStop();
        }
    }
}
