using PcEmu.Devices.Rtc;

namespace PcEmu.Devices.Tests.Rtc;

public sealed class Mc146818RtcTests
{
    private const long Ms = 1_000_000;
    private const long Second = 1_000_000_000;
    private static readonly DateTime Friday = new(2024, 3, 15, 13, 45, 30);

    [Fact]
    public void TimeReadsInBcdAtPowerOn()
    {
        RtcFixture f = new(Friday);
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        Assert.Equal(0x45, f.Read(RtcRegister.Minutes));
        Assert.Equal(0x13, f.Read(RtcRegister.Hours));
        Assert.Equal(6, f.Read(RtcRegister.DayOfWeek)); // Sunday = 1
        Assert.Equal(0x15, f.Read(RtcRegister.DayOfMonth));
        Assert.Equal(0x03, f.Read(RtcRegister.Month));
        Assert.Equal(0x24, f.Read(RtcRegister.Year));
        Assert.Equal(0x20, f.Read((byte)CmosIndex.Century));
        Assert.Equal(0x26, f.Read(RtcRegister.StatusA));
        Assert.Equal(0x02, f.Read(RtcRegister.StatusB));
        Assert.Equal(0x80, f.Read(RtcRegister.StatusD));
    }

    [Fact]
    public void TimeAdvancesWithTheVirtualClockOnly()
    {
        RtcFixture f = new(Friday);
        f.Clock.NowNanoseconds = 999 * Ms;
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        f.Clock.NowNanoseconds = 1000 * Ms;
        Assert.Equal(0x31, f.Read(RtcRegister.Seconds));
        f.Clock.NowNanoseconds = 90 * Second;
        Assert.Equal(0x00, f.Read(RtcRegister.Seconds));
        Assert.Equal(0x47, f.Read(RtcRegister.Minutes));
        f.Clock.NowNanoseconds = 90 * Second + 3L * 86_400 * Second;
        Assert.Equal(0x18, f.Read(RtcRegister.DayOfMonth));
        Assert.Equal(2, f.Read(RtcRegister.DayOfWeek)); // Monday
        Assert.Equal(0x47, f.Read(RtcRegister.Minutes));
    }

