using Iced.Intel;

namespace PcEmu.Cpu;

public sealed partial class X86Cpu
{
    private void ResetFpu() { }
    private void FWait() { }
    private bool ExecuteX87(ref Instruction i) => false;
}
