namespace PcEmu.Memory;

/// <summary>
/// The machine's list of armed device timers, ordered by deadline. The run loop asks for
/// <see cref="NextDeadline"/> to know how far the CPU may run, and calls
/// <see cref="RunDue"/> when virtual time reaches it. Timers with equal deadlines fire in
/// the order they were armed, so a run is deterministic.
/// </summary>
public sealed class VirtualTimerQueue : IVirtualTimers
{
    private readonly PriorityQueue<Timer, (long Deadline, long Sequence)> _queue = new();
    private long _sequence;

    public VirtualTimerQueue(IVirtualClock clock)
    {
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public IVirtualClock Clock { get; }

    /// <summary>The earliest armed deadline, or null when no timer is armed.</summary>
    public long? NextDeadline
    {
        get
        {
            DropStale();
            return _queue.TryPeek(out _, out var key) ? key.Deadline : null;
        }
    }

    public IVirtualTimer CreateTimer(string name, Action callback) => new Timer(this, name, callback);

    /// <summary>Fires, in deadline order, every timer due at or before <paramref name="now"/>; callbacks may re-arm.</summary>
    public int RunDue(long now)
    {
        int fired = 0;
        while (true)
        {
            DropStale();
            if (!_queue.TryPeek(out Timer? timer, out var key) || key.Deadline > now)
                return fired;
            _queue.Dequeue();
            timer.Expire();
            fired++;
        }
    }

    private void Enqueue(Timer timer) => _queue.Enqueue(timer, (timer.Deadline, timer.Sequence = ++_sequence));

    // A re-armed or disarmed timer leaves its old entry behind; skip entries that no longer match.
    private void DropStale()
    {
        while (_queue.TryPeek(out Timer? timer, out var key) && (!timer.IsArmed || timer.Sequence != key.Sequence))
            _queue.Dequeue();
    }

    private sealed class Timer(VirtualTimerQueue owner, string name, Action callback) : IVirtualTimer
    {
        public string Name { get; } = name;

        public bool IsArmed { get; private set; }

        public long Deadline { get; private set; }

        public long Sequence { get; set; }

        public void Arm(long deadlineNanoseconds)
        {
            Deadline = deadlineNanoseconds;
            IsArmed = true;
            owner.Enqueue(this);
        }

        public void Disarm() => IsArmed = false;

        public void Expire()
        {
            IsArmed = false;
            callback();
        }

        public override string ToString() => $"{Name} @ {Deadline} ns";
    }
}
