using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SIGRETURN: a process resumes the context SIGSEND saved on its stack. Reads P0 (the
/// context address, in the caller's memory). The registers are made safe (ring-3
/// selectors, IF set, IOPL 0) and the MXCSR reserved bits cleared. No reply: the process
/// goes on where the signal interrupted it. EFAULT if the context cannot be read.
/// </summary>
internal static unsafe class SigReturnCall
{
    public static int Do(Proc caller, Message* m)
    {
        Frame restored;
        byte* fpu = stackalloc byte[SignalFrame.FpuBytes];
        uint context = (uint)m->P0;
        if (Paging.CopyIn(caller.PageDirectory, context, (byte*)&restored, Frame.Size) != Error.Ok
            || Paging.CopyIn(caller.PageDirectory, context + SignalFrame.FpuOffset, fpu, SignalFrame.FpuBytes) != Error.Ok)
            return Error.BadAddress;
        Signals.SanitizeRegisters(&restored);
        Signals.SanitizeFpu(fpu);
        restored.Vector = caller.Regs.Vector;
        caller.Regs = restored;
        Paging.Copy(fpu, caller.FpuArea, SignalFrame.FpuBytes);
        return SystemTask.NoReply;
    }
}
