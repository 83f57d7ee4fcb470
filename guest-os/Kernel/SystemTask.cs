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
    /// <summary>A handler's status meaning "no reply": the caller is gone.</summary>
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
        else if ((caller.Priv.Calls & (1u << call)) == 0)
            status = Error.CallDenied;
        else
            status = Dispatch(caller, &m);
        if (status == NoReply)
            return Error.Ok;
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
        _ => Error.NotImplemented,
    };
}
