using Iced.Intel;
using PcEmu.Memory;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.RealMode;

/// <summary>Power-on state, real-mode interrupts through the IVT and the switch into protected mode.</summary>
public sealed class ResetAndModeSwitchTests
{
    private static byte[] Assemble(Assembler a, ulong address)
    {
        using var ms = new MemoryStream();
        a.Assemble(new StreamCodeWriter(ms), address);
        return ms.ToArray();
    }

    [Fact]
    public void ResetStartsAtTheTopOfMemoryAndAFarJumpReloadsCs()
    {
        var memory = new PhysicalMemory(2 * 1024 * 1024);
        byte[] rom = new byte[0x10000];
        // F000:FFF0 -> jmp far 0000:7C00
        new byte[] { 0xEA, 0x00, 0x7C, 0x00, 0x00 }.CopyTo(rom, 0xFFF0);
        memory.MapRom(0xFFFF_0000, rom);
        var cpu = new X86Cpu(memory, new IoPortBus());
        Assert.Equal(0xF000, cpu.Cs);
        Assert.Equal(0xFFFF_0000u, cpu.SegmentBase(SegmentRegister.CS));
        Assert.Equal(0xFFF0u, cpu.Eip);
        Assert.False(cpu.ProtectedMode);

        var boot = new Assembler(16);
        boot.mov(ax, 0x1234);
        boot.hlt();
        memory.WriteBlock(0x7C00, Assemble(boot, 0x7C00));
        Assert.Equal(CpuExitReason.Halted, cpu.Run(100));
        Assert.Equal(0, cpu.Cs);
        Assert.Equal(0u, cpu.SegmentBase(SegmentRegister.CS));
        Assert.Equal(0x1234u, cpu.Eax & 0xFFFF);
    }

    [Fact]
    public void SoftwareInterruptUsesTheIvt()
    {
        var memory = new PhysicalMemory(2 * 1024 * 1024);
        var cpu = new X86Cpu(memory, new IoPortBus());
        var code = new Assembler(16);
        code.mov(sp, 0x7000);
        code.@int(0x21);
        code.mov(cx, 2);
        code.hlt();
        memory.WriteBlock(0x7C00, Assemble(code, 0x7C00));
        var handler = new Assembler(16);
        handler.mov(bx, 0x55);
        handler.iret();
        memory.WriteBlock(0x8000, Assemble(handler, 0));
        memory.Write32(0x21 * 4, 0x0800_0000); // 0800:0000
        cpu.SetSegmentReal(SegmentRegister.CS, 0);
        cpu.Eip = 0x7C00;
        Assert.Equal(CpuExitReason.Halted, cpu.Run(100));
        Assert.Equal(0x55u, cpu.Ebx & 0xFFFF);
        Assert.Equal(2u, cpu.Ecx & 0xFFFF);
        Assert.Equal(0x7000u, cpu.Esp & 0xFFFF);
    }

    [Fact]
    public void SwitchToProtectedModeWithAFarJump()
    {
        var memory = new PhysicalMemory(2 * 1024 * 1024);
        var cpu = new X86Cpu(memory, new IoPortBus());
        // GDT at 0x600: null, flat code 0x08, flat data 0x10; GDTR image at 0x5F0.
        memory.Write64(0x600, 0);
        memory.Write64(0x608, 0x00CF_9A00_0000_FFFF);
        memory.Write64(0x610, 0x00CF_9200_0000_FFFF);
        memory.Write16(0x5F0, 23);
        memory.Write32(0x5F2, 0x600);

        var rm = new Assembler(16);
        rm.cli();
        rm.lgdt(__[0x5F0]);
        rm.mov(eax, cr0);
        rm.or(eax, 1);
        rm.mov(cr0, eax);
        rm.db(0x66, 0xEA, 0x00, 0x90, 0x00, 0x00, 0x08, 0x00); // jmp dword 0008:00009000
        memory.WriteBlock(0x7C00, Assemble(rm, 0x7C00));

        var pm = new Assembler(32);
        pm.mov(ax, 0x10);
        pm.mov(ds, ax);
        pm.mov(ss, ax);
        pm.mov(esp, 0x0009_0000);
        pm.mov(__dword_ptr[0x0010_0000], 0xCAFE_F00D);
        pm.push(0x77);
        pm.pop(ebx);
        pm.hlt();
        memory.WriteBlock(0x9000, Assemble(pm, 0x9000));

        cpu.SetSegmentReal(SegmentRegister.CS, 0);
        cpu.Eip = 0x7C00;
        Assert.Equal(CpuExitReason.Halted, cpu.Run(1000));
        Assert.True(cpu.ProtectedMode);
        Assert.Equal(0x08, cpu.Cs);
        Assert.Equal(0x10, cpu.Ss);
        Assert.Equal(0xCAFE_F00Du, memory.Read32(0x0010_0000));
        Assert.Equal(0x77u, cpu.Ebx);
    }
}
