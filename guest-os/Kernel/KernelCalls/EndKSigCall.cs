using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_ENDKSIG: the signal manager is done with the signals it fetched; the process may
/// run again (unless new signals arrived meanwhile). Reads P0 (endpoint). EPERM unless the
/// caller is its signal manager; EINVAL if it had no signals being handled.
/// </summary>
internal static unsafe class EndKSigCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (target.Priv.SignalManager != caller.Endpoint)
            return Error.PermissionDenied;
        if ((target.Flags & ProcFlags.SigPending) == 0)
            return Error.InvalidArgument;
        if ((target.Flags & ProcFlags.Signaled) == 0)
        {
            target.Flags &= ~ProcFlags.SigPending;
            Scheduler.Ready(target);
        }
        return Error.Ok;
    }
}
