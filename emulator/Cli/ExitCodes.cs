namespace PcEmu.Cli;

/// <summary>
/// The process exit codes of <c>pcemu run</c>. A guest that writes V to the debug-exit port
/// makes the process exit with (V &lt;&lt; 1) | 1, as QEMU does; those codes are always odd,
/// so the even codes below never collide with a guest's verdict, except 3 and 5 (guest
/// values 1 and 2; prefer 0x10 and up for verdicts, as the reference tests do).
/// </summary>
public static class ExitCodes
{
    /// <summary>Bad arguments, a missing or unreadable file, or a kernel/module the loader refuses.</summary>
    public const int UsageOrImageError = 2;

    /// <summary>With --no-reboot: the CPU shut down (triple fault) or the guest asked for a reset.</summary>
    public const int CpuShutdown = 3;

    /// <summary>--max-instructions ran out before the guest exited.</summary>
    public const int InstructionLimit = 4;

    /// <summary>The CPU halted with nothing able to wake it.</summary>
    public const int HaltedForever = 5;

    /// <summary>Interrupted from the host (Ctrl-C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    public const string HelpText =
        "Exit codes:\n" +
        "  (V << 1) | 1  the guest wrote V to the debug-exit port 0xF4 (as QEMU's isa-debug-exit)\n" +
        "  2             bad arguments, a missing file, or a malformed kernel or module\n" +
        "  3             with --no-reboot: CPU shutdown (triple fault) or a guest reset; the reason is printed\n" +
        "  4             --max-instructions reached\n" +
        "  5             halted forever (HLT with nothing able to wake the CPU)\n" +
        "  130           interrupted (Ctrl-C)";
}
