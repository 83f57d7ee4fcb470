using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_UPDATE: live update (MINIX's do_update). The reincarnation server has started a new
/// version of a service and stopped both with RUNCTL; UPDATE swaps everything that makes up
/// the two running images (registers, x87/SSE state, address space, privileges, command
/// line, grant and SENDA tables, scheduling state, own RECEIVE state, IRQ lines) while the
/// endpoints, slots, queued senders and pending notifications stay where they are. Clients
/// keep using the old endpoint and are now served by the new code. Reads P0 and P1 (the two
/// endpoints). EBUSY unless both are stopped by RUNCTL and neither is sending, signalled
/// or held.
/// </summary>
internal static unsafe class UpdateCall
{
    private const int Swappable = ProcFlags.Paused | ProcFlags.Receiving | ProcFlags.ReplyPending;
    private static readonly Priv s_priv = new();
    private static readonly byte[] s_line = new byte[Proc.MaxCommandLine];

    public static int Do(Proc caller, Message* m)
    {
        Proc a = ProcTable.Find(m->P0);
        Proc b = ProcTable.Find(m->P1);
        if (a == null || b == null)
            return ProcTable.Missing(a == null ? m->P0 : m->P1);
        if (a == b || a == caller || b == caller)
            return Error.InvalidArgument;
        if ((a.Flags & ProcFlags.Paused) == 0 || (b.Flags & ProcFlags.Paused) == 0 || ((a.Flags | b.Flags) & ~Swappable) != 0)
            return Error.Busy;

        Swap(ref a.Regs, ref b.Regs);
        byte* fpu = a.FpuArea;           // pointers cannot be generic arguments
        a.FpuArea = b.FpuArea;
        b.FpuArea = fpu;
        Swap(ref a.PageDirectory, ref b.PageDirectory);
        s_priv.CopyFrom(a.Priv);
        a.Priv.CopyFrom(b.Priv);
        b.Priv.CopyFrom(s_priv);
        int length = a.CommandLineLength;
        for (int i = 0; i < length; i++)
            s_line[i] = a.CommandLine[i];
        a.SetCommandLine(b.CommandLine, b.CommandLineLength);
        b.SetCommandLine(s_line, length);
        Swap(ref a.GrantTable, ref b.GrantTable);
        Swap(ref a.GrantCount, ref b.GrantCount);
        Swap(ref a.AsyncTable, ref b.AsyncTable);
        Swap(ref a.AsyncCount, ref b.AsyncCount);
        Swap(ref a.Priority, ref b.Priority);
        Swap(ref a.MaxPriority, ref b.MaxPriority);
        Swap(ref a.Quantum, ref b.Quantum);
        Swap(ref a.TicksLeft, ref b.TicksLeft);
        Swap(ref a.UserTicks, ref b.UserTicks);
        Swap(ref a.Flags, ref b.Flags);
        Swap(ref a.GetFrom, ref b.GetFrom);
        Swap(ref a.MessageAddress, ref b.MessageAddress);
        Swap(ref a.PendingIrqs, ref b.PendingIrqs);
        for (int i = 0; i < Irq.Lines; i++)
        {
            if (Irq.Owners[i] == a)
                Irq.Owners[i] = b;
            else if (Irq.Owners[i] == b)
                Irq.Owners[i] = a;
        }
        return Error.Ok;
    }

    private static void Swap<T>(ref T x, ref T y)
    {
        T t = x;
        x = y;
        y = t;
    }
}
