using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_CLEAR: the end of a process (MINIX's do_clear, made by the process manager after an
/// exit or a fatal signal): it is stopped if it was not, everyone blocked on it gets
/// EDEADSRCDST, its memory and x87/SSE area are released and its slot becomes free for
/// the next FORK (with a new generation, so the old endpoint stays dead). Reads P0
/// (endpoint). EINVAL for the caller itself (it exits with SYS_EXIT).
/// </summary>
internal static unsafe class ClearCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Get(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (target == caller)
            return Error.InvalidArgument;
        if ((target.Flags & ProcFlags.Stopped) == 0)
            Faults.Stop(target);
        Ipc.ForgetSlot(target);
        Paging.FreeAddressSpace(target.PageDirectory);
        Frames.Release((uint)target.FpuArea);
        target.PageDirectory = 0;
        target.FpuArea = null;
        target.Flags = ProcFlags.Free;
        target.NotifyPending = 0;
        target.PendingIrqs = 0;
        target.AsyncPending = 0;
        target.AsyncCount = 0;
        target.GrantCount = 0;
        target.PendingSignals = 0;
        target.Priv.CopyFrom(Priv.Nothing);
        return Error.Ok;
    }
}
