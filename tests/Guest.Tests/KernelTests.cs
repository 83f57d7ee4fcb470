namespace Guest.Tests;

/// <summary>
/// The microkernel's acceptance tests (issue 4): each boots guest-os/Kernel with copies of
/// the KernelTests program in the roles of one scenario (guest-os/Tests/KernelTests), on
/// QEMU and on pcemu, and expects the scenario's "VERDICT PASS" line, no "FAIL" line, the
/// pass exit code and the same check lines on both machines.
/// The verdicts depend only on priorities and IPC order, never on timing.
/// </summary>
public class KernelTests
{
    // Debug-exit code 0x10 from SYS_ABORT: QEMU exits with (0x10 << 1) | 1.
    private const int PassExitCode = (0x10 << 1) | 1;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Rendezvous_blocks_in_both_directions() =>
        Run("rendezvous", "role=rv-server prio=3", "role=rv-client prio=4");

    [Fact]
    public void Receive_from_one_source_or_any() =>
        Run("receive-any", "role=any-receiver prio=5", "role=any-sender prio=3", "role=any-sender prio=3");

    [Fact]
    public void Notifications_coalesce_and_alarms_arrive_from_clock() =>
        Run("notify", "role=notify-receiver prio=5", "role=notify-sender prio=3");

    [Fact]
    public void Send_cycle_is_detected_as_deadlock() =>
        Run("deadlock", "role=deadlock-a prio=4", "role=deadlock-b prio=3");

    [Fact]
    public void Ipc_outside_the_bitmap_is_refused() =>
        Run("forbidden-ipc", "role=ipc-checker ipc=1", "role=echo", "role=sink");

    [Fact]
    public void Kernel_call_outside_the_bitmap_is_refused() =>
        Run("forbidden-call", "role=call-checker calls=diagctl+abort+getinfo");

    [Fact]
    public void Io_port_outside_the_ranges_is_refused() =>
        Run("forbidden-io", "role=io-checker calls=user+devio io=0x3f8:8 prio=5", "role=raw-io prio=3");

    [Fact]
    public void Faulting_processes_stop_and_the_rest_keeps_running()
    {
        string serial = Run("faults",
            "role=fault-checker prio=5", "role=echo prio=4",
            "role=wild-kernel prio=3", "role=wild-null prio=3", "role=wild-divide prio=3", "role=wild-opcode prio=3");
        Assert.Contains("process 2 (KernelTests.elf) stopped: page fault", serial);
        Assert.Contains("process 3 (KernelTests.elf) stopped: page fault", serial);
        Assert.Contains("process 4 (KernelTests.elf) stopped: divide error", serial);
        Assert.Contains("process 5 (KernelTests.elf) stopped: invalid opcode", serial);
    }

    [Fact]
    public void Infinite_loop_loses_priority_and_the_system_still_answers() =>
        Run("priority", "role=looper prio=3 quantum=2", "role=echo prio=4", "role=loop-checker prio=5");

    [Fact]
    public void Grant_allows_exactly_the_granted_range() =>
        Run("grants", "role=granter prio=4", "role=grantee prio=5");

    [Fact]
    public void Asynchronous_send_never_blocks_and_delivers_in_order() =>
        Run("senda", "role=async-sender prio=3", "role=async-receiver prio=2", "role=async-receiver prio=4");

    [Fact]
    public void Irq_becomes_a_notification_from_hardware() =>
        Run("irq", "role=irq-driver calls=user+devio+irqctl io=0x3f8:8 irq=4");

    /// <summary>
    /// Boots the scenario on QEMU and on pcemu; both must pass with the same check lines
    /// (the kernel's own lines differ only in the memory size, so only PASS/FAIL/VERDICT
    /// lines are compared). Returns QEMU's serial log.
    /// </summary>
    internal static string Run(string scenario, params string[] roles)
    {
        string program = GuestImages.Path("KernelTests");
        string[] modules = roles.Select(role => program + " " + role).ToArray();
        Qemu.Result qemu = Qemu.Boot(GuestImages.Path("Kernel"), modules, Timeout);
        Assert.False(qemu.TimedOut, $"{scenario} timed out on QEMU; serial:\n{qemu.Serial}");
        CheckPassed(scenario, "QEMU", qemu.Serial);
        Assert.Equal(PassExitCode, qemu.ExitCode);

        Pcemu.Result pcemu = Pcemu.Boot(GuestImages.Path("Kernel"), modules);
        Assert.True(pcemu.Machine.Kind == PcEmu.Machine.MachineExitKind.GuestExit,
            $"{scenario} on pcemu ended with {pcemu.Machine.Kind} ({pcemu.Machine.Reason}); serial:\n{pcemu.Serial}");
        CheckPassed(scenario, "pcemu", pcemu.Serial);
        Assert.Equal((uint)PassExitCode, pcemu.Machine.ExitCode);
        Assert.Equal(Verdicts(qemu.Serial), Verdicts(pcemu.Serial));
        return qemu.Serial;
    }

    private static void CheckPassed(string scenario, string machine, string serial)
    {
        Assert.False(serial.Contains("FAIL", StringComparison.Ordinal), $"{scenario} failed on {machine}:\n{serial}");
        Assert.False(serial.Contains("kernel panic", StringComparison.Ordinal), $"kernel panic on {machine}:\n{serial}");
        Assert.True(serial.Contains("VERDICT PASS " + scenario, StringComparison.Ordinal), $"no verdict on {machine}:\n{serial}");
    }

    private static string[] Verdicts(string serial) =>
        serial.Split('\n').Where(line => line.StartsWith("PASS", StringComparison.Ordinal) || line.StartsWith("VERDICT", StringComparison.Ordinal)).ToArray();
}
