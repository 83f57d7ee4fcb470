namespace Guest.Tests;

/// <summary>
/// A fault in the kernel itself is a panic: the reason and the registers on COM1, then
/// debug-exit code 0x7F. The kernel command line word "panic-test" makes it write to
/// address 0 (unmapped) once the processes are loaded.
/// </summary>
public class KernelPanicTests
{
    private const int PanicExitCode = (0x7F << 1) | 1;

    [Fact]
    public void Kernel_page_fault_prints_reason_and_registers()
    {
        string[] modules = { GuestImages.Path("KernelTests") + " role=echo" };
        Qemu.Result qemu = Qemu.Boot(GuestImages.Path("Kernel"), modules, TimeSpan.FromSeconds(60), kernelCommandLine: "panic-test");
        Assert.False(qemu.TimedOut, qemu.Serial);
        Assert.Equal(PanicExitCode, qemu.ExitCode);
        CheckReport(qemu.Serial);

        Pcemu.Result pcemu = Pcemu.Boot(GuestImages.Path("Kernel"), modules, kernelCommandLine: "panic-test");
        Assert.Equal((uint)PanicExitCode, pcemu.Machine.ExitCode);
        CheckReport(pcemu.Serial);
    }

    private static void CheckReport(string serial)
    {
        Assert.Contains("kernel panic: exception 14 in kernel mode", serial);
        Assert.Contains("eip=0x", serial);
        Assert.Contains("cr2=0x00000000", serial);
        Assert.Contains("cs=0x00000008", serial);
    }
}
