using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Live update (SYS_UPDATE). Boot: 0 = updater calls=all prio=2, 1 = echo prio=4 (version
/// 1: adds 1), 2 = echo100 prio=4 (version 2: adds 100). Both servers wait in RECEIVE; the
/// updater stops them, swaps them, resumes them: endpoint 1 now answers with version 2's
/// code and endpoint 2 with version 1's. The old version is then cleared and endpoint 1
/// goes on answering.
/// </summary>
internal static class LiveUpdate
{
    public static void Server()
    {
        Check.Equal(6, Ask(1, 5), "version 1 answers at endpoint 1");
        Check.Equal(Error.Busy, Sys.Update(1, 2), "update of running processes refused");
        Sys.RunCtl(1, KernelCall.RunStop);
        Sys.RunCtl(2, KernelCall.RunStop);
        Check.Equal(Error.InvalidArgument, Sys.Update(1, 0), "update with the caller refused");
        Check.Equal(Error.Ok, Sys.Update(1, 2), "update");
        Sys.RunCtl(1, KernelCall.RunResume);
        Sys.RunCtl(2, KernelCall.RunResume);
        Check.Equal(105, Ask(1, 5), "endpoint 1 now runs version 2");
        Check.Equal(6, Ask(2, 5), "endpoint 2 holds version 1");
        Check.Equal(Error.Ok, Sys.Clear(2), "the old version is cleared");
        Check.Equal(107, Ask(1, 7), "the service keeps answering at its endpoint");
        Check.Finish("update");
    }

    private static int Ask(int endpoint, int value)
    {
        Message m = default;
        m.P0 = value;
        int status = Ipc.SendRec(endpoint, ref m);
        return status == Error.Ok ? m.P0 : status;
    }
}
