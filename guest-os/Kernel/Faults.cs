using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// CPU exceptions raised by a user process (divide error, #UD, #GP, page fault, ...) never
/// stop the system. A process with a signal manager gets a kernel signal (Signals.cs) that
/// the manager (the process manager, or for a system process the reincarnation server)
/// fetches with GETKSIG; a process without one is stopped. Either way the fault is reported
/// on the console.
/// </summary>
internal static class Faults
{
    public static void UserException(Proc p, int vector)
    {
        bool managed = Signals.Manager(p) != null;
        Console.Write("kernel: process ");
        ProcTable.WriteName(p);
        Console.Write(managed ? " signalled: " : " stopped: ");
        Console.Write(Name(vector));
        Console.Write(" at eip=");
        Console.WriteHex(p.Regs.Eip);
        if (vector == 14)
        {
            Console.Write(" address=");
            Console.WriteHex(Cpu.ReadCr2());
        }
        Console.Write('\n');
        Signals.Cause(p, SignalOf(vector));
    }

    /// <summary>Takes a process out of the system for good (an exit, a fatal fault, CLEAR); its slot stays until CLEAR.</summary>
    public static void Stop(Proc p)
    {
        Scheduler.Unready(p);
        Ipc.ProcessGone(p);
        p.Flags |= ProcFlags.Stopped;
        Timers.Cancel(p.Alarm);
        for (int i = 0; i < Irq.Lines; i++)
        {
            if (Irq.Owners[i] == p)
            {
                Irq.Owners[i] = null;
                Pic.Mask(i);
            }
        }
    }

    /// <summary>The signal a fault raises (as MINIX's exception table does).</summary>
    private static int SignalOf(int vector) => vector switch
    {
        0 or 16 or 19 => Signal.Fpe,
        1 or 3 => Signal.Trap,
        6 => Signal.Ill,
        _ => Signal.Segv,
    };

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
