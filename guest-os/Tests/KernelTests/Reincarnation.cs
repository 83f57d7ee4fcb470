using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// A driver's death seen and repaired by a reincarnation server, with the kernel calls
/// only. Boot: 0 = rs-restarter calls=all io=0x3f8:8 prio=2, 1 = crash-driver sigmgr=0
/// calls=user+devio io=0x3f8:8 prio=3, 2 = crash-client prio=4. The driver answers P0 + 1
/// and divides by zero on request 666. The fault reaches the server as SIGFPE (GETKSIG);
/// it clears the driver (the client's SENDREC ends with EDEADSRCDST), forks itself, execs
/// the child into the driver image, cuts its privileges down with PRIVCTL and SCHEDULE,
/// and tells the client the new endpoint, where the driver answers again.
/// </summary>
internal static class Reincarnation
{
    private const int Lookup = 1, Report = 2, Crash = 666;

    public static void Server()
    {
        Message m = default;
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Message.Notification && m.Source == Endpoint.System, "the driver's fault reached the server");
        Sys.GetKSig(out int dead, out int signals);
        Check.That(dead == 1 && signals == 1 << Signal.Fpe, "GETKSIG: the driver, SIGFPE");
        Check.Equal(Error.Ok, Sys.Clear(dead), "the server ends the driver");

        int status = Sys.Fork(Endpoint.Self, out int driver);
        if (driver == 0)
        {
            Sys.Print("FAIL: the server's copy ran before its exec");
            Sys.Abort(Check.Failed);
        }
        Check.Equal(Error.Ok, status, "fork of the server");
        Check.Equal(1 * 32 + 1, driver, "the new driver in the freed slot 1, generation 1");
        Check.Equal(Error.Ok, Sys.Exec(driver, 1, "KernelTests.elf role=crash-driver"), "exec the driver image");
        long calls = (1L << (KernelCall.DevIo - KernelCall.Base)) | (1L << (KernelCall.DiagCtl - KernelCall.Base))
            | (1L << (KernelCall.GetInfo - KernelCall.Base)) | (1L << (KernelCall.Exit - KernelCall.Base));
        Check.Equal(Error.Ok, Sys.PrivCtl(KernelCall.PrivSet, driver, (int)calls, 0, -1, 0, 0), "driver privileges");
        Check.Equal(Error.Ok, Sys.PrivCtl(KernelCall.PrivAddIo, driver, 0x3F8, 8), "driver I/O range");
        Check.Equal(Error.Ok, Sys.Schedule(driver, 3, 8), "driver priority");

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Lookup && m.Source == 2, "the client asks where the driver is");
        Check.Equal(Error.DeadSourceOrDestination, m.P0, "its request to the dead driver failed with EDEADSRCDST");
        m.P0 = driver;
        Ipc.Send(2, ref m);
        Ipc.Receive(2, ref m);
        Check.Equal(Report, m.Type, "client report");
        Check.Equal(2, m.P0, "the first driver answered before the crash");
        Check.Equal(Error.Ok, m.P1, "the restarted driver answers");
        Check.Equal(42, m.P2, "with the right value");
        Sys.Call(KernelCall.GetInfo, out Message info, KernelCall.InfoPriv, driver);
        Check.That(info.P3 == (int)calls && info.P4 == 0 && info.P7 == 0, "the restarted driver runs with driver privileges only");
        Check.Finish("reincarnation");
    }

    public static void Driver()
    {
        Message m = default;
        while (true)
        {
            if (Ipc.Receive(Endpoint.Any, ref m) != Error.Ok || m.Type == Message.Notification)
                continue;
            int divisor = m.P0 == Crash ? 0 : 1;
            m.P0 = m.P0 / Volatile(divisor) + 1;
            Ipc.Send(m.Source, ref m);
        }
    }

    public static void Client()
    {
        Message m = default;
        m.P0 = 1;
        Ipc.SendRec(1, ref m);
        int first = m.P0;
        m.P0 = Crash;
        int crashed = Ipc.SendRec(1, ref m);
        m = default;
        m.Type = Lookup;
        m.P0 = crashed;
        Ipc.SendRec(0, ref m);
        int driver = m.P0;
        m = default;
        m.P0 = 41;
        int status = Ipc.SendRec(driver, ref m);
        int value = m.P0;
        m = default;
        m.Type = Report;
        m.P0 = first;
        m.P1 = status;
        m.P2 = value;
        Ipc.Send(0, ref m);
        Echo.Sink();
    }

    private static int s_sink;

    private static int Volatile(int value)
    {
        s_sink = value;
        return s_sink;
    }
}
