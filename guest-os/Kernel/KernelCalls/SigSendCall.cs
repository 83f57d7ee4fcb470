using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SIGSEND: the signal manager makes a process run a signal handler. Reads P0
/// (endpoint), P1 (signal), P2 (handler: an stdcall function of the signal number), P3
/// (trampoline: an stdcall function of the context address that calls SIGRETURN). The
/// kernel saves the process's registers and x87/SSE state in a context on its user stack,
/// with the frame described by Lib.SignalFrame below it, and resumes the process in the
/// handler with fresh x87/SSE state. A process blocked in IPC leaves it with EINTR in the
/// saved context. EPERM unless the caller is the process's signal manager; EBUSY unless
/// the process is held for signal handling (SigPending) or stopped by RUNCTL; EFAULT if
/// its stack cannot take the frame.
/// </summary>
internal static unsafe class SigSendCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (target.Priv.SignalManager != caller.Endpoint)
            return Error.PermissionDenied;
        if ((target.Flags & (ProcFlags.SigPending | ProcFlags.Paused)) == 0)
            return Error.Busy;
        if (m->P1 < 1 || m->P1 > 31)
            return Error.InvalidArgument;

        Frame saved = target.Regs;
        if ((target.Flags & (ProcFlags.Sending | ProcFlags.Receiving)) != 0)
            saved.Eax = unchecked((uint)Error.Interrupted);
        uint context = (saved.Esp - SignalFrame.ContextSize) & ~15u;
        uint frame = context - 16;
        uint* words = stackalloc uint[4];
        words[0] = (uint)m->P3;       // the handler returns to the trampoline
        words[1] = (uint)m->P1;       // handler(signal)
        words[2] = 0;                 // the trampoline never returns
        words[3] = context;           // trampoline(context)
        uint directory = target.PageDirectory;
        if (Paging.CopyOut((byte*)&saved, directory, context, Frame.Size) != Error.Ok
            || Paging.CopyOut(target.FpuArea, directory, context + SignalFrame.FpuOffset, SignalFrame.FpuBytes) != Error.Ok
            || Paging.CopyOut((byte*)words, directory, frame, 16) != Error.Ok)
            return Error.BadAddress;

        if ((target.Flags & (ProcFlags.Sending | ProcFlags.Receiving)) != 0)
            Ipc.CancelBlocking(target);
        target.Regs.Esp = frame;
        target.Regs.Eip = (uint)m->P2;
        target.Regs.Eflags &= ~0x500u;            // TF and DF clear, as the ABI expects on entry
        Signals.ResetFpu(target.FpuArea);
        return Error.Ok;
    }
}
