using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_KILL: raises a kernel signal for a process, as a fault would (Signals.Cause): its
/// signal manager is notified, or with no manager the process is stopped. Reads P0
/// (endpoint), P1 (signal, 1..31).
/// </summary>
internal static unsafe class KillCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (m->P1 < 1 || m->P1 > 31)
            return Error.InvalidArgument;
        Signals.Cause(target, m->P1);
        return Error.Ok;
    }
}
