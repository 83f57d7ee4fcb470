using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>
/// Far CALL from ring 3 through a 32-bit call gate (SDM Vol. 3A, 5.8.5-5.8.6): to non-conforming ring 0
/// code with a stack switch to TSS.SS0:ESP0 and two parameters copied, and to conforming ring 0 code, where
/// the CPL stays 3 and the stack does not change (QEMU gets this one wrong: it sets CPL to the segment's DPL,
/// so guest-os/Tests/CpuProtection cannot compare it). RETF 8 returns and pops the parameters.
/// </summary>
public sealed class CallGateTests
{
    private const uint Target = 0x0011_0000, GpHandler = 0x0012_0000, UserEntry = 0x0013_0000, Tss = 0x0000_3000;
    private const uint Esp0 = 0x0008_0000, UserStack = 0x0007_0000;
    private const ushort UserCode = 0x1B, UserData = 0x23, ConformingCode = 0x28, TssSelector = 0x38, GateNonConforming = 0x43, GateConforming = 0x4B;

    private static FlatMachine Build(ushort gate)
    {
        var a = new Assembler(32);
        a.mov(eax, TssSelector);
        a.ltr(ax);
        a.push(UserData);
        a.push(UserStack);
        a.push(UserCode);
        a.push(UserEntry);
        a.retf();                      // to ring 3
        var m = new FlatMachine();
        m.Start(a);

        var u = new Assembler(32);
        u.push(0x1111_1111);           // p1
        u.push(0x2222_2222);           // p2
        u.call(gate, 0);
        u.mov(ebp, esp);
        u.hlt();                       // #GP in ring 3 -> the ring 0 handler halts
        m.Load(u, UserEntry);

        var t = new Assembler(32);
        t.mov(ebx, cs);
        t.mov(ecx, ss);
        t.mov(edx, esp);
        t.mov(esi, __dword_ptr[esp + 8]);
        t.mov(edi, __dword_ptr[esp + 12]);
        t.mov(eax, __dword_ptr[esp + 16]);
        t.retf(8);
        m.Load(t, Target);
        var h = new Assembler(32);
        h.hlt();
        m.Load(h, GpHandler);
        m.SetGate(13, GpHandler);

        uint gdt = FlatMachine.GdtBase;
        m.Memory.Write64(gdt + 0x18, 0x00CF_FA00_0000_FFFF);   // ring 3 code
        m.Memory.Write64(gdt + 0x20, 0x00CF_F200_0000_FFFF);   // ring 3 data
        m.Memory.Write64(gdt + 0x28, 0x00CF_9E00_0000_FFFF);   // ring 0 code, conforming
        m.Memory.Write64(gdt + 0x38, 0x0000_8900_0000_0067UL | ((ulong)Tss << 16));
        m.Memory.Write64(gdt + 0x40, CallGate(0x08));
        m.Memory.Write64(gdt + 0x48, CallGate(ConformingCode));
        m.Memory.Write32(Tss + 4, Esp0);
        m.Memory.Write32(Tss + 8, 0x10);
        return m;
    }

    private static ulong CallGate(ushort selector) =>
        (Target & 0xFFFF) | ((ulong)selector << 16) | (2UL << 32) | (0xECUL << 40) | ((ulong)(Target >> 16) << 48);

    [Fact]
    public void Gate_to_non_conforming_ring_0_switches_to_the_tss_stack_and_copies_parameters()
    {
        FlatMachine m = Build(GateNonConforming);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0x08u, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(0x10u, m.Cpu.Ecx & 0xFFFF);
        Assert.Equal(Esp0 - 24, m.Cpu.Edx);              // eip, cs, p2, p1, esp, ss
        Assert.Equal(0x2222_2222u, m.Cpu.Esi);
        Assert.Equal(0x1111_1111u, m.Cpu.Edi);
        Assert.Equal(UserStack - 8, m.Cpu.Eax);          // the caller's ESP, parameters still pushed
        Assert.Equal(UserStack, m.Cpu.Ebp);              // RETF 8 popped them from the ring 3 stack
    }

    [Fact]
    public void Gate_to_conforming_code_keeps_cpl_3_and_the_caller_stack()
    {
        FlatMachine m = Build(GateConforming);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal((uint)(ConformingCode | 3), m.Cpu.Ebx & 0xFFFF);
        Assert.Equal((uint)UserData, m.Cpu.Ecx & 0xFFFF);
        Assert.Equal(UserStack - 16, m.Cpu.Edx);         // eip, cs, p2, p1 on the ring 3 stack
        Assert.Equal(0x2222_2222u, m.Cpu.Esi);
        Assert.Equal(0x1111_1111u, m.Cpu.Edi);
        Assert.Equal(UserStack, m.Cpu.Ebp);
    }
}