    [Fact]
    public void BinaryModeHoldsPlainNumbers()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.StatusB, 0x80 | 0x04 | 0x02); // SET, DM binary, 24 h
        f.Write(RtcRegister.Seconds, 59);
        f.Write(RtcRegister.Minutes, 59);
        f.Write(RtcRegister.Hours, 23);
        f.Write(RtcRegister.DayOfMonth, 31);
        f.Write(RtcRegister.Month, 12);
        f.Write(RtcRegister.Year, 99);
        f.Write((byte)CmosIndex.Century, 19);
        f.Write(RtcRegister.StatusB, 0x04 | 0x02);
        f.AdvanceBy(Second);
        Assert.Equal(0, f.Read(RtcRegister.Seconds));
        Assert.Equal(0, f.Read(RtcRegister.Hours));
        Assert.Equal(1, f.Read(RtcRegister.DayOfMonth));
        Assert.Equal(1, f.Read(RtcRegister.Month));
        Assert.Equal(0, f.Read(RtcRegister.Year));
        Assert.Equal(20, f.Read((byte)CmosIndex.Century));
    }

    [Fact]
    public void ChangingDataModeReencodesTheTime()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.StatusB, 0x06);
        Assert.Equal(30, f.Read(RtcRegister.Seconds));
        Assert.Equal(13, f.Read(RtcRegister.Hours));
        Assert.Equal(24, f.Read(RtcRegister.Year));
    }

    [Fact]
    public void TwelveHourModeSetsThePmBit()
    {
        RtcFixture f = new(new DateTime(2024, 3, 15, 23, 59, 58));
        f.Write(RtcRegister.StatusB, 0x00); // 12 h, BCD
        Assert.Equal(0x80 | 0x11, f.Read(RtcRegister.Hours)); // 11 PM
        f.AdvanceBy(2 * Second);
        Assert.Equal(0x12, f.Read(RtcRegister.Hours)); // 12 AM
        Assert.Equal(0x16, f.Read(RtcRegister.DayOfMonth));
        f.AdvanceBy(12L * 3600 * Second);
        Assert.Equal(0x80 | 0x12, f.Read(RtcRegister.Hours)); // 12 PM
        f.Write(RtcRegister.StatusB, 0x02);
        Assert.Equal(0x12, f.Read(RtcRegister.Hours));
    }

    [Fact]
    public void LeapDayFollowsTheTwentyEighthOfFebruary()
    {
        RtcFixture f = new(new DateTime(2024, 2, 28, 23, 59, 59));
        f.AdvanceBy(Second);
        Assert.Equal(0x29, f.Read(RtcRegister.DayOfMonth));
        Assert.Equal(0x02, f.Read(RtcRegister.Month));
        f.AdvanceBy(86_400 * Second);
        Assert.Equal(0x01, f.Read(RtcRegister.DayOfMonth));
        Assert.Equal(0x03, f.Read(RtcRegister.Month));
    }

    [Theory]
    [InlineData(3, 8192)]
    [InlineData(6, 1024)]
    [InlineData(1, 256)]
    [InlineData(2, 128)]
    [InlineData(10, 64)]
    [InlineData(15, 2)]
    public void PeriodicInterruptFiresAtTheSelectedRate(int rateSelect, int hertz)
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.StatusA, (byte)(0x20 | rateSelect));
        f.Write(RtcRegister.StatusB, 0x02 | 0x40); // PIE
        long start = f.Clock.NowNanoseconds;
        f.AdvanceTo(start + 2 * Second, acknowledge: true);
        Assert.Equal(2 * hertz, f.HandledInterrupts);
        Assert.Equal(2 * hertz, f.Irq.RisingEdges);
    }

    [Fact]
    public void PeriodicFlagIsSetWithoutPieButRaisesNoInterrupt()
    {
        RtcFixture f = new(Friday);
        f.AdvanceBy(10 * Ms);
        Assert.False(f.Timers.NextDeadline.HasValue);
        Assert.Equal(0x40 | 0x00, f.Read(RtcRegister.StatusC) & 0x40);
        Assert.Equal(0, f.Irq.RisingEdges);
    }

    [Fact]
    public void NoTimerIsArmedWhenNoInterruptIsEnabled()
    {
        RtcFixture f = new(Friday);
        Assert.Null(f.Timers.NextDeadline);
        f.Write(RtcRegister.StatusB, 0x12); // UIE
        Assert.Equal(Second, f.Timers.NextDeadline);
    }

    [Fact]
    public void AlarmInterruptFiresAtTheAlarmTime()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.SecondsAlarm, 0x35);
        f.Write(RtcRegister.MinutesAlarm, 0x45);
        f.Write(RtcRegister.HoursAlarm, 0x13);
        f.Write(RtcRegister.StatusB, 0x02 | 0x20); // AIE
        f.AdvanceTo(5 * Second - 1);
        Assert.False(f.Irq.Level);
        f.AdvanceTo(5 * Second);
        Assert.True(f.Irq.Level);
        Assert.Equal(0x80 | 0x40 | 0x20 | 0x10, f.Read(RtcRegister.StatusC)); // IRQF, PF (rate 6 runs without PIE), AF, UF
        Assert.False(f.Irq.Level);
        f.AdvanceTo(80 * Second);
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void DontCareAlarmBytesMatchEveryValue()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.SecondsAlarm, 0x00);
        f.Write(RtcRegister.MinutesAlarm, 0xC0);
        f.Write(RtcRegister.HoursAlarm, 0xFF);
        f.Write(RtcRegister.StatusB, 0x02 | 0x20);
        f.AdvanceTo(10L * 60 * Second, acknowledge: true); // 13:45:30 -> 13:55:30
        Assert.Equal(10, f.HandledInterrupts);
    }

    [Fact]
    public void AlarmFlagIsFoundAfterALongSilence()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.SecondsAlarm, 0x00);
        f.Write(RtcRegister.MinutesAlarm, 0x00);
        f.Write(RtcRegister.HoursAlarm, 0x02);
        f.Clock.NowNanoseconds = 3L * 86_400 * Second;
        Assert.Equal(0x20 | 0x10, f.Read(RtcRegister.StatusC) & 0x30);
        Assert.Equal(0x00, f.Read(RtcRegister.StatusC));
    }

    [Fact]
    public void UpdateInProgressIsSetForThe244MicrosecondsBeforeEachUpdate()
    {
        RtcFixture f = new(Friday);
        f.Clock.NowNanoseconds = 999_700 * 1000L;
        Assert.Equal(0, f.Read(RtcRegister.StatusA) & 0x80);
        f.Clock.NowNanoseconds = 999_760 * 1000L;
        Assert.Equal(0x80, f.Read(RtcRegister.StatusA) & 0x80);
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        f.Clock.NowNanoseconds = Second;
        Assert.Equal(0, f.Read(RtcRegister.StatusA) & 0x80);
        Assert.Equal(0x31, f.Read(RtcRegister.Seconds));
        f.Write(RtcRegister.StatusB, 0x82); // SET: no update, no UIP
        f.Clock.NowNanoseconds = 2 * Second - 100_000;
        Assert.Equal(0, f.Read(RtcRegister.StatusA) & 0x80);
    }

    [Fact]
    public void SetInhibitsUpdatesAndClearsUie()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.StatusB, 0x12);
        f.Write(RtcRegister.StatusB, 0x92);
        Assert.Equal(0x82, f.Read(RtcRegister.StatusB));
        f.AdvanceBy(5 * Second);
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        f.Write(RtcRegister.StatusB, 0x02);
        f.AdvanceBy(Second);
        Assert.Equal(0x31, f.Read(RtcRegister.Seconds));
    }

    [Fact]
    public void FirstUpdateComesHalfASecondAfterTheDividerLeavesReset()
    {
        RtcFixture f = new(Friday);
        f.Clock.NowNanoseconds = 300 * Ms;
        f.Write(RtcRegister.StatusA, 0x70); // divider held in reset
        f.Clock.NowNanoseconds = 5 * Second;
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        f.Write(RtcRegister.StatusA, 0x26);
        f.Clock.NowNanoseconds = 5 * Second + 499 * Ms;
        Assert.Equal(0x30, f.Read(RtcRegister.Seconds));
        f.Clock.NowNanoseconds = 5 * Second + 500 * Ms;
        Assert.Equal(0x31, f.Read(RtcRegister.Seconds));
    }

    [Fact]
    public void RegisterCIsClearedByReadingAndDropsIrq8()
    {
        RtcFixture f = new(Friday);
        f.Write(RtcRegister.StatusB, 0x12); // UIE
        f.AdvanceTo(Second);
        Assert.True(f.Irq.Level);
        Assert.Equal(0x80 | 0x40 | 0x10, f.Read(RtcRegister.StatusC)); // IRQF, PF, UF
        Assert.False(f.Irq.Level);
        Assert.Equal(0x00, f.Read(RtcRegister.StatusC));
        f.AdvanceTo(2 * Second);
        Assert.True(f.Irq.Level);
        Assert.Equal(2, f.Irq.RisingEdges);
    }

    [Fact]
    public void EnablingAnInterruptWithItsFlagPendingRaisesIrq8AtOnce()
    {
        RtcFixture f = new(Friday);
        f.Clock.NowNanoseconds = 3 * Second;
        f.Write(RtcRegister.StatusB, 0x12);
        Assert.True(f.Irq.Level);
    }

    [Fact]
    public void Port70Bit7IsTheNmiMask()
    {
        RtcFixture f = new(Friday);
        bool? raised = null;
        f.Isa.NmiMaskChanged += masked => raised = masked;
        Assert.False(f.Isa.NmiMasked);
        f.Bus.Write(RtcFixture.Index, 1, 0x80 | 0x0B);
        Assert.True(f.Isa.NmiMasked);
        Assert.True(raised);
        Assert.Equal(0x02u, f.Bus.Read(RtcFixture.Data, 1)); // index 0x0B despite bit 7
        f.Bus.Write(RtcFixture.Index, 1, 0x0B);
        Assert.False(f.Isa.NmiMasked);
        Assert.Equal(0xFFu, f.Bus.Read(RtcFixture.Index, 1));
    }

    [Fact]
    public void CmosRamHoldsBytesAndTheStandardFieldsCarryAChecksum()
    {
        RtcFixture f = new(Friday);
        f.Write(0x50, 0xA5);
        Assert.Equal(0xA5, f.Read(0x50));

        PcCmos.Apply(f.Rtc, new PcCmosConfiguration(64L * 1024 * 1024));
        Assert.Equal(0x80, f.Read(0x15));
        Assert.Equal(0x02, f.Read(0x16)); // 640 KiB
        int extended = f.Read(0x17) | f.Read(0x18) << 8;
        Assert.Equal(63 * 1024, extended);
        Assert.Equal(extended, f.Read(0x30) | f.Read(0x31) << 8);
        Assert.Equal(48 * 16, f.Read(0x34) | f.Read(0x35) << 8); // 48 MiB in 64 KiB units
        Assert.Equal(0x06, f.Read(0x14));

        int sum = 0;
        for (byte i = 0x10; i <= 0x2D; i++)
            sum += f.Read(i);
        Assert.Equal(sum, f.Read(0x2E) << 8 | f.Read(0x2F));

        f.Write(0x10, 0x40);
        PcCmos.UpdateChecksum(f.Rtc);
        Assert.Equal(sum + 0x40, f.Read(0x2E) << 8 | f.Read(0x2F));
    }

    [Fact]
    public void ExtendedMemoryIsCappedAt0xFFFFKib()
    {
        RtcFixture f = new(Friday);
        PcCmos.Apply(f.Rtc, new PcCmosConfiguration(2048L * 1024 * 1024));
        Assert.Equal(0xFFFF, f.Read(0x17) | f.Read(0x18) << 8);
        Assert.Equal(2032 * 16, f.Read(0x34) | f.Read(0x35) << 8); // (2 GiB - 16 MiB) in 64 KiB units
    }

    [Fact]
    public void StateRoundTripsThroughSaveAndLoad()
    {
        RtcFixture f = new(Friday);
        f.Write(0x40, 0x12);
        f.Clock.NowNanoseconds = 7 * Second;
        Mc146818RtcState state = f.Rtc.SaveState();
        RtcFixture g = new(new DateTime(2000, 1, 1));
        g.Clock.NowNanoseconds = 7 * Second;
        g.Rtc.LoadState(state);
        Assert.Equal(0x37, g.Read(RtcRegister.Seconds));
        Assert.Equal(0x12, g.Read(0x40));
    }
}
