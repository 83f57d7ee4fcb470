using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// FORK, EXEC, CLEAR and endpoint generations. Boot: 0 = pm calls=all prio=2 (a process
/// manager), 1 = forker prio=4. The forker asks the manager to fork it; the child sees a
/// copy of the parent's memory from before the fork, neither sees the other's later
/// writes, and the child's endpoint is generation 1 of the first free slot. The child asks
/// to exit and the manager clears it (every frame comes back). A second fork reuses the
/// slot with generation 2; the first child's endpoint is refused with EDEADSRCDST. The
/// manager then execs the second child from boot module 1 with a new command line: it
/// starts afresh (its statics have their initial values) with the same endpoint. Last the
/// manager forks itself (the child gets the reply with endpoint 0) and the child execs itself.
/// </summary>
internal static unsafe class Processes
{
    private const int ForkMe = 1, ChildReport = 2, ParentReport = 3, ExitMe = 4, ExecReport = 5;
    private static int s_value = 3;

    public static void Forker()
    {
        s_value = 7;
        Message m = default;
        m.Type = ForkMe;
        Ipc.SendRec(0, ref m);
        if (m.P0 == 0)
        {
            Child();
            return;
        }
        int child = m.P0;
        s_value = 8;
        m = default;
        m.Type = ParentReport;
        m.P0 = child;
        m.P1 = s_value;
        Ipc.SendRec(0, ref m);           // answered once the child has exited
        m = default;
        m.Type = ForkMe;
        m.P1 = s_value;                  // still 8: the child's write went to its own copy
        Ipc.SendRec(0, ref m);
        Echo.Sink();
    }

    private static void Child()
    {
        char* line = stackalloc char[64];
        Sys.WhoAmI(line, 64, out int self, out _);
        Message m = default;
        m.Type = ChildReport;
        m.P0 = self;
        m.P1 = s_value;
        s_value = 99;
        Ipc.SendRec(0, ref m);
        m = default;
        m.Type = ExitMe;
        Ipc.SendRec(0, ref m);
        Sys.Print("FAIL: a cleared child ran on");
    }

    /// <summary>The image EXEC starts: reports its endpoint and a static that only a fresh image has.</summary>
    public static void ExecChild(int self)
    {
        Message m = default;
        m.Type = ExecReport;
        m.P0 = self;
        m.P1 = s_value;
        Ipc.SendRec(0, ref m);
        Echo.Sink();
    }

    public static void Manager()
    {
        int framesAtStart = FreeFrames();
        Message m = default;
        Ipc.Receive(Endpoint.Any, ref m);
        Check.Equal(ForkMe, m.Type, "fork request");
        Check.Equal(Error.Ok, Sys.Fork(m.Source, out int child), "fork");
        Check.Equal(1 * 32 + 2, child, "child endpoint: generation 1 of slot 2");
        Reply(m.Source, child);
        Reply(child, 0);

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == ParentReport && m.Source == 1 && m.P0 == child, "parent got the child's endpoint");
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == ChildReport && m.Source == child, "child answered");
        Check.Equal(child, m.P0, "the child's own endpoint (WhoAmI)");
        Check.Equal(7, m.P1, "the child sees the memory as it was at the fork");
        Reply(child, 0);

        Ipc.Receive(child, ref m);
        Check.Equal(ExitMe, m.Type, "child asks to exit");
        Check.Equal(Error.Ok, Sys.Clear(child), "clear the child");
        Check.Equal(framesAtStart, FreeFrames(), "clear released every frame the fork took");
        Check.Equal(Error.DeadSourceOrDestination, Sys.ProcessInfo(child, out _, out _, out _), "a cleared process is gone");
        Reply(1, 0);

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == ForkMe && m.Source == 1, "second fork request");
        Check.Equal(8, m.P1, "the child's write did not reach the parent");
        Check.Equal(Error.Ok, Sys.Fork(1, out int second), "second fork");
        Check.Equal(2 * 32 + 2, second, "slot 2 reused with generation 2");
        Message stale = default;
        Check.Equal(Error.DeadSourceOrDestination, Ipc.Send(child, ref stale), "send to the stale endpoint refused");
        Check.Equal(Error.DeadSourceOrDestination, Ipc.Notify(child), "notify to the stale endpoint refused");
        Check.Equal(Error.InvalidArgument, Sys.Exec(second, 9, "x"), "exec of a module that does not exist");
        Check.Equal(Error.Ok, Sys.Exec(second, 1, "KernelTests.elf role=exec-child"), "exec the second child from module 1");
        Reply(1, second);

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == ExecReport && m.Source == second, "the exec'd image runs");
        Check.Equal(second, m.P0, "with the same endpoint");
        Check.Equal(3, m.P1, "and fresh statics");
        Check.Equal(Error.Ok, Sys.Clear(second), "clear it");
        Check.Equal(framesAtStart, FreeFrames(), "every frame back after fork, exec and clear");
        Check.Equal(Error.InvalidArgument, Sys.Clear(0), "a process cannot clear itself");

        int status = Sys.Fork(Endpoint.Self, out int worker);
        if (worker == 0)
        {
            // The manager's own child: replace its image by exec of itself.
            Sys.Exec(Endpoint.Self, 1, "KernelTests.elf role=exec-child");
            Sys.Print("FAIL: exec of the caller itself returned");
            Sys.Abort(Check.Failed);
        }
        Check.Equal(Error.Ok, status, "fork of the caller itself");
        Check.Equal(3 * 32 + 2, worker, "slot 2 again, generation 3");
        Ipc.Receive(worker, ref m);
        Check.That(m.Type == ExecReport && m.P0 == worker && m.P1 == 3, "its child exec'd itself and runs the new image");
        Check.Equal(Error.Ok, Sys.Clear(worker), "clear it");
        Check.Equal(framesAtStart, FreeFrames(), "every frame back after self-fork and self-exec");
        Check.Finish("fork");
    }

    private static void Reply(int endpoint, int p0)
    {
        Message m = default;
        m.P0 = p0;
        Check.Equal(Error.Ok, Ipc.Send(endpoint, ref m), "reply");
    }

    public static int FreeFrames()
    {
        Sys.Call(KernelCall.GetInfo, out Message r, KernelCall.InfoKernel);
        return r.P5;
    }
}
