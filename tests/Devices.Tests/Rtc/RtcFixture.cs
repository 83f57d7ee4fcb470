using PcEmu.Devices.Rtc;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Rtc;

/// <summary>The RTC on ports 0x70/0x71 with a manual clock, a deterministic timer queue and a recorded IRQ 8.</summary>
internal sealed class RtcFixture
{
    public const ushort Index = Mc146818RtcIsa.IndexPort, Data = Mc146818RtcIsa.DataPort;

    public RtcFixture(DateTime start)
    {
        Timers = new VirtualTimerQueue(Clock);
        Rtc = new Mc146818Rtc(Timers, Irq, start);
        Isa = new Mc146818RtcIsa(Rtc);
        Isa.Register(Bus);
    }

    public ManualClock Clock { get; } = new();

    public VirtualTimerQueue Timers { get; }

    public RecordingIrqLine Irq { get; } = new();

    public IoPortBus Bus { get; } = new();

    public Mc146818Rtc Rtc { get; }

    public Mc146818RtcIsa Isa { get; }

    /// <summary>Interrupt handler runs: how many times <see cref="AdvanceTo"/> found IRQ 8 raised and read C.</summary>
    public int HandledInterrupts { get; private set; }

    public byte Read(RtcRegister register) => Read((byte)register);

    public byte Read(byte index)
    {
        Bus.Write(Index, 1, index);
        return (byte)Bus.Read(Data, 1);
    }

    public void Write(RtcRegister register, byte value) => Write((byte)register, value);

    public void Write(byte index, byte value)
    {
        Bus.Write(Index, 1, index);
        Bus.Write(Data, 1, value);
    }

    /// <summary>
    /// Moves virtual time to <paramref name="target"/> stopping at every timer deadline on the
    /// way, like the machine's run loop. When <paramref name="acknowledge"/> is set, a raised
    /// IRQ 8 is serviced as an OS does: read register C.
    /// </summary>
    public void AdvanceTo(long target, bool acknowledge = false)
    {
        while (true)
        {
            long? next = Timers.NextDeadline;
            long now = next is { } deadline && deadline <= target ? Math.Max(deadline, Clock.NowNanoseconds) : target;
            Clock.NowNanoseconds = now;
            Timers.RunDue(now);
            if (acknowledge && Irq.Level)
            {
                HandledInterrupts++;
                Read(RtcRegister.StatusC);
            }
            if (now >= target && (Timers.NextDeadline is null || Timers.NextDeadline > target))
                return;
        }
    }

    public void AdvanceBy(long nanoseconds, bool acknowledge = false) => AdvanceTo(Clock.NowNanoseconds + nanoseconds, acknowledge);
}
