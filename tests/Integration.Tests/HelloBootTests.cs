using PcEmu.Machine;

namespace Integration.Tests;

/// <summary>
/// First light: the Hello kernel, built by our toolchain, boots on pcemu and on QEMU, and
/// both machines print the same serial output and report the same exit code.
/// </summary>
public sealed class HelloBootTests
{
    private const int PassExitCode = (0x10 << 1) | 1;

    [Fact]
    public void Hello_prints_every_check_passed_on_pcemu()
    {
        PcemuRunner.Result run = PcemuRunner.RunKernel(GuestImages.Path("Hello"));

        Assert.True(run.Machine.Kind == MachineExitKind.GuestExit, $"{run.Machine}\n{string.Join('\n', run.Diagnostics)}\n{run.Serial}");
        Assert.Equal((uint)PassExitCode, run.Machine.ExitCode);
        Assert.StartsWith("Hello from C# on x86!\nmultiboot: ok\n", run.Serial);
        Assert.Contains("fib(50) = 12586269025 ok\n", run.Serial);
        Assert.EndsWith("all checks passed\n", run.Serial);
        Assert.DoesNotContain("FAIL", run.Serial);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void Hello_behaves_the_same_on_pcemu_and_qemu()
    {
        string image = GuestImages.Path("Hello");

        QemuReference.Result qemu = QemuReference.RunKernel(image);
        PcemuRunner.Result pcemu = PcemuRunner.RunKernel(image);

        Assert.Equal(PassExitCode, qemu.ExitCode);
        Assert.Equal(qemu.Serial, pcemu.Serial);
        Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
    }

    [Fact]
    public void Hello_runs_deterministically()
    {
        string image = GuestImages.Path("Hello");

        PcemuRunner.Result first = PcemuRunner.RunKernel(image);
        PcemuRunner.Result second = PcemuRunner.RunKernel(image);

        Assert.Equal(first.Serial, second.Serial);
        Assert.Equal(first.Machine.RetiredInstructions, second.Machine.RetiredInstructions);
    }
}
