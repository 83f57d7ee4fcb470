namespace PcEmu.Memory;

/// <summary>
/// A one-shot timer on the virtual clock, owned by a device (QEMU's QEMUTimer). A device
/// computes when its next visible event happens (a PIT output edge, an RTC update, a UART
/// character time) and arms one timer for it, instead of being ticked.
/// </summary>
public interface IVirtualTimer
{
    /// <summary>Fires the callback once the virtual clock reaches <paramref name="deadlineNanoseconds"/>; re-arming replaces the old deadline.</summary>
    void Arm(long deadlineNanoseconds);

    void Disarm();

    bool IsArmed { get; }

    long Deadline { get; }
}

/// <summary>Creates timers on the machine's virtual clock.</summary>
public interface IVirtualTimers
{
    IVirtualClock Clock { get; }

    /// <summary>A new disarmed timer; <paramref name="name"/> appears in traces.</summary>
    IVirtualTimer CreateTimer(string name, Action callback);
}
