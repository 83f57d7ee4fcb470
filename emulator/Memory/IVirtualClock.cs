namespace PcEmu.Memory;

/// <summary>
/// The machine's single notion of time, in virtual nanoseconds since power-on. Devices
/// compute their state from it instead of being ticked (DESIGN.md, Emulator principles).
/// </summary>
public interface IVirtualClock
{
    long NowNanoseconds { get; }
}
