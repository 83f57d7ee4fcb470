using PcEmu.Devices.Pic;
using PcEmu.Devices.Pit;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Pit;

/// <summary>The PIT wired to the PIC pair as the machine will wire them: OUT0 on IRQ 0.</summary>
public sealed class PitToPicTests
{
    [Fact]
    public void HundredHertzTimerDeliversVector0x20EveryTenMilliseconds()
    {
        ManualClock clock = new();
        VirtualTimerQueue timers = new(clock);
        IoPortBus bus = new();
        DualPic pic = new();
        new DualPicIsa(pic).Register(bus);
        Pit8254 pit = new(timers, pic.Irq(0));
        new Pit8254Isa(pit).Register(bus);

        bus.Write(0x20, 1, 0x11); bus.Write(0x21, 1, 0x20); bus.Write(0x21, 1, 0x04); bus.Write(0x21, 1, 0x01);
        bus.Write(0xA0, 1, 0x11); bus.Write(0xA1, 1, 0x28); bus.Write(0xA1, 1, 0x02); bus.Write(0xA1, 1, 0x01);
        bus.Write(0x21, 1, 0xFE); // only IRQ 0
        bus.Write(0xA1, 1, 0xFF);
        bus.Write(0x43, 1, 0x34);
        bus.Write(0x40, 1, 11932 & 0xFF);
        bus.Write(0x40, 1, 11932 >> 8);

        int ticks = 0;
        for (long ns = 0; ns < 1_000_000_000; ns += 100_000) // a CPU checking INTR every 100 us
        {
            clock.NowNanoseconds = ns;
            timers.RunDue(ns);
            if (pic.InterruptPending)
            {
                Assert.Equal(0x20, pic.Acknowledge());
                bus.Write(0x20, 1, 0x20);
                ticks++;
            }
        }
        Assert.Equal(99, ticks);
    }
}
