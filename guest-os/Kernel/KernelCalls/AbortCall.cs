using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_ABORT: shuts the machine down (MINIX's sys_abort). Reads P0 (exit code), which the
/// kernel passes to QEMU's debug-exit device. No reply.
/// </summary>
internal static unsafe class AbortCall
{
    public static int Do(Proc caller, Message* m)
    {
        Console.Write("kernel: abort by process ");
        ProcTable.WriteName(caller);
        Console.Write(", code ");
        Console.WriteDecimal(m->P0);
        Console.Write('\n');
        Console.ExitMachine(m->P0);
        return SystemTask.NoReply;
    }
}
