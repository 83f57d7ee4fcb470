using Iced.Intel;
using PcEmu.Memory;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.X87;

/// <summary>
/// The real-mode environment layouts (SDM Vol. 1, figures 8-10 and 8-12): the instruction and operand
/// pointers as 20-bit linear addresses split into 16 low bits and 4 high bits beside FOP.
/// </summary>
public sealed class X87RealModeTests
{
    [Fact]
    public void RealModeImagesHoldLinearPointersAndFop()
    {
        var memory = new PhysicalMemory(2 * 1024 * 1024);
        var cpu = new X86Cpu(memory, new IoPortBus());
        var code = new Assembler(16);
        code.mov(ax, 0x1000);
        code.mov(ds, ax);
        code.fninit();
        int fldOffset = Length(code);
        code.fld(__qword_ptr[0x0234]);                 // DD 06 3402 at 2000:fldOffset; FDP = 10234h
        code.fnstenv(__[0x0300]);                      // 16-bit real-mode image (14 bytes)
        code.db(0x66);
        code.fnstenv(__[0x0320]);                      // 32-bit real-mode image (28 bytes)
        code.hlt();
        using var ms = new MemoryStream();
        code.Assemble(new StreamCodeWriter(ms), 0);
        memory.WriteBlock(0x20000, ms.ToArray());
        memory.Write64(0x10234, 0x3FF0_0000_0000_0000);
        cpu.SetSegmentReal(SegmentRegister.CS, 0x2000);
        cpu.Eip = 0;
        Assert.Equal(CpuExitReason.Halted, cpu.Run(100));

        uint fip = 0x20000 + (uint)fldOffset;
        const uint fdp = 0x10234, fop = 0x506;                      // DD /0 with ModR/M 06 (disp16)
        Assert.Equal((ushort)(fip & 0xFFFF), memory.Read16(0x10300 + 6));
        Assert.Equal((ushort)(((fip >> 16) << 12) | fop), memory.Read16(0x10300 + 8));
        Assert.Equal((ushort)(fdp & 0xFFFF), memory.Read16(0x10300 + 10));
        Assert.Equal((ushort)((fdp >> 16) << 12), memory.Read16(0x10300 + 12));
        Assert.Equal(fip & 0xFFFF, memory.Read32(0x10320 + 12));
        Assert.Equal(((fip >> 16) << 12) | fop, memory.Read32(0x10320 + 16));
        Assert.Equal(fdp & 0xFFFF, memory.Read32(0x10320 + 20));
        Assert.Equal((fdp >> 16) << 12, memory.Read32(0x10320 + 24));
    }

    private static int Length(Assembler a)
    {
        using var ms = new MemoryStream();
        a.Assemble(new StreamCodeWriter(ms), 0);
        return (int)ms.Length;
    }
}
