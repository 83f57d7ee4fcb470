using System.Runtime.InteropServices;

namespace GuestOs.Kernel;

/// <summary>
/// Kernel panics: print the reason (and, for an unexpected exception in kernel mode, the
/// registers) on COM1, then stop the machine with exit code 0x7F.
/// </summary>
internal static unsafe class Panic
{
    public const int ExitCode = 0x7F;

    public static void Fail(string reason)
    {
        Console.Write("kernel panic: ");
        Console.WriteLine(reason);
        Console.ExitMachine(ExitCode);
    }

    public static void KernelException(Frame* frame)
    {
        Console.Write("kernel panic: exception ");
        Console.WriteDecimal(frame->Vector);
        Console.Write(" in kernel mode\n");
        Registers.Dump(frame);
        Console.ExitMachine(ExitCode);
    }

    /// <summary>The corlib's fatal-error hook (a throw, an out-of-memory, a failed check).</summary>
    [UnmanagedCallersOnly(EntryPoint = "GuestPanic")]
    private static void CorlibPanic(char* message, int length)
    {
        Console.Write("kernel panic: ");
        for (int i = 0; i < length; i++)
            Console.Write(message[i]);
        Console.Write('\n');
        Console.ExitMachine(ExitCode);
    }
}
