using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// Deterministic virtual time derived from retired instructions, like QEMU's icount: at the
/// nominal 1 GHz each instruction takes 1 ns. The virtual-time scheduler (next issue) will
/// own this clock and add the time the CPU spends halted waiting for an event.
/// </summary>
public sealed class InstructionClock : IVirtualClock
{
    private readonly Func<ulong> _retiredInstructions;

    public InstructionClock(Func<ulong> retiredInstructions, long nanosecondsPerInstruction = 1)
    {
        ArgumentNullException.ThrowIfNull(retiredInstructions);
        ArgumentOutOfRangeException.ThrowIfLessThan(nanosecondsPerInstruction, 1);
        _retiredInstructions = retiredInstructions;
        NanosecondsPerInstruction = nanosecondsPerInstruction;
    }

    public long NanosecondsPerInstruction { get; }

    public long NowNanoseconds => (long)_retiredInstructions() * NanosecondsPerInstruction;
}
