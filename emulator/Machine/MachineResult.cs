namespace PcEmu.Machine;

/// <summary>Why <see cref="PcMachine.Run"/> returned.</summary>
public enum MachineExitKind
{
    /// <summary>The guest wrote to the debug-exit port; <see cref="MachineResult.ExitCode"/> holds (V &lt;&lt; 1) | 1.</summary>
    GuestExit,

    /// <summary>The instruction budget ran out.</summary>
    InstructionLimit,

    /// <summary>The CPU shut down (triple fault); <see cref="MachineResult.Reason"/> says why.</summary>
    Shutdown,

    /// <summary>HLT with nothing that could ever wake the CPU (interrupts off, or no interrupt source).</summary>
    HaltedForever,

    /// <summary><see cref="PcMachine.RequestStop"/> was called (Ctrl-C on the command line).</summary>
    Stopped,
}

/// <summary>The outcome of a run and the CPU's retired-instruction count at its end.</summary>
public sealed record MachineResult(MachineExitKind Kind, ulong RetiredInstructions, uint? ExitCode = null, string? Reason = null);
