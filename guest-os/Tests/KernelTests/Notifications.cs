using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// NOTIFY. Boot: 0 = notify-receiver prio=5, 1 = notify-sender prio=3. The sender notifies
/// three times and then blocks in SEND; the three bits coalesce into one notification,
/// delivered before the queued message. A later NOTIFY to the blocked receiver is delivered
/// at once. A SETALARM notification arrives from CLOCK.
/// </summary>
internal static class Notifications
{
    public static void Sender()
    {
        Ipc.Notify(0);
        Ipc.Notify(0);
        Ipc.Notify(0);
        Message m = default;
        m.Type = 55;
        Ipc.Send(0, ref m);
        // The receiver is now blocked in RECEIVE again: this notification goes straight in.
        Ipc.Notify(0);
        Ipc.Receive(Endpoint.Any, ref m);
    }

    public static void Receiver()
    {
        Message m = default;
        Check.Equal(Error.Ok, Ipc.Receive(Endpoint.Any, ref m), "receive");
        Check.Equal(Message.Notification, m.Type, "pending notification delivered first");
        Check.Equal(1, m.Source, "notification source");
        Ipc.Receive(Endpoint.Any, ref m);
        Check.Equal(55, m.Type, "three notifies coalesced into one: next is the message");
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Message.Notification && m.Source == 1, "notify to a blocked receiver delivered directly");

        Check.Equal(Error.Ok, Sys.SetAlarm(3), "setalarm");
        Ipc.Receive(Endpoint.Clock, ref m);
        Check.That(m.Type == Message.Notification && m.Source == Endpoint.Clock, "alarm notification from CLOCK");
        Check.Finish("notify");
    }
}
