using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// The clock task's timer list (SETALARM watchdog timers). Boot: 0 = alarm-checker prio=3,
/// 1 = alarm-setter delay=12 prio=4, 2 = alarm-setter delay=4 prio=4. The checker re-arms
/// and cancels its alarm (SETALARM reports the ticks that were left), then waits for an
/// absolute alarm 6 ticks ahead: only that one fires. Meanwhile the setters' alarms expire
/// in expiry order, not in the order they were set, each no earlier than asked.
/// </summary>
internal static class Watchdog
{
    public static void Checker()
    {
        Sys.Uptime(out int t0, out _);
        Check.Equal(Error.Ok, Sys.SetAlarm(30, false, out int left), "setalarm");
        Check.Equal(0, left, "no alarm was armed before");
        Sys.SetAlarm(3, false, out left);
        Check.That(left > 20 && left <= 30, "re-arming reports the ticks left on the old alarm");
        Sys.SetAlarm(0, false, out left);
        Check.That(left > 0 && left <= 3, "cancelling reports the ticks left");
        Sys.Uptime(out int t1, out _);
        Check.Equal(Error.Ok, Sys.SetAlarm(t1 + 6, true), "absolute alarm");
        Message m = default;
        Ipc.Receive(Endpoint.Clock, ref m);
        Check.That(m.Type == Message.Notification && m.Source == Endpoint.Clock, "the watchdog alarm fired");
        Check.That(m.P1 >= t1 + 6 && m.P1 < t0 + 20, "at its tick; the replaced and cancelled alarms never fired");

        Ipc.Receive(Endpoint.Any, ref m);
        Check.Equal(2, m.Source, "the shorter alarm expired first");
        Check.That(m.P1 >= 4, "no earlier than its delay");
        Ipc.Receive(Endpoint.Any, ref m);
        Check.Equal(1, m.Source, "then the longer one");
        Check.That(m.P1 >= 12, "no earlier than its delay");
        Check.Finish("watchdog");
    }

    public static void Setter(int delay)
    {
        Sys.Uptime(out int start, out _);
        Sys.SetAlarm(delay);
        Message m = default;
        Ipc.Receive(Endpoint.Clock, ref m);
        int elapsed = m.P1 - start;
        m = default;
        m.P1 = elapsed;
        Ipc.Send(0, ref m);
        Echo.Sink();
    }
}
