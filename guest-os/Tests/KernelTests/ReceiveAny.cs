using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// RECEIVE from one source versus ANY. Boot: 0 = any-receiver prio=5, 1 and 2 = any-sender
/// prio=3. Both senders block in SEND (1 first, then 2) before the receiver runs, then block sending again. RECEIVE
/// from 2 must skip 1's earlier message; RECEIVE ANY then takes 1's.
/// </summary>
internal static class ReceiveAny
{
    public static void Sender(int self)
    {
        Message m = default;
        m.Type = 7;
        m.P0 = 1000 + self;
        Ipc.Send(0, ref m);
        Ipc.Send(0, ref m);     // stays blocked: the receiver never takes a second message
        Ipc.Receive(Endpoint.Any, ref m);
    }

    public static void Receiver()
    {
        Message m = default;
        Check.Equal(Error.Ok, Ipc.Receive(2, ref m), "receive from 2");
        Check.Equal(2, m.Source, "receive from one source skips an earlier sender");
        Check.Equal(1002, m.P0, "payload of 2");
        Check.Equal(Error.Ok, Ipc.Receive(Endpoint.Any, ref m), "receive any");
        Check.Equal(1, m.Source, "receive any takes the waiting sender");
        Check.Equal(1001, m.P0, "payload of 1");
        Check.Equal(Error.NotReady, Ipc.SendNonBlocking(1, ref m), "non-blocking send to a busy process returns ENOTREADY");
        Check.Finish("receive-any");
    }
}
