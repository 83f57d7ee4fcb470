using PcEmu.Devices.Pit;

namespace PcEmu.Devices.Tests.Pit;

public sealed class Pit8254Tests
{
    private const int Divisor100Hz = 11932;
    private const byte Ch0LoHiMode2 = 0x34, Ch0LoHiMode3 = 0x36, Ch0LoHiMode0 = 0x30, Ch0LoHiMode4 = 0x38;
    private const byte Ch2LoHiMode0 = 0xB0, Ch2LoHiMode1 = 0xB2, Ch2LoHiMode3 = 0xB6, Ch2LoHiMode5 = 0xBA;

    [Fact]
    public void Mode2At100HzGivesIrq0EveryDivisorTicksWithAOneTickLowPulse()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, Divisor100Hz);
        Assert.True(f.Irq0.Level);
        int changesBefore = f.Irq0.Changes;

        f.RunToTick(start + Divisor100Hz - 1);
        Assert.False(f.Irq0.Level); // count reached 1: OUT low for one clock
        f.RunToTick(start + Divisor100Hz);
        Assert.True(f.Irq0.Level);

        f.RunFor(1_000_000_000);
        Assert.Equal(100, f.Irq0.RisingEdges.Count);
        for (int k = 0; k < f.Irq0.RisingEdges.Count; k++)
            Assert.Equal(PitClock.NanosecondsAt(start + (long)(k + 1) * Divisor100Hz), f.Irq0.RisingEdges[k]);
        Assert.Equal(2 * f.Irq0.RisingEdges.Count, f.Irq0.Changes - changesBefore + (f.Irq0.Level ? 0 : -1));
        Assert.InRange(f.Irq0.RisingEdges[1] - f.Irq0.RisingEdges[0], 10_000_000, 10_000_300);
    }

    [Fact]
    public void Irq0TimerReArmsItselfAndCountsOneEdgePerPeriod()
    {
        PitFixture f = new();
        f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, Divisor100Hz);
        for (int second = 1; second <= 5; second++)
        {
            f.RunFor(1_000_000_000);
            long expected = PitClock.TickAt(f.Clock.NowNanoseconds - 1) / Divisor100Hz; // whole periods since tick ~0
            Assert.InRange(f.Irq0.RisingEdges.Count, expected - 1, expected + 1);
        }
        Assert.InRange(f.Irq0.RisingEdges.Count, 499, 500);
        Assert.NotNull(f.Timers.NextDeadline);
    }

    [Fact]
    public void Mode3SquareWaveIsHighThenLowForHalfTheDivisor()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode3, Divisor100Hz);
        Assert.True(f.Irq0.Level);
        f.RunToTick(start + Divisor100Hz / 2 - 1);
        Assert.True(f.Irq0.Level);
        f.RunToTick(start + Divisor100Hz / 2);
        Assert.False(f.Irq0.Level);
        f.RunToTick(start + Divisor100Hz - 1);
        Assert.False(f.Irq0.Level);
        f.RunToTick(start + Divisor100Hz);
        Assert.True(f.Irq0.Level);
        Assert.Single(f.Irq0.RisingEdges);

        f.RunFor(100_000_000); // up to 110.00015 ms: the 11th edge (110.0017 ms) is not due yet
        Assert.Equal(10, f.Irq0.RisingEdges.Count);
        for (int k = 0; k < f.Irq0.RisingEdges.Count; k++)
            Assert.Equal(PitClock.NanosecondsAt(start + (long)(k + 1) * Divisor100Hz), f.Irq0.RisingEdges[k]);
    }

    [Fact]
    public void Mode3CountDecrementsByTwoAndOddCountsSplitUnevenly()
    {
        PitFixture f = new();
        f.Out(PitFixture.PortB, 0x01); // gate 2 high
        long start = f.AlignToTick();
        f.Program(2, Ch2LoHiMode3, 5);
        bool[] expected = [true, true, true, false, false, true, true, true, false, false];
        for (int i = 0; i < expected.Length; i++)
        {
            f.RunToTick(start + i);
            Assert.Equal(expected[i], f.Out2);
        }

        f.Program(2, Ch2LoHiMode3, 8);
        start = f.Tick;
        int[] counts = [8, 6, 4, 2, 8, 6, 4, 2];
        for (int i = 0; i < counts.Length; i++)
        {
            f.RunToTick(start + i);
            f.Out(PitFixture.Control, 0x80); // latch counter 2
            Assert.Equal(counts[i], f.ReadCount(2));
            Assert.Equal(i < 4, f.Out2);
        }
    }

    [Fact]
    public void Mode0RaisesOutOnceAtTerminalCountAndKeepsCounting()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Out(PitFixture.Control, Ch0LoHiMode0);
        Assert.False(f.Irq0.Level); // a mode 0 control word sets OUT low
        f.Out(PitFixture.Counter0, 0xE8);
        f.Out(PitFixture.Counter0, 0x03); // 1000
        f.RunToTick(start + 999);
        Assert.False(f.Irq0.Level);
        Assert.Equal(1, f.ReadCount(0));
        f.RunToTick(start + 1000);
        Assert.True(f.Irq0.Level);
        Assert.Equal(0, f.ReadCount(0));
        f.RunToTick(start + 1010);
        Assert.Equal(0x10000 - 10, f.ReadCount(0)); // wraps and keeps counting
        f.RunFor(1_000_000_000);
        Assert.Single(f.Irq0.RisingEdges);
        Assert.Equal(PitClock.NanosecondsAt(start + 1000), f.Irq0.RisingEdges[0]);
        Assert.Null(f.Timers.NextDeadline); // nothing left to happen: no timer armed
    }

    [Fact]
    public void Mode0FirstByteStopsCountingAndSetsOutLow()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode0, 10);
        f.RunToTick(start + 20);
        Assert.True(f.Irq0.Level);
        f.Out(PitFixture.Counter0, 0x20);
        Assert.False(f.Irq0.Level);
        f.RunFor(1_000_000);
        Assert.False(f.Irq0.Level);
        long reload = f.Tick;
        f.Out(PitFixture.Counter0, 0x00); // count 0x0020
        f.RunToTick(reload + 32);
        Assert.True(f.Irq0.Level);
    }

    [Fact]
    public void Mode4StrobesOutLowForOneTickAtTerminalCount()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode4, 50);
        Assert.True(f.Irq0.Level);
        f.RunToTick(start + 50);
        Assert.False(f.Irq0.Level);
        f.RunToTick(start + 51);
        Assert.True(f.Irq0.Level);
        f.RunFor(200_000_000);
        Assert.Single(f.Irq0.RisingEdges);
    }

    [Fact]
    public void CounterLatchFreezesTheCountUntilBothBytesAreRead()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, 0x1000);
        f.RunToTick(start + 0x123);
        f.Out(PitFixture.Control, 0x00); // latch counter 0
        f.RunToTick(start + 0x200);
        f.Out(PitFixture.Control, 0x00); // ignored: already latched
        Assert.Equal(0x1000 - 0x123, f.ReadCount(0));
        Assert.Equal(0x1000 - 0x200, f.ReadCount(0)); // live again
    }

    [Fact]
    public void ReadBackLatchesStatusThenCount()
    {
        PitFixture f = new();
        f.AlignToTick();
        f.Out(PitFixture.Control, Ch0LoHiMode2);
        f.Out(PitFixture.Control, 0xE2); // read-back: status only, counter 0
        Assert.Equal(0xF4, f.In(PitFixture.Counter0)); // OUT high, null count, lo/hi, mode 2
        f.Out(PitFixture.Counter0, 0x00);
        f.Out(PitFixture.Counter0, 0x10);
        long start = f.Tick;
        f.RunToTick(start + 5);
        f.Out(PitFixture.Control, 0xC2); // read-back: count and status, counter 0
        f.RunToTick(start + 50);
        Assert.Equal(0xB4, f.In(PitFixture.Counter0)); // count loaded: null count clear
        Assert.Equal(0x1000 - 5, f.ReadCount(0));
        Assert.Equal(0x1000 - 50, f.ReadCount(0));

        f.Out(PitFixture.Control, 0xEC); // status of counters 1 and 2 (power-on: mode 3, lo/hi)
        Assert.Equal(0xB6, f.In(PitFixture.Counter1));
        Assert.Equal(0x36, f.In(PitFixture.Counter2) & 0x7F);
    }

    [Fact]
    public void ModeSixAndSevenAreModesTwoAndThreeAndStatusShowsTheWrittenBits()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, 0x3C, 100); // M2-M0 = 110
        Assert.Equal(PitMode.RateGenerator, f.Pit.GetMode(0));
        f.Out(PitFixture.Control, 0xE2);
        Assert.Equal(0x3C, f.In(PitFixture.Counter0) & 0x3F);
        f.RunToTick(start + 100);
        Assert.Single(f.Irq0.RisingEdges);
        f.Program(0, 0x3E, 100);
        Assert.Equal(PitMode.SquareWave, f.Pit.GetMode(0));
    }

    [Fact]
    public void ByteAccessModesReadAndWriteTheRightHalves()
    {
        PitFixture f = new();
        f.Out(PitFixture.Control, 0x10); // counter 0, LSB only, mode 0
        f.Out(PitFixture.Counter0, 0x34);
        Assert.Equal(0x34, f.In(PitFixture.Counter0));
        Assert.Equal(0x34, f.In(PitFixture.Counter0));
        f.Out(PitFixture.Control, 0x20); // counter 0, MSB only, mode 0
        f.Out(PitFixture.Counter0, 0x12);
        Assert.Equal(0x12, f.In(PitFixture.Counter0));
        f.Out(PitFixture.Control, 0x00);
        Assert.Equal(0x12, f.In(PitFixture.Counter0)); // latched MSB, one read
        f.Out(PitFixture.Control, 0x30);
        f.Out(PitFixture.Counter0, 0xCD);
        f.Out(PitFixture.Counter0, 0xAB);
        Assert.Equal(0xCD, f.In(PitFixture.Counter0));
        Assert.Equal(0xAB, f.In(PitFixture.Counter0));
        Assert.Equal(0xCD, f.In(PitFixture.Counter0));
    }

    [Fact]
    public void BcdCountsInDecimalAndCountZeroMeansTenThousand()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, 0x35, 0x1000); // mode 2, BCD, 1000
        f.RunToTick(start + 1);
        Assert.Equal(0x0999, f.ReadCount(0));
        f.RunToTick(start + 1000);
        Assert.Single(f.Irq0.RisingEdges);

        start = f.Tick;
        f.Program(0, 0x35, 0x0000); // 10000
        f.RunToTick(start + 1);
        Assert.Equal(0x9999, f.ReadCount(0));
        f.RunToTick(start + 9999);
        Assert.Single(f.Irq0.RisingEdges);
        f.RunToTick(start + 10000);
        Assert.Equal(2, f.Irq0.RisingEdges.Count);
    }

    [Fact]
    public void BinaryCountZeroMeans65536()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, 0);
        Assert.Equal(0, f.ReadCount(0));
        f.RunToTick(start + 1);
        Assert.Equal(0xFFFF, f.ReadCount(0));
        f.RunToTick(start + 65535);
        Assert.Empty(f.Irq0.RisingEdges);
        f.RunToTick(start + 65536);
        Assert.Single(f.Irq0.RisingEdges);
    }

    [Fact]
    public void Channel2GateAndOut2OnPort61AsLinuxCalibratesTheTsc()
    {
        PitFixture f = new();
        Assert.Equal(0x20, f.In(PitFixture.PortB) & 0xEF); // power-on: gate 2 low, so OUT2 (mode 3) is high
        f.Out(PitFixture.PortB, (byte)((f.In(PitFixture.PortB) & ~0x02) | 0x01));
        long start = f.AlignToTick();
        f.Program(2, Ch2LoHiMode0, 0x2E9C);
        Assert.False(f.Out2);
        f.RunToTick(start + 0x2E9C - 1);
        Assert.False(f.Out2);
        f.RunToTick(start + 0x2E9C);
        Assert.True(f.Out2);
        Assert.Equal(0x21, f.In(PitFixture.PortB) & 0xEF);
    }

    [Fact]
    public void GateLowSuspendsMode0AndStopsMode3WithOutHigh()
    {
        PitFixture f = new();
        f.Out(PitFixture.PortB, 0x01);
        long start = f.AlignToTick();
        f.Program(2, Ch2LoHiMode0, 100);
        f.RunToTick(start + 40);
        f.Out(PitFixture.PortB, 0x00);
        f.RunToTick(start + 1000);
        Assert.Equal(60, f.ReadCount(2));
        Assert.False(f.Out2);
        f.Out(PitFixture.PortB, 0x01);
        long resumed = f.Tick;
        f.RunToTick(resumed + 59);
        Assert.False(f.Out2);
        f.RunToTick(resumed + 60);
        Assert.True(f.Out2);

        f.Program(2, Ch2LoHiMode3, 10);
        start = f.Tick;
        f.RunToTick(start + 7);
        Assert.False(f.Out2);
        f.Out(PitFixture.PortB, 0x00);
        Assert.True(f.Out2); // gate low forces OUT high in mode 3
        f.Out(PitFixture.PortB, 0x01); // rising gate reloads: a fresh high half
        start = f.Tick;
        f.RunToTick(start + 4);
        Assert.True(f.Out2);
        f.RunToTick(start + 5);
        Assert.False(f.Out2);
    }

    [Fact]
    public void Mode1AndMode5AreTriggeredByTheGateRisingEdge()
    {
        PitFixture f = new();
        f.Program(2, Ch2LoHiMode1, 100);
        Assert.True(f.Out2);
        long start = f.AlignToTick();
        f.Out(PitFixture.PortB, 0x01);
        Assert.False(f.Out2);
        f.RunToTick(start + 50);
        f.Out(PitFixture.PortB, 0x00);
        f.Out(PitFixture.PortB, 0x01); // retrigger
        long retrigger = f.Tick;
        f.RunToTick(retrigger + 99);
        Assert.False(f.Out2);
        f.RunToTick(retrigger + 100);
        Assert.True(f.Out2);

        f.Out(PitFixture.PortB, 0x00);
        f.Program(2, Ch2LoHiMode5, 20);
        f.Out(PitFixture.PortB, 0x01);
        start = f.Tick;
        f.RunToTick(start + 19);
        Assert.True(f.Out2);
        f.RunToTick(start + 20);
        Assert.False(f.Out2);
        f.RunToTick(start + 21);
        Assert.True(f.Out2);
    }

    [Fact]
    public void Port61KeepsBits0And1AndTogglesTheRefreshBitWithVirtualTime()
    {
        PitFixture f = new();
        f.Out(PitFixture.PortB, 0xFF);
        Assert.Equal(0x03, f.In(PitFixture.PortB) & 0x0F);
        Assert.True(f.PortBDevice.SpeakerDataEnabled);
        Assert.Equal(0x00, f.In(PitFixture.PortB) & 0xC0);
        int toggles = 0;
        int last = f.In(PitFixture.PortB) & 0x10;
        for (int i = 0; i < 1000; i++)
        {
            f.RunFor(1_000);
            int bit = f.In(PitFixture.PortB) & 0x10;
            if (bit != last)
                toggles++;
            last = bit;
        }
        Assert.InRange(toggles, 65, 67); // 1 ms / 15.085 us
    }

    [Fact]
    public void NewMode2CountLoadsAtTheEndOfTheCurrentCycle()
    {
        PitFixture f = new();
        long start = f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, 1000);
        f.RunToTick(start + 300);
        f.Out(PitFixture.Counter0, 0xF4);
        f.Out(PitFixture.Counter0, 0x01); // 500
        f.Out(PitFixture.Control, 0xE2);
        Assert.Equal(0x40, f.In(PitFixture.Counter0) & 0x40); // null count until the reload
        f.RunToTick(start + 1000 + 500 + 500);
        Assert.Equal(
            [PitClock.NanosecondsAt(start + 1000), PitClock.NanosecondsAt(start + 1500), PitClock.NanosecondsAt(start + 2000)],
            f.Irq0.RisingEdges);
    }

    [Fact]
    public void UnprogrammedCountersRunInMode3From65536AndIrq0RunsAt18Hz()
    {
        PitFixture f = new();
        Assert.Equal(0, f.ReadCount(1));
        f.RunToTick(100);
        Assert.Equal(0x10000 - 200, f.ReadCount(1));
        Assert.Equal(0, f.ReadCount(2)); // gate 2 low: stopped
        f.RunFor(1_000_000_000);
        Assert.Equal(18, f.Irq0.RisingEdges.Count);
        Assert.Equal(PitClock.NanosecondsAt(65536), f.Irq0.RisingEdges[0]);
        Assert.Equal(0xFF, f.In(PitFixture.Control));
    }

    [Fact]
    public void CountOneInPeriodicModesKeepsOutHighAndArmsNoTimer()
    {
        PitFixture f = new();
        f.Program(0, Ch0LoHiMode2, 1);
        Assert.True(f.Irq0.Level);
        Assert.Null(f.Timers.NextDeadline);
        f.Program(0, Ch0LoHiMode3, 1);
        Assert.Null(f.Timers.NextDeadline);
        f.RunFor(1_000_000);
        Assert.True(f.Irq0.Level);
    }

    [Fact]
    public void LateTimerDeliveryStillShowsAnEdgeAndDoesNotReplayEveryPeriod()
    {
        PitFixture f = new();
        f.AlignToTick();
        f.Program(0, Ch0LoHiMode2, 2); // 596 kHz
        int before = f.Irq0.RisingEdges.Count;
        f.Clock.NowNanoseconds += 1_000_000_000; // the run loop overshot by a whole second
        int fired = f.Timers.RunDue(f.Clock.NowNanoseconds);
        Assert.InRange(fired, 1, 4);
        Assert.True(f.Irq0.RisingEdges.Count > before);
    }

    [Fact]
    public void GuestGarbageNeverThrows()
    {
        PitFixture f = new();
        Random random = new(4321);
        ushort[] ports = [0x40, 0x41, 0x42, 0x43, 0x61];
        for (int i = 0; i < 20_000; i++)
        {
            ushort port = ports[random.Next(ports.Length)];
            int size = 1 << random.Next(3);
            if (random.Next(3) == 0)
                f.Bus.Read(port, size);
            else
                f.Bus.Write(port, size, (uint)random.Next());
            f.RunFor(random.Next(20_000));
        }
        var state = f.Pit.SaveState();
        PitFixture g = new();
        g.Pit.LoadState(state);
        Assert.Equal(0xFFu, f.Bus.Read(0x44, 1));
    }
}
