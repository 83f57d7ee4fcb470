using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Kernel signals (MINIX's cause_sig): a fault or a KILL marks the signal pending, takes
/// the process off the CPU (Signaled and SigPending) and notifies its signal manager from
/// SYSTEM. The manager fetches the signals with GETKSIG, acts (SIGSEND to run a handler,
/// CLEAR to end the process, ...) and lets the process go on with ENDKSIG. A process with
/// no live manager (or that is its own) is stopped instead.
/// </summary>
internal static unsafe class Signals
{
    public static Proc Manager(Proc p)
    {
        Proc manager = ProcTable.Find(p.Priv.SignalManager);
        return manager == p ? null : manager;
    }

    public static void Cause(Proc p, int signal)
    {
        Proc manager = Manager(p);
        if (manager == null)
        {
            Faults.Stop(p);
            return;
        }
        p.PendingSignals |= 1u << signal;
        if ((p.Flags & ProcFlags.Signaled) != 0)
            return;
        p.Flags |= ProcFlags.Signaled | ProcFlags.SigPending;
        Scheduler.Unready(p);
        Ipc.NotifyFromKernel(Endpoint.System, manager);
    }

    /// <summary>The x87/SSE state a fresh process (or a signal handler) starts with: FCW 0x37F, MXCSR 0x1F80.</summary>
    public static void ResetFpu(byte* area)
    {
        for (int i = 0; i < SignalFrame.FpuBytes; i++)
            area[i] = 0;
        *(ushort*)area = 0x037F;
        *(uint*)(area + 24) = 0x1F80;
    }

    /// <summary>
    /// Makes user-supplied x87/SSE state safe for FXRSTOR: reserved MXCSR bits would raise
    /// #GP in the kernel (Intel SDM vol. 1, 10.2.3.1), so only the defined ones (not DAZ) are kept.
    /// </summary>
    public static void SanitizeFpu(byte* area) => *(uint*)(area + 24) &= 0xFFBF;

    /// <summary>Makes a user-supplied register frame safe to IRET to: ring-3 selectors, IF set, IOPL 0, no VM86.</summary>
    public static void SanitizeRegisters(Frame* f)
    {
        f->Cs = Boot.UserCode;
        f->Ds = f->Es = f->Fs = f->Gs = f->Ss = Boot.UserData;
        f->Eflags = (f->Eflags & 0xCD5) | 0x202;   // CF PF AF ZF SF DF OF kept
    }
}
