using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Scheduling and run control, for a user-space scheduler and the process manager.
/// SYS_SCHEDULE: reads P0 (endpoint), P1 (priority queue 0..7), P2 (quantum in ticks,
/// 1..1000); the process moves to the tail of its new queue with a full quantum.
/// SYS_RUNCTL: reads P0 (endpoint), P1 (RunStop: take it off the CPU; RunResume: let it
/// run again). A stopped process still receives messages and signals; it just does not run.
/// </summary>
internal static unsafe class ScheduleCall
{
    public static int Schedule(Proc caller, Message* m)
    {
        Proc target = ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (m->P1 < 0 || m->P1 > Scheduler.LowestQueue || m->P2 < 1 || m->P2 > 1000)
            return Error.InvalidArgument;
        bool queued = target.Queued;
        Scheduler.Unready(target);
        target.MaxPriority = target.Priority = m->P1;
        target.Quantum = target.TicksLeft = m->P2;
        if (queued)
            Scheduler.Ready(target);
        return Error.Ok;
    }

    public static int RunCtl(Proc caller, Message* m)
    {
        Proc target = ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        switch (m->P1)
        {
            case KernelCall.RunStop:
                target.Flags |= ProcFlags.Paused;
                Scheduler.Unready(target);
                return Error.Ok;
            case KernelCall.RunResume:
                target.Flags &= ~ProcFlags.Paused;
                Scheduler.Ready(target);
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
