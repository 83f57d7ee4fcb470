using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_GETMCONTEXT and SYS_SETMCONTEXT: reads or replaces the 512-byte x87/SSE state of
/// the caller or of a process it is the signal manager of (user-level threads switch it).
/// Reads P0 (endpoint or Endpoint.Self), P1 (address of the 512 bytes in the caller's
/// memory). A set state has its reserved MXCSR bits cleared.
/// </summary>
internal static unsafe class MContextCall
{
    public static int Do(Proc caller, Message* m, bool set)
    {
        Proc target = ProcTable.Target(caller, m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (target != caller && target.Priv.SignalManager != caller.Endpoint)
            return Error.PermissionDenied;
        if (!set)
            return Paging.CopyOut(target.FpuArea, caller.PageDirectory, (uint)m->P1, SignalFrame.FpuBytes);
        byte* fpu = stackalloc byte[SignalFrame.FpuBytes];
        if (Paging.CopyIn(caller.PageDirectory, (uint)m->P1, fpu, SignalFrame.FpuBytes) != Error.Ok)
            return Error.BadAddress;
        Signals.SanitizeFpu(fpu);
        Paging.Copy(fpu, target.FpuArea, SignalFrame.FpuBytes);
        return Error.Ok;
    }
}
