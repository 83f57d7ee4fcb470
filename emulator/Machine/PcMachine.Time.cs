using System.Diagnostics;
using PcEmu.Cpu;
using PcEmu.Devices.Pic;
using PcEmu.Devices.Pit;
using PcEmu.Devices.Rtc;
using PcEmu.Devices.Uart;

namespace PcEmu.Machine;

/// <summary>
/// The run loop's side of virtual time. The CPU runs until the earliest armed deadline (at
/// least one instruction), then every due timer fires; a device that arms an earlier timer
/// during the run stops the CPU after the current instruction (<see cref="MachineTimers"/>).
/// When the CPU halts with interrupts enabled, deterministic mode adds the gap to the next
/// deadline to the clock's idle time (the host does no work for it); realtime mode sleeps
/// until that deadline is due on the host's clock, waking early for serial input or a stop
/// request, and lets virtual time catch up with host time when the guest runs slower than
/// the nominal instruction rate.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>Longest single host sleep while halted in realtime mode (serial input is polled this often).</summary>
    private const int RealtimePollMilliseconds = 10;

    /// <summary>Realtime mode sleeps only when virtual time is this far ahead of the host.</summary>
    private const long RealtimeSlackNanoseconds = 2_000_000;

    private readonly AutoResetEvent _wake = new(false);
    private string? _resetReason;
    private long _pacingHostStart;
    private long _pacingVirtualStart;

    private void OnResetRequested(string source)
    {
        _resetReason ??= $"the guest requested a system reset ({source})";
        Cpu.RequestStop();
    }

    private string NoRebootNote => Reboot ? "; no kernel was booted to reload" : "; rebooting is off (--no-reboot)";

    /// <summary>
    /// A reset request or CPU shutdown while <see cref="Reboot"/> is on: the CPU and devices
    /// return to power-on and the kernel is loaded again, as QEMU reloads a <c>-kernel</c>
    /// image through its option ROM on every boot. RAM is not cleared (it is not on a PC or
    /// in QEMU either) except where the loader writes; virtual time runs on. False when
    /// rebooting is off or no kernel was booted.
    /// </summary>
    private bool TryReboot(string reason)
    {
        if (!Reboot || _reloadKernel is null)
            return false;
        Cpu.Diagnostics?.Invoke($"pcemu: {reason}: rebooting");
        _resetReason = null;
        Reboots++;
        Cpu.Reset();
        Pic.Reset(Devices.Common.ResetKind.Hard);
        foreach (Uart16550 uart in _serialPorts)
            uart.Reset(Devices.Common.ResetKind.Hard);
        DebugExit.Reset();
        Platform.Reset();
        _reloadKernel();
        return true;
    }

    /// <summary>The virtual time at which a run of <paramref name="maxInstructions"/> ends (long.MaxValue when unbounded).</summary>
    private long TimeLimit(long startTime, ulong? maxInstructions)
    {
        long perInstruction = Clock.NanosecondsPerInstruction;
        if (maxInstructions is not { } max || max > (ulong)((long.MaxValue - startTime) / perInstruction))
            return long.MaxValue;
        return startTime + (long)max * perInstruction;
    }

    private void BeginPacing()
    {
        _pacingHostStart = Stopwatch.GetTimestamp();
        _pacingVirtualStart = Clock.NowNanoseconds;
    }

    /// <summary>Virtual time the host clock says it is (realtime mode).</summary>
    private long HostNowNanoseconds =>
        _pacingVirtualStart + (long)Stopwatch.GetElapsedTime(_pacingHostStart).TotalMicroseconds * 1000;

    /// <summary>Fires due timers, runs the CPU up to the next deadline, fires the timers that came due.</summary>
    private CpuExitReason RunCpuUntilNextEvent(ulong budget)
    {
        Timers.RunDue();
        if (Realtime)
            PaceToHost();
        long? deadline = Timers.NextDeadline;
        if (deadline is { } due)
            budget = Math.Min(budget, Clock.InstructionsUntil(due));
        Timers.BeginRun(deadline ?? long.MaxValue);
        CpuExitReason reason;
        try
        {
            reason = Cpu.Run(budget);
        }
        finally
        {
            Timers.EndRun();
        }
        Timers.RunDue();
        return reason;
    }

    /// <summary>Realtime mode: catch virtual time up with the host, or sleep while it is ahead.</summary>
    private void PaceToHost()
    {
        long lead = Clock.NowNanoseconds - HostNowNanoseconds;
        if (lead < 0)
        {
            Clock.AdvanceIdle(-lead);
            Timers.RunDue();
        }
        else if (lead > RealtimeSlackNanoseconds)
        {
            _wake.WaitOne(TimeSpan.FromTicks(lead / 100));
        }
    }

    /// <summary>The IRQs device timers drive: the PIT's OUT0 and the RTC.</summary>
    private static readonly int[] TimerIrqs = { Pit8254Isa.Irq, Mc146818RtcIsa.Irq };

    /// <summary>
    /// True when a timer-driven IRQ is unmasked at the PIC (through the cascade for the
    /// slave), so jumping to the next deadline can wake the halted CPU. Otherwise only host
    /// input can, and a halt with none coming is a halt forever, as on hardware.
    /// </summary>
    private bool TimerMayWakeCpu()
    {
        // A UART's character timeout is one-shot: jumping to it ends, whatever the masks say.
        foreach (Uart16550 uart in _serialPorts)
        {
            if (uart.TimeoutArmed)
                return true;
        }
        foreach (int irq in TimerIrqs)
        {
            bool masked = irq < 8
                ? (Pic.Master.InterruptMaskRegister & (1 << irq)) != 0
                : (Pic.Master.InterruptMaskRegister & (1 << DualPic.CascadeLine)) != 0 || (Pic.Slave.InterruptMaskRegister & (1 << (irq - 8))) != 0;
            if (!masked)
                return true;
        }
        return false;
    }

    /// <summary>Moves pending host input into the UARTs and the 8042; true if any arrived (it may raise an IRQ).</summary>
    private bool InputArrived() => PumpHostInput();

    /// <summary>
    /// The CPU halted with IF=1 and no interrupt pending: moves virtual time to the next timer
    /// deadline (never past <paramref name="timeLimit"/>) and fires it. Returns false when no
    /// timer is armed, so only host input could wake the CPU.
    /// </summary>
    private bool IdleUntilNextEvent(long timeLimit)
    {
        if (Timers.NextDeadline is not { } deadline)
            return false;
        long target = Math.Min(deadline, timeLimit);
        if (Realtime)
            target = SleepUntil(target);
        long now = Clock.NowNanoseconds;
        if (target > now)
            Clock.AdvanceIdle(target - now);
        Timers.RunDue();
        return true;
    }

    /// <summary>Sleeps until the host clock reaches <paramref name="target"/> or something else may wake the CPU; returns the virtual time to resume at.</summary>
    private long SleepUntil(long target)
    {
        while (!_stopRequested)
        {
            long remaining = target - HostNowNanoseconds;
            if (remaining <= 0)
                return target;
            if (InputArrived() || Pic.InterruptPending)
                break;
            _wake.WaitOne(TimeSpan.FromTicks(Math.Min(remaining / 100, RealtimePollMilliseconds * TimeSpan.TicksPerMillisecond)));
        }
        return Math.Min(target, Math.Max(Clock.NowNanoseconds, HostNowNanoseconds));
    }
}
