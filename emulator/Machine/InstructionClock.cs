using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// The machine's virtual clock, derived from retired instructions like QEMU's icount: at the
/// nominal 1 GHz each instruction takes 1 ns. While the CPU is halted the run loop moves the
/// clock forward to the next device event (<see cref="AdvanceIdle"/>), so
/// now = retired instructions x ns per instruction + idle ns. Both terms are exact integers,
/// so the same run reads the same times.
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

    /// <summary>Virtual time the CPU spent halted (or that realtime pacing skipped).</summary>
    public long IdleNanoseconds { get; private set; }

    public long NowNanoseconds => (long)_retiredInstructions() * NanosecondsPerInstruction + IdleNanoseconds;

    /// <summary>Moves the clock forward by <paramref name="nanoseconds"/> without retiring instructions.</summary>
    public void AdvanceIdle(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        IdleNanoseconds += nanoseconds;
    }

    /// <summary>Instructions the CPU may retire before the clock reaches <paramref name="deadline"/> (at least 1).</summary>
    public ulong InstructionsUntil(long deadline)
    {
        long remaining = deadline - NowNanoseconds;
        if (remaining <= 0)
            return 1;
        return (ulong)Math.Max(1, (remaining + NanosecondsPerInstruction - 1) / NanosecondsPerInstruction);
    }
}
