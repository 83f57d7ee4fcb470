using PcEmu.Machine;

namespace Integration.Tests;

/// <summary>
/// Issue 2 acceptance: the CPU protection and paging guests (guest-os/Tests/Cpu*) print the same on
/// pcemu and on QEMU, and pass.
/// </summary>
public sealed class CpuGuestTests
{
    private const int PassExitCode = (0x10 << 1) | 1;
    private const ulong Budget = 2_000_000_000;

    [Theory]
    [InlineData("CpuPaging")]
    [InlineData("CpuProtection")]
    [InlineData("CpuTasks")]
    [InlineData("CpuV86")]
    public void Cpu_guest_prints_the_same_on_pcemu_and_qemu(string guest)
    {
        string image = GuestImages.Path(guest);

        QemuReference.Result qemu = QemuReference.RunKernel(image);
        PcemuRunner.Result pcemu = PcemuRunner.RunKernel(image, Budget, display: DisplayAdapter.None);

        Assert.Equal(PassExitCode, qemu.ExitCode);
        Assert.True(pcemu.Machine.Kind == MachineExitKind.GuestExit, $"{pcemu.Machine}\n{string.Join('\n', pcemu.Diagnostics)}\n{pcemu.Serial}");
        Assert.Equal(qemu.Serial, pcemu.Serial);
        Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
    }
}
