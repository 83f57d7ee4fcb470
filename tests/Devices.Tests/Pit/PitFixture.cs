using PcEmu.Devices.Pit;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Pit;

/// <summary>The PIT and port 0x61 on a port bus, on a deterministic timer queue and a manual clock.</summary>
internal sealed class PitFixture
{
    public const ushort Counter0 = 0x40, Counter1 = 0x41, Counter2 = 0x42, Control = 0x43, PortB = 0x61;

    public PitFixture()
    {
        Timers = new VirtualTimerQueue(Clock);
        Irq0 = new EdgeLog(Clock);
        Pit = new Pit8254(Timers, Irq0);
        new Pit8254Isa(Pit).Register(Bus);
        PortBDevice = new SystemControlPortB(Pit);
        PortBDevice.Register(Bus);
        Irq0.RisingEdges.Clear(); // power-on: OUT0 (mode 3) rises at t = 0; tests count edges after that
    }

    public ManualClock Clock { get; } = new();

    public VirtualTimerQueue Timers { get; }

    public EdgeLog Irq0 { get; }

    public Pit8254 Pit { get; }

    public SystemControlPortB PortBDevice { get; }

    public IoPortBus Bus { get; } = new();

    public long Tick => PitClock.TickAt(Clock.NowNanoseconds);

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    /// <summary>Programs a counter with a control word and a low-then-high count.</summary>
    public void Program(int channel, byte controlWord, int count)
    {
        Out(Control, controlWord);
        Out((ushort)(Counter0 + channel), (byte)count);
        Out((ushort)(Counter0 + channel), (byte)(count >> 8));
    }

    public int ReadCount(int channel)
    {
        int low = In((ushort)(Counter0 + channel));
        return low | In((ushort)(Counter0 + channel)) << 8;
    }

    public bool Out2 => (In(PortB) & 0x20) != 0;

    /// <summary>Runs the machine's event loop the way the run loop will: from deadline to deadline, then to the target.</summary>
    public void RunFor(long nanoseconds)
    {
        long target = Clock.NowNanoseconds + nanoseconds;
        while (Timers.NextDeadline is long deadline && deadline <= target)
        {
            Clock.NowNanoseconds = Math.Max(Clock.NowNanoseconds, deadline);
            Timers.RunDue(Clock.NowNanoseconds);
        }
        Clock.NowNanoseconds = target;
        Timers.RunDue(target);
    }

    /// <summary>Advances to the first nanosecond of input tick <paramref name="tick"/>.</summary>
    public void RunToTick(long tick) => RunFor(PitClock.NanosecondsAt(tick) - Clock.NowNanoseconds);

    /// <summary>Moves to the first nanosecond of the next tick boundary, so a count starts on a known tick.</summary>
    public long AlignToTick()
    {
        RunToTick(Tick + 1);
        return Tick;
    }
}

/// <summary>Records IRQ 0: its level and the virtual time of every rising edge.</summary>
internal sealed class EdgeLog(IVirtualClock clock) : IInterruptLine
{
    public bool Level { get; private set; }

    public List<long> RisingEdges { get; } = new();

    public int Changes { get; private set; }

    public void Set(bool level)
    {
        if (level == Level)
            return;
        Changes++;
        if (level)
            RisingEdges.Add(clock.NowNanoseconds);
        Level = level;
    }
}
