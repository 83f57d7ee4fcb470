using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// The machine's virtual-time scheduler: the <see cref="VirtualTimerQueue"/> every device
/// arms its timers on, plus the run loop's horizon. <see cref="PcMachine.Run"/> lets the CPU
/// run only until the earliest deadline (<see cref="Horizon"/>); when a device arms a timer
/// for an earlier time during that run (a guest reprogramming the PIT from an OUT), the CPU
/// is asked to stop after the current instruction so the event is not fired late. Both the
/// horizon and that stop depend only on guest actions and virtual time, so runs stay
/// deterministic.
/// </summary>
public sealed class MachineTimers : IVirtualTimers
{
    private readonly VirtualTimerQueue _queue;
    private Action? _horizonShortened;

    public MachineTimers(InstructionClock clock)
    {
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _queue = new VirtualTimerQueue(clock);
    }

    public InstructionClock Clock { get; }

    IVirtualClock IVirtualTimers.Clock => Clock;

    /// <summary>The earliest armed deadline, or null when no timer is armed.</summary>
    public long? NextDeadline => _queue.NextDeadline;

    /// <summary>The virtual time the current CPU run is allowed to reach (long.MaxValue outside a run).</summary>
    public long Horizon { get; private set; } = long.MaxValue;

    public IVirtualTimer CreateTimer(string name, Action callback) => new Timer(this, _queue.CreateTimer(name, callback));

    /// <summary>Fires every timer due now, in deadline order.</summary>
    public int RunDue() => _queue.RunDue(Clock.NowNanoseconds);

    /// <summary>Called once by the machine: what to do when a timer is armed before <see cref="Horizon"/>.</summary>
    internal void OnHorizonShortened(Action action) => _horizonShortened = action;

    internal void BeginRun(long horizon) => Horizon = horizon;

    internal void EndRun() => Horizon = long.MaxValue;

    private void Armed(long deadline)
    {
        if (deadline < Horizon)
        {
            Horizon = deadline;
            _horizonShortened?.Invoke();
        }
    }

    private sealed class Timer(MachineTimers owner, IVirtualTimer inner) : IVirtualTimer
    {
        public bool IsArmed => inner.IsArmed;

        public long Deadline => inner.Deadline;

        public void Arm(long deadlineNanoseconds)
        {
            inner.Arm(deadlineNanoseconds);
            owner.Armed(deadlineNanoseconds);
        }

        public void Disarm() => inner.Disarm();

        public override string ToString() => inner.ToString() ?? "";
    }
}
