using Iced.Intel;

namespace PcEmu.Cpu;

public sealed partial class X86Cpu
{
    private void ResetSse() { }
    private bool ExecuteSimd(ref Instruction i) => false;
}
