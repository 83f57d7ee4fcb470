using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Send-cycle detection. Boot: 0 = deadlock-a prio=4, 1 = deadlock-b prio=3. B runs first
/// and blocks sending to A; A's SEND to B would close the cycle and fails with ELOCKED, as
/// does a SENDREC; A then receives B's message.
/// </summary>
internal static class Deadlock
{
    public static void B()
    {
        Message m = default;
        m.Type = 9;
        Ipc.Send(0, ref m);
        Ipc.Receive(Endpoint.Any, ref m);
    }

    public static void A()
    {
        Message m = default;
        Check.Equal(Error.Locked, Ipc.Send(1, ref m), "send closing a cycle returns ELOCKED");
        Check.Equal(Error.Locked, Ipc.SendRec(1, ref m), "sendrec closing a cycle returns ELOCKED");
        Check.Equal(Error.Ok, Ipc.Receive(1, ref m), "the blocked sender is still served");
        Check.Equal(9, m.Type, "its message");
        Check.Finish("deadlock");
    }
}
