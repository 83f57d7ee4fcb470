using PcEmu.Machine;

namespace Integration.Tests;

/// <summary>
/// Issue 3 acceptance: the platform guests (guest-os/Tests/Platform*) on pcemu and on QEMU.
/// QEMU runs with <c>-vga none -machine acpi=off</c> and pcemu without its display adapter
/// so both PCI buses hold exactly 00:00.0 i440FX, 00:01.0 PIIX3, 00:01.1 PIIX3 IDE; QEMU's
/// default machine adds 00:01.3 8086:7113 (PIIX4 ACPI), which pcemu does not model yet, and
/// 00:02.0 1234:1111 (the VGA, which both have by default: see VgaScreenTests).
/// </summary>
public sealed class PlatformGuestTests
{
    private const int PassExitCode = (0x10 << 1) | 1;
    // icount with sleep=off and the RTC on the VM clock give QEMU pcemu's kind of virtual time:
    // without them QEMU's PIT loses ticks when the host is busy (running tests in parallel).
    private static readonly string[] MatchingQemuDevices =
    {
        "-vga", "none", "-machine", "acpi=off",
        "-icount", "shift=0,sleep=off", "-rtc", "clock=vm,base=2024-01-01T00:00:00",
    };

    // The budget counts virtual time (halted time included): the timer guest needs about 4 s of it.
    private const ulong Budget = 10_000_000_000;

    private static PcemuRunner.Result RunOnPcemu(string guest) => PcemuRunner.RunKernel(GuestImages.Path(guest), Budget, display: DisplayAdapter.None);

    [Theory]
    [InlineData("PlatformTimer")]
    [InlineData("PlatformPci")]
    [InlineData("PlatformMisuse")]
    public void Platform_guest_passes_on_pcemu(string guest)
    {
        PcemuRunner.Result run = RunOnPcemu(guest);

        Assert.True(run.Machine.Kind == MachineExitKind.GuestExit, $"{run.Machine}\n{string.Join('\n', run.Diagnostics)}\n{run.Serial}");
        Assert.True((uint)PassExitCode == run.Machine.ExitCode, run.Serial);
        Assert.DoesNotContain("FAIL", run.Serial);
        Assert.DoesNotContain("NO", run.Serial);
    }

    [Theory]
    [InlineData("PlatformTimer")]
    [InlineData("PlatformPci")]
    [InlineData("PlatformMisuse")]
    public void Platform_guest_prints_the_same_on_pcemu_and_qemu(string guest)
    {
        string image = GuestImages.Path(guest);

        QemuReference.Result qemu = QemuReference.RunKernel(image, extraArguments: MatchingQemuDevices);
        PcemuRunner.Result pcemu = RunOnPcemu(guest);

        Assert.Equal(PassExitCode, qemu.ExitCode);
        Assert.Equal(qemu.Serial, pcemu.Serial);
        Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
    }

    [Fact]
    public void Pci_enumeration_lists_the_i440fx_functions()
    {
        PcemuRunner.Result run = RunOnPcemu("PlatformPci");

        Assert.Contains("00:00.0 8086:1237 class 060000\n00:01.0 8086:7000 class 060100\n00:01.1 8086:7010 class 010180\nfunctions: 3\n", run.Serial);
    }

    [Fact]
    public void Timer_guest_runs_deterministically_with_the_timer_running()
    {
        PcemuRunner.Result first = RunOnPcemu("PlatformTimer");
        PcemuRunner.Result second = RunOnPcemu("PlatformTimer");

        Assert.Equal(MachineExitKind.GuestExit, first.Machine.Kind);
        Assert.Equal(first.Serial, second.Serial);
        Assert.Equal(first.Machine.RetiredInstructions, second.Machine.RetiredInstructions);
    }
}
