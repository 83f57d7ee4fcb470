namespace GuestOs.Kernel;

/// <summary>
/// CPU exceptions raised by a user process (divide error, #UD, #GP, page fault, ...): the
/// process is stopped and the fault reported on the console; the rest of the system goes
/// on. (In full MINIX the kernel would tell the process manager, which would signal the
/// process or let the reincarnation server restart a dead driver.)
/// </summary>
internal static class Faults
{
    public static void UserException(Proc p, int vector)
    {
        Console.Write("kernel: process ");
        ProcTable.WriteName(p);
        Console.Write(" stopped: ");
        Console.Write(Name(vector));
        Console.Write(" at eip=");
        Console.WriteHex(p.Regs.Eip);
        if (vector == 14)
        {
            Console.Write(" address=");
            Console.WriteHex(Cpu.ReadCr2());
        }
        Console.Write('\n');
        Stop(p);
    }

    /// <summary>Takes a process out of the system for good (an exit or a fatal fault).</summary>
    public static void Stop(Proc p)
    {
        Scheduler.Unready(p);
        Ipc.ProcessGone(p);
        p.Flags |= ProcFlags.Stopped;
        p.AlarmTick = 0;
        for (int i = 0; i < Irq.Lines; i++)
        {
            if (Irq.Owners[i] == p)
            {
                Irq.Owners[i] = null;
                Pic.Mask(i);
            }
        }
    }

    private static string Name(int vector) => vector switch
    {
        0 => "divide error",
        1 => "debug",
        3 => "breakpoint",
        4 => "overflow",
        5 => "bound range",
        6 => "invalid opcode",
        7 => "device not available",
        8 => "double fault",
        10 => "invalid TSS",
        11 => "segment not present",
        12 => "stack fault",
        13 => "general protection",
        14 => "page fault",
        16 => "x87 error",
        17 => "alignment check",
        19 => "SIMD error",
        _ => "exception",
    };
}
