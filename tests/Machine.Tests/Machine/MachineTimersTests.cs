using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine.Boot;
using PcEmu.Machine.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Machine.Tests.Machine;

/// <summary>The virtual-time scheduler (<see cref="MachineTimers"/> over <see cref="InstructionClock"/>) and the run loop's use of it.</summary>
public sealed class MachineTimersTests
{
    private sealed class Counter
    {
        public ulong Retired;
    }

    private static (MachineTimers Timers, InstructionClock Clock, Counter Cpu) NewTimers(long nanosecondsPerInstruction = 1)
    {
        Counter cpu = new();
        InstructionClock clock = new(() => cpu.Retired, nanosecondsPerInstruction);
        return (new MachineTimers(clock), clock, cpu);
    }

    [Fact]
    public void TimersFireInDeadlineOrderAndEqualDeadlinesInArmingOrder()
    {
        var (timers, clock, cpu) = NewTimers();
        List<string> fired = new();
        IVirtualTimer late = timers.CreateTimer("late", () => fired.Add("late"));
        IVirtualTimer first = timers.CreateTimer("first", () => fired.Add("first"));
        IVirtualTimer second = timers.CreateTimer("second", () => fired.Add("second"));
        late.Arm(300);
        first.Arm(200);
        second.Arm(200);

        cpu.Retired = 1000;
        int count = timers.RunDue();

        Assert.Equal(3, count);
        Assert.Equal(new[] { "first", "second", "late" }, fired);
        Assert.Null(timers.NextDeadline);
        Assert.Equal(1000, clock.NowNanoseconds);
    }

    [Fact]
    public void OnlyDueTimersFireAndNextDeadlineIsTheEarliestArmed()
    {
        var (timers, _, cpu) = NewTimers();
        List<long> fired = new();
        IVirtualTimer a = timers.CreateTimer("a", () => fired.Add(100));
        IVirtualTimer b = timers.CreateTimer("b", () => fired.Add(500));
        b.Arm(500);
        a.Arm(100);
        Assert.Equal(100, timers.NextDeadline);

        cpu.Retired = 99;
        Assert.Equal(0, timers.RunDue());
        cpu.Retired = 100;
        Assert.Equal(1, timers.RunDue());

        Assert.Equal(new long[] { 100 }, fired);
        Assert.Equal(500, timers.NextDeadline);
        Assert.False(a.IsArmed);
        Assert.True(b.IsArmed);
    }

    [Fact]
    public void ReArmedTimerFiresOnlyAtItsNewDeadlineAndDisarmedNever()
    {
        var (timers, _, cpu) = NewTimers();
        int moved = 0, cancelled = 0;
        IVirtualTimer movedTimer = timers.CreateTimer("moved", () => moved++);
        IVirtualTimer cancelledTimer = timers.CreateTimer("cancelled", () => cancelled++);
        movedTimer.Arm(100);
        cancelledTimer.Arm(150);
        movedTimer.Arm(400);
        cancelledTimer.Disarm();

        cpu.Retired = 300;
        timers.RunDue();
        Assert.Equal(0, moved);
        cpu.Retired = 400;
        timers.RunDue();

        Assert.Equal(1, moved);
        Assert.Equal(0, cancelled);
        Assert.Null(timers.NextDeadline);
    }

    [Fact]
    public void PeriodicTimerReArmedFromItsCallbackFiresOncePerPeriodWhenLate()
    {
        var (timers, _, cpu) = NewTimers();
        List<long> deadlines = new();
        IVirtualTimer tick = null!;
        tick = timers.CreateTimer("tick", () =>
        {
            deadlines.Add(tick.Deadline);
            if (deadlines.Count < 5)
                tick.Arm(tick.Deadline + 10);
        });
        tick.Arm(10);

        cpu.Retired = 35;
        timers.RunDue();

        // Every period whose deadline has passed fires, in order, and the next one waits.
        Assert.Equal(new long[] { 10, 20, 30 }, deadlines);
        Assert.Equal(40, timers.NextDeadline);
    }

    [Fact]
    public void ClockIsRetiredInstructionsTimesRatePlusIdleTime()
    {
        var (_, clock, cpu) = NewTimers(nanosecondsPerInstruction: 3);
        cpu.Retired = 10;
        clock.AdvanceIdle(7);

        Assert.Equal(37, clock.NowNanoseconds);
        Assert.Equal(7, clock.IdleNanoseconds);
        Assert.Equal(1ul, clock.InstructionsUntil(30));   // already past: at least one instruction
        Assert.Equal(1ul, clock.InstructionsUntil(38));   // 1 ns away rounds up to one instruction
        Assert.Equal(4ul, clock.InstructionsUntil(47));   // 10 ns away at 3 ns each: 4 instructions
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceIdle(-1));
    }

    private static (PcMachine Machine, CaptureSerialBackend Serial) BootTimerKernel(int ticks)
    {
        CaptureSerialBackend serial = new();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { MemoryBytes = 16 * 1024 * 1024, Com1 = serial });
        machine.BootMultiboot(TestKernels.TimerTicks(ticks), "timer.elf", "timer.elf", Array.Empty<BootModule>());
        return (machine, serial);
    }

    [Fact]
    public void HaltJumpsToTheNextTimerDeadlineInsteadOfSpinning()
    {
        var (machine, _) = BootTimerKernel(ticks: 50);

        MachineResult result = machine.Run(10_000_000_000);

        Assert.Equal(MachineExitKind.GuestExit, result.Kind);
        // 50 periods of 11932 PIT clocks (1.193182 MHz): 500.0 ms of virtual time...
        const long period = 11932L * 1_000_000_000 / 1_193_182;
        Assert.InRange(machine.Clock.NowNanoseconds, 50 * period, 50 * period + 1_000_000);
        // ...almost all of it halted: a few instructions per tick are all the CPU executed.
        Assert.InRange(result.RetiredInstructions, 50ul, 2_000ul);
        Assert.True(machine.Clock.IdleNanoseconds > 49 * period);
    }

    [Fact]
    public void SameKernelGivesTheSameInstructionCountAndVirtualTime()
    {
        var (first, _) = BootTimerKernel(ticks: 20);
        var (second, _) = BootTimerKernel(ticks: 20);

        MachineResult a = first.Run(10_000_000_000);
        MachineResult b = second.Run(10_000_000_000);

        Assert.Equal(MachineExitKind.GuestExit, a.Kind);
        Assert.Equal(a.RetiredInstructions, b.RetiredInstructions);
        Assert.Equal(first.Clock.NowNanoseconds, second.Clock.NowNanoseconds);
        Assert.Equal(first.Clock.IdleNanoseconds, second.Clock.IdleNanoseconds);
    }

    [Fact]
    public void TheRunBudgetCountsHaltedTime()
    {
        var (machine, _) = BootTimerKernel(ticks: 1_000);

        MachineResult result = machine.Run(100_000_000); // 100 ms of virtual time at 1 ns per instruction

        Assert.Equal(MachineExitKind.InstructionLimit, result.Kind);
        Assert.Equal(100_000_000L, machine.Clock.NowNanoseconds);
        Assert.True(result.RetiredInstructions < 1_000);
    }
}
