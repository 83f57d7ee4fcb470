namespace GuestOs.Kernel;

/// <summary>One kernel timer (MINIX's timer_t): when the clock reaches <see cref="Expiry"/> its owner gets a notification from CLOCK.</summary>
internal sealed class Timer
{
    public ulong Expiry;
    public Proc Owner;
    public Timer Next;
    public bool Armed;
}

/// <summary>
/// The clock task's timer list (MINIX's tmrs_settimer/tmrs_exptimers): armed timers sorted
/// by expiry, so each tick looks only at the head. A server's alarm (SETALARM) is its
/// watchdog timer: the expiry becomes a CLOCK notification the server receives like any
/// other message.
/// </summary>
internal static class Timers
{
    private static Timer s_head;

    public static void Set(Timer timer, ulong expiry)
    {
        Cancel(timer);
        timer.Expiry = expiry;
        timer.Armed = true;
        Timer previous = null;
        Timer next = s_head;
        while (next != null && next.Expiry <= expiry)
        {
            previous = next;
            next = next.Next;
        }
        timer.Next = next;
        if (previous == null)
            s_head = timer;
        else
            previous.Next = timer;
    }

    public static void Cancel(Timer timer)
    {
        if (!timer.Armed)
            return;
        timer.Armed = false;
        if (s_head == timer)
        {
            s_head = timer.Next;
        }
        else
        {
            Timer previous = s_head;
            while (previous.Next != timer)
                previous = previous.Next;
            previous.Next = timer.Next;
        }
        timer.Next = null;
    }

    /// <summary>Fires every timer whose expiry has come, earliest first.</summary>
    public static void Expire(ulong now)
    {
        while (s_head != null && s_head.Expiry <= now)
        {
            Timer timer = s_head;
            s_head = timer.Next;
            timer.Next = null;
            timer.Armed = false;
            Ipc.NotifyFromKernel(Lib.Endpoint.Clock, timer.Owner);
        }
    }
}
