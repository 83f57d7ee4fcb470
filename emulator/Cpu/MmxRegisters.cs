using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// The MMX registers alias the x87 register file (SDM Vol. 1, 9.5 and Vol. 3A, 12.2): MMi is bits 63:0
/// of physical x87 register i, independent of TOP. Writing MMi sets bits 79:64 to all ones. Every MMX
/// instruction except EMMS sets TOP to 0 and all tags to valid; EMMS sets all tags to empty.
/// This file is the only place the MMX code touches x87 storage (X87State: the physical 80-bit
/// registers, TOP and the empty mask of the tag word).
/// </summary>
public sealed partial class X86Cpu
{
    /// <summary>Reads MMn.</summary>
    private ulong Mm(int n) => _fpu.Regs[n].Significand;

    /// <summary>Writes MMn (bits 79:64 of the x87 register become 0xFFFF).</summary>
    private void SetMm(int n, ulong value) => _fpu.Regs[n] = new Float80(0xFFFF, value);

    /// <summary>The x87-to-MMX transition: TOP = 0, all eight tags valid (00).</summary>
    private void EnterMmx()
    {
        _fpu.Top = 0;
        _fpu.EmptyMask = 0;
    }

    /// <summary>EMMS: all eight tags empty (11).</summary>
    private void EmptyMmxState() => _fpu.EmptyMask = 0xFF;
}
