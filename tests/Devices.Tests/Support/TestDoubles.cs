using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Support;

/// <summary>A virtual clock the test advances by hand.</summary>
public sealed class ManualClock : IVirtualClock
{
    public long NowNanoseconds { get; set; }

    public void Advance(long nanoseconds) => NowNanoseconds += nanoseconds;
}

/// <summary>An interrupt line that remembers its level and counts rising edges.</summary>
public sealed class RecordingIrqLine : IInterruptLine
{
    public bool Level { get; private set; }

    public int RisingEdges { get; private set; }

    public void Set(bool level)
    {
        if (level && !Level)
            RisingEdges++;
        Level = level;
    }
}
