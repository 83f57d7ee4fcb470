namespace GuestOs.Kernel;

/// <summary>
/// Multilevel priority queues (MINIX 3: queue 0 is the highest). The running process stays
/// at the head of its queue; <see cref="Pick"/> takes the head of the highest non-empty queue.
/// A process that uses up its whole quantum drops one level (down to the lowest) and goes
/// to the tail; a process that blocks in IPC before its quantum is over gets its original
/// priority back. That is the paper's defence against a driver stuck in an infinite loop.
/// </summary>
internal static class Scheduler
{
    public const int Queues = 8;
    public const int LowestQueue = Queues - 1;
    private static readonly Proc[] s_heads = new Proc[Queues];
    private static readonly Proc[] s_tails = new Proc[Queues];

    public static void Ready(Proc p)
    {
        if (p.Queued || !p.IsRunnable)
            return;
        p.Queued = true;
        p.NextReady = null;
        int q = p.Priority;
        if (s_heads[q] == null)
            s_heads[q] = p;
        else
            s_tails[q].NextReady = p;
        s_tails[q] = p;
    }

    public static void Unready(Proc p)
    {
        if (!p.Queued)
            return;
        p.Queued = false;
        int q = p.Priority;
        Proc previous = null;
        for (Proc x = s_heads[q]; x != null; previous = x, x = x.NextReady)
        {
            if (x != p)
                continue;
            if (previous == null)
                s_heads[q] = x.NextReady;
            else
                previous.NextReady = x.NextReady;
            if (s_tails[q] == x)
                s_tails[q] = previous;
            break;
        }
        p.NextReady = null;
    }

    /// <summary>Called when a process blocks: the next time it runs it starts afresh at its own priority.</summary>
    public static void Blocked(Proc p)
    {
        Unready(p);
        p.Priority = p.MaxPriority;
        p.TicksLeft = p.Quantum;
    }

    public static void QuantumExpired(Proc p)
    {
        Unready(p);
        if (p.Priority < LowestQueue)
            p.Priority++;
        p.TicksLeft = p.Quantum;
        Ready(p);
    }

    public static Proc Pick()
    {
        for (int q = 0; q < Queues; q++)
        {
            if (s_heads[q] != null)
                return s_heads[q];
        }
        return null;
    }
}
