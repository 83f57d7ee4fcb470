namespace Guest.Tests;

/// <summary>
/// The system task's process, signal and privileged calls (issue 4), each scenario of
/// guest-os/Tests/KernelTests booted on QEMU and on pcemu with matching verdicts
/// (<see cref="KernelTests.Run"/>).
/// </summary>
public class KernelCallTests
{
    [Fact]
    public void Fork_copies_memory_and_a_stale_endpoint_is_refused_after_clear_and_fork() =>
        KernelTests.Run("fork", "role=pm calls=all prio=2", "role=forker prio=4");

    [Fact]
    public void User_fault_becomes_a_kernel_signal_and_handlers_run_through_sigsend_and_sigreturn()
    {
        string serial = KernelTests.Run("signals",
            "role=sig-pm calls=all prio=2", "role=sig-faulter sigmgr=0 prio=3", "role=sig-catcher sigmgr=0 prio=4", "role=echo prio=5");
        Assert.Contains("process 1 (KernelTests.elf) signalled: page fault", serial);
    }

    [Fact]
    public void Privileged_calls_work_for_the_trusted_and_are_refused_to_others() =>
        KernelTests.Run("privileged-calls",
            "role=rs calls=all io=0x3f8:8 mem=0x1000:0x3ffff000 prio=2", "role=priv-driver prio=3", "role=priv-user prio=4");

    [Fact]
    public void Live_update_swaps_two_stopped_images_behind_their_endpoints() =>
        KernelTests.Run("update", "role=updater calls=all prio=2", "role=echo prio=4", "role=echo100 prio=4");

    [Fact]
    public void Reincarnation_server_sees_a_driver_death_and_restarts_it_with_fork_exec_and_privctl()
    {
        string serial = KernelTests.Run("reincarnation",
            "role=rs-restarter calls=all io=0x3f8:8 prio=2", "role=crash-driver sigmgr=0 calls=user+devio io=0x3f8:8 prio=3", "role=crash-client prio=4");
        Assert.Contains("process 1 (KernelTests.elf) signalled: divide error", serial);
    }

    [Fact]
    public void Watchdog_alarms_fire_in_expiry_order() =>
        KernelTests.Run("watchdog", "role=alarm-checker prio=3", "role=alarm-setter delay=12 prio=4", "role=alarm-setter delay=4 prio=4");
}
