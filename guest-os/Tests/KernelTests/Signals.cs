using System.Runtime.InteropServices;
using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Kernel signals. Boot: 0 = sig-pm calls=all prio=2 (the signal manager), 1 = sig-faulter
/// sigmgr=0 prio=3, 2 = sig-catcher sigmgr=0 prio=4, 3 = echo prio=5 (no manager).
/// The faulter writes to address 0: the manager is notified by SYSTEM, GETKSIG names the
/// faulter with SIGSEGV, the faulter is held off the CPU, and the manager clears it (the
/// death a reincarnation server would see). The catcher tells the manager its handler; the
/// manager KILLs it with SIGUSR1, fetches the signal and SIGSENDs it: the handler runs on
/// the catcher's stack and SIGRETURN resumes the catcher exactly where it was. A signal
/// sent while the catcher is blocked in SENDREC ends the SENDREC with EINTR. KILL of a
/// process without a manager stops it.
/// </summary>
internal static unsafe class Signals
{
    private const int SigAction = 1, Caught = 2, Interrupted = 3;
    private static int s_caught;
    private static int s_handlerRuns;

    public static void Faulter()
    {
        *(int*)Volatile(0) = 1;
        Sys.Print("FAIL: survived a write to address 0");
    }

    [UnmanagedCallersOnly]
    private static void Handler(int signal)
    {
        s_caught = signal;
        s_handlerRuns++;
    }

    [UnmanagedCallersOnly]
    private static void Trampoline(void* context)
    {
        Sys.SigReturn(context);
        Sys.Print("FAIL: SIGRETURN returned");
    }

    public static void Catcher()
    {
        Message m = default;
        m.Type = SigAction;
        m.P0 = (int)(delegate* unmanaged<int, void>)&Handler;
        m.P1 = (int)(delegate* unmanaged<void*, void>)&Trampoline;
        int status = Ipc.SendRec(0, ref m);
        // The reply arrived, then SIGUSR1 ran the handler before this line.
        m.Type = Caught;
        m.P0 = s_caught;
        m.P1 = status;
        m.P2 = m.P5;                      // the reply's marker: the message buffer survived too
        m.P3 = s_handlerRuns;
        status = Ipc.SendRec(0, ref m);   // never answered: SIGUSR2 interrupts it
        m.Type = Interrupted;
        m.P0 = status;
        m.P1 = s_caught;
        m.P3 = s_handlerRuns;
        Ipc.SendRec(0, ref m);
        Echo.Sink();
    }

    public static void Manager()
    {
        Message m = default;
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Message.Notification && m.Source == Endpoint.System, "the fault notified the manager from SYSTEM");
        Check.Equal(Error.Ok, Sys.GetKSig(out int who, out int signals), "getksig");
        Check.Equal(1, who, "the faulting process");
        Check.Equal(1 << Signal.Segv, signals, "SIGSEGV");
        Sys.ProcessInfo(1, out _, out _, out int flags);
        Check.That((flags & 64) != 0 && (flags & 8) == 0, "the faulter is held, not yet dead");
        Sys.GetKSig(out who, out _);
        Check.Equal(Endpoint.None, who, "no more signals");
        Check.Equal(Error.Ok, Sys.Clear(1), "the manager ends the faulter");

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == SigAction && m.Source == 2, "the catcher registers its handler");
        int handler = m.P0, trampoline = m.P1;
        Check.Equal(Error.Busy, Sys.SigSend(2, Signal.Usr1, (void*)handler, (void*)trampoline), "sigsend needs the process held");
        Check.Equal(Error.InvalidArgument, Sys.EndKSig(2), "endksig without signals");
        m.P5 = 0x5151;
        Ipc.Send(2, ref m);
        Check.Equal(Error.Ok, Sys.Kill(2, Signal.Usr1), "kill SIGUSR1");
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Message.Notification && m.Source == Endpoint.System, "kill notified the manager");
        Sys.GetKSig(out who, out signals);
        Check.That(who == 2 && signals == 1 << Signal.Usr1, "getksig: the catcher, SIGUSR1");
        Check.Equal(Error.Ok, Sys.SigSend(2, Signal.Usr1, (void*)handler, (void*)trampoline), "sigsend");
        Check.Equal(Error.Ok, Sys.EndKSig(2), "endksig");

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Caught && m.Source == 2, "the catcher goes on after its handler");
        Check.Equal(Signal.Usr1, m.P0, "the handler got SIGUSR1");
        Check.Equal(1, m.P3, "the handler ran once");
        Check.Equal(Error.Ok, m.P1, "the interrupted context was restored (status)");
        Check.Equal(0x5151, m.P2, "the interrupted context was restored (message)");

        Sys.Kill(2, Signal.Usr2);
        Ipc.Receive(Endpoint.System, ref m);
        Sys.GetKSig(out who, out signals);
        Check.That(who == 2 && signals == 1 << Signal.Usr2, "getksig: SIGUSR2");
        Check.Equal(Error.Ok, Sys.SigSend(2, Signal.Usr2, (void*)handler, (void*)trampoline), "sigsend to a process blocked in SENDREC");
        Sys.EndKSig(2);
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Interrupted && m.Source == 2, "the catcher reports");
        Check.Equal(Error.Interrupted, m.P0, "the signal ended its SENDREC with EINTR");
        Check.Equal(Signal.Usr2, m.P1, "the handler got SIGUSR2");
        Check.Equal(2, m.P3, "two handler runs in all");

        Check.Equal(Error.Ok, Sys.Kill(3, Signal.Term), "kill a process without a signal manager");
        Sys.ProcessInfo(3, out _, out _, out flags);
        Check.That((flags & 8) != 0, "it is stopped");
        Check.Finish("signals");
    }

    private static int s_sink;

    private static int Volatile(int value)
    {
        s_sink = value;
        return s_sink;
    }
}
