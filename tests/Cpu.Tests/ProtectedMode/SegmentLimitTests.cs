using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>
/// Expand-down data segments (SDM Vol. 3A, 3.4.5.1): valid offsets run from limit + 1 to FFFFFFFFh (B=1);
/// an access at or below the limit, or straddling it, is #GP(0) (#SS(0) through SS). QEMU's TCG does not
/// check data-segment limits, so these run here rather than in the QEMU comparison guests.
/// </summary>
public sealed class SegmentLimitTests
{
    private const uint Handler = 0x0011_0000;

    private static FlatMachine Run(uint offset, bool throughSs)
    {
        var a = new Assembler(32);
        a.mov(ebx, 0xFFFF_FFFF);
        a.mov(eax, 0x18);
        if (throughSs)
        {
            a.mov(ss, eax);
            a.mov(ecx, __dword_ptr.ss[offset]);
        }
        else
        {
            a.mov(es, eax);
            a.mov(ecx, __dword_ptr.es[offset]);
        }
        a.mov(ebx, 0);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.Memory.Write64(FlatMachine.GdtBase + 24, 0x0040_9600_0000_0FFF); // data RW expand-down, limit 0FFFh, B=1
        m.Memory.Write32(0x2000, 0x2222_2222);
        foreach (int vector in new[] { 12, 13 })
        {
            m.SetGate(vector, Handler + (uint)(16 * vector));
            var h = new Assembler(32);
            h.mov(ebx, vector);
            h.pop(edx);   // error code
            h.hlt();
            m.Load(h, Handler + (uint)(16 * vector));
        }
        m.Run();
        return m;
    }

    [Theory]
    [InlineData(0x2000u, false, 0u)]
    [InlineData(0x0800u, false, 13u)]
    [InlineData(0x0FFEu, false, 13u)]   // straddles the limit
    [InlineData(0x1000u, false, 0u)]
    [InlineData(0x0800u, true, 12u)]
    [InlineData(0x2000u, true, 0u)]
    public void ExpandDownDataSegmentLimits(uint offset, bool throughSs, uint expectedVector)
    {
        FlatMachine m = Run(offset, throughSs);
        Assert.Equal(expectedVector, m.Cpu.Ebx);
        if (expectedVector == 0)
            Assert.Equal(offset == 0x2000 ? 0x2222_2222u : 0u, m.Cpu.Ecx);
        else
            Assert.Equal(0u, m.Cpu.Edx);
    }
}
