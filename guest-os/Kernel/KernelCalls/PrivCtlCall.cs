using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_PRIVCTL: a privileged process (the reincarnation server) sets another process's
/// privileges (MINIX's do_privctl). Reads P0 (request), P1 (endpoint, or Endpoint.Self).
/// PrivSet: P2/P3 (kernel-call bitmap, low and high words), P4 (IPC bitmap, bit n = slot n),
/// P5 (IRQ bitmap), P6 (signal-manager endpoint or Endpoint.None); the I/O and memory
/// ranges are emptied. PrivAddIo: P2 (first port), P3 (count). PrivAddMem: P2 (physical
/// base), P3 (size). PrivAllow / PrivDisallow: lets the process run / holds it (NoPriv).
/// Nothing can be handed out that the caller does not hold itself: EPERM for a bitmap that
/// is not a subset of the caller's or a range outside the caller's ranges; ENOMEM when
/// the four range entries are in use.
/// </summary>
internal static unsafe class PrivCtlCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Target(caller, m->P1);
        if (target == null || (target.Flags & ProcFlags.Stopped) != 0)
            return ProcTable.Missing(m->P1);
        Priv mine = caller.Priv;
        Priv priv = target.Priv;
        switch (m->P0)
        {
            case KernelCall.PrivSet:
            {
                ulong calls = (uint)m->P2 | ((ulong)(uint)m->P3 << 32);
                if ((calls & ~mine.Calls) != 0 || ((uint)m->P4 & ~mine.IpcTargets) != 0 || ((uint)m->P5 & ~mine.Irqs) != 0)
                    return Error.PermissionDenied;
                priv.Calls = calls;
                priv.IpcTargets = (uint)m->P4;
                priv.Irqs = (uint)m->P5;
                priv.SignalManager = m->P6;
                priv.IoRangeCount = 0;
                priv.MemRangeCount = 0;
                return Error.Ok;
            }
            case KernelCall.PrivAddIo:
            case KernelCall.PrivAddMem:
            {
                bool io = m->P0 == KernelCall.PrivAddIo;
                uint start = (uint)m->P2, size = (uint)m->P3;
                if (!(io ? mine.MayUsePorts(start, size) : mine.MayUseMemory(start, size)))
                    return Error.PermissionDenied;
                return priv.AddRange(io, start, size) ? Error.Ok : Error.NoMemory;
            }
            case KernelCall.PrivAllow:
                target.Flags &= ~ProcFlags.NoPriv;
                Scheduler.Ready(target);
                return Error.Ok;
            case KernelCall.PrivDisallow:
                target.Flags |= ProcFlags.NoPriv;
                Scheduler.Unready(target);
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
