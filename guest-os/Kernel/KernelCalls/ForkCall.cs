using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_FORK: copies a process into the lowest free slot (MINIX's do_fork). Reads P0 (the
/// parent: an endpoint, or Endpoint.Self). Writes P1 (the child's endpoint: the slot's next
/// generation). The child gets a private copy of every user page, the registers, the
/// x87/SSE state, the privileges and the scheduling parameters; not the alarm, pending
/// notifications, signals or SENDA table. A parent blocked in RECEIVE (typically in a
/// SENDREC to the process manager, which is forking it) leaves the child blocked the same
/// way, so both get the manager's reply. When a process forks itself the child gets the
/// reply too, with P1 = 0. EAGAIN if no slot is free, ENOMEM if the frames would run out.
/// </summary>
internal static unsafe class ForkCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc parent = m->P0 == Endpoint.Self ? caller : ProcTable.Find(m->P0);
        if (parent == null)
            return ProcTable.Missing(m->P0);
        Proc child = ProcTable.FreeSlot();
        if (child == null)
            return Error.TryAgain;
        if (Paging.FramesUsed(parent.PageDirectory) + 1 > Frames.FreeFrames)
            return Error.NoMemory;

        child.Used = true;
        ProcTable.NextEndpoint(child);
        child.SetCommandLine(parent.CommandLine, parent.CommandLineLength);
        child.PageDirectory = Paging.CopyAddressSpace(parent.PageDirectory);
        child.FpuArea = (byte*)Frames.AllocateZeroed();
        Paging.Copy(parent.FpuArea, child.FpuArea, SignalFrame.FpuBytes);
        child.Regs = parent.Regs;
        child.Priv.CopyFrom(parent.Priv);
        child.GrantTable = parent.GrantTable;
        child.GrantCount = parent.GrantCount;
        child.MaxPriority = parent.MaxPriority;
        child.Priority = parent.MaxPriority;
        child.Quantum = parent.Quantum;
        child.TicksLeft = parent.Quantum;
        child.UserTicks = 0;
        child.Flags = parent.Flags & (ProcFlags.Receiving | ProcFlags.ReplyPending);
        child.GetFrom = parent.GetFrom;
        child.MessageAddress = parent.MessageAddress;
        if ((parent.Flags & ProcFlags.Sending) != 0)
            child.Regs.Eax = unchecked((uint)Error.Interrupted);   // the child is not in the parent's send queue
        m->P1 = child.Endpoint;
        if (parent == caller)
        {
            Message reply = *m;
            reply.Source = Endpoint.System;
            reply.Type = Error.Ok;
            reply.P1 = 0;
            Paging.CopyOut((byte*)&reply, child.PageDirectory, caller.Regs.Ebx, Message.Size);
        }
        Scheduler.Ready(child);
        return Error.Ok;
    }
}
