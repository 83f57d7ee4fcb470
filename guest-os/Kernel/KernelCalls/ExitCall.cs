using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_EXIT: the caller ends. Reads P0 (exit status). No reply.
/// (MINIX's SYS_EXIT is made by the process manager for another process; with no process
/// manager yet, a process makes it for itself.)
/// </summary>
internal static unsafe class ExitCall
{
    public static int Do(Proc caller, Message* m)
    {
        Console.Write("kernel: process ");
        ProcTable.WriteName(caller);
        Console.Write(" exited with status ");
        Console.WriteDecimal(m->P0);
        Console.Write('\n');
        Faults.Stop(caller);
        return SystemTask.NoReply;
    }
}
