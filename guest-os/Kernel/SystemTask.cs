using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// The system task: kernel calls are SENDRECs to SYSTEM, handled at once in the trap (as
/// MINIX 3.2+ does). The request is copied in, the call number checked against the
/// caller's bitmap (ECALLDENIED otherwise), the handler run, and the reply, whose type is
/// the handler's status, copied back into the caller's message buffer.
/// </summary>
internal static unsafe class SystemTask
{
    /// <summary>A handler's status meaning "no reply": the caller is gone or resumes elsewhere (SIGRETURN, EXEC); EAX stays as it is.</summary>
    public const int NoReply = int.MinValue;

    public static int Handle(Proc caller, uint messageAddress)
    {
        Message m;
        if (Paging.CopyIn(caller.PageDirectory, messageAddress, (byte*)&m, Message.Size) != Error.Ok)
            return Error.BadAddress;
        int call = m.Type - KernelCall.Base;
        int status;
        if (call < 0 || call >= KernelCall.Count)
            status = Error.NotImplemented;
        else if ((caller.Priv.Calls & (1ul << call)) == 0)
            status = Error.CallDenied;
        else
            status = Dispatch(caller, &m);
        if (status == NoReply)
            return NoReply;
        m.Source = Endpoint.System;
        m.Type = status;
        return Paging.CopyOut((byte*)&m, caller.PageDirectory, messageAddress, Message.Size);
    }

    /// <summary>The call table: one line per kernel call (KernelCalls/*.cs).</summary>
    private static int Dispatch(Proc caller, Message* m) => m->Type switch
    {
        KernelCall.Exit => ExitCall.Do(caller, m),
        KernelCall.DevIo => DevIoCall.Do(caller, m),
        KernelCall.IrqCtl => IrqCtlCall.Do(caller, m),
        KernelCall.SafeCopyFrom => SafeCopyCall.Do(caller, m, toGranter: false),
        KernelCall.SafeCopyTo => SafeCopyCall.Do(caller, m, toGranter: true),
        KernelCall.SetAlarm => SetAlarmCall.Do(caller, m),
        KernelCall.GetInfo => GetInfoCall.Do(caller, m),
        KernelCall.Abort => AbortCall.Do(caller, m),
        KernelCall.DiagCtl => DiagCtlCall.Do(caller, m),
        KernelCall.Times => TimesCall.Do(caller, m),
        KernelCall.SetGrant => SetGrantCall.Do(caller, m),
        KernelCall.Fork => ForkCall.Do(caller, m),
        KernelCall.Exec => ExecCall.Do(caller, m),
        KernelCall.Clear => ClearCall.Do(caller, m),
        KernelCall.PrivCtl => PrivCtlCall.Do(caller, m),
        KernelCall.VDevIo => DevIoCall.Vector(caller, m),
        KernelCall.SDevIo => DevIoCall.String(caller, m),
        KernelCall.VirCopy => CopyCall.Do(caller, m, physicalAllowed: false),
        KernelCall.PhysCopy => CopyCall.Do(caller, m, physicalAllowed: true),
        KernelCall.Umap => UmapCall.Do(caller, m),
        KernelCall.Memset => MemsetCall.Do(caller, m),
        KernelCall.Kill => KillCall.Do(caller, m),
        KernelCall.GetKSig => GetKSigCall.Do(caller, m),
        KernelCall.EndKSig => EndKSigCall.Do(caller, m),
        KernelCall.SigSend => SigSendCall.Do(caller, m),
        KernelCall.SigReturn => SigReturnCall.Do(caller, m),
        KernelCall.STime => TimeCall.STime(caller, m),
        KernelCall.SetTime => TimeCall.SetTime(caller, m),
        KernelCall.Schedule => ScheduleCall.Schedule(caller, m),
        KernelCall.RunCtl => ScheduleCall.RunCtl(caller, m),
        KernelCall.VmCtl => VmCtlCall.Do(caller, m),
        KernelCall.SafeMemset => MemsetCall.Safe(caller, m),
        KernelCall.GetMContext => MContextCall.Do(caller, m, set: false),
        KernelCall.SetMContext => MContextCall.Do(caller, m, set: true),
        KernelCall.Update => UpdateCall.Do(caller, m),
        _ => Error.NotImplemented,
    };
}
