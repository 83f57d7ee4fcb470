using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests;

/// <summary>
/// Issue 3: a guest reset (0xCF9, port 0x92, 8042 command 0xFE, triple fault) reboots the
/// machine and reloads the Multiboot kernel as QEMU does with -kernel; with rebooting off
/// (QEMU's -no-reboot) the first reset ends the run. PlatformReset counts its boots in RAM.
/// </summary>
public sealed class PlatformResetTests
{
    private const int PassExitCode = (0x10 << 1) | 1;
    private static readonly string[] MatchingQemuDevices = { "-vga", "none", "-machine", "acpi=off" };

    [Fact]
    public void Every_reset_kind_reboots_the_kernel_on_pcemu_as_on_qemu()
    {
        string image = GuestImages.Path("PlatformReset");
        string qemuSerial;
        using (QemuSession qemu = QemuSession.Start(image, MatchingQemuDevices, reboot: true))
        {
            Assert.Equal(PassExitCode, qemu.WaitForExit(TimeSpan.FromSeconds(120)));
            qemuSerial = qemu.Serial.Text;
        }

        (MachineResult pcemu, string serial, PcMachine machine, List<string> diagnostics) = Run(image, reboot: true);

        Assert.Equal(MachineExitKind.GuestExit, pcemu.Kind);
        Assert.Equal((uint)PassExitCode, pcemu.ExitCode);
        Assert.Equal(qemuSerial, serial);
        Assert.Contains("boot 5: every reset rebooted the machine\n", serial);
        Assert.Equal(4, machine.Reboots);
        Assert.Equal(4, diagnostics.Count(d => d.Contains("rebooting", StringComparison.Ordinal)));
    }

    [Fact]
    public void With_rebooting_off_the_first_reset_ends_the_run_as_with_qemu_no_reboot()
    {
        string image = GuestImages.Path("PlatformReset");
        QemuReference.Result qemu = QemuReference.RunKernel(image, extraArguments: MatchingQemuDevices);

        (MachineResult pcemu, string serial, PcMachine machine, _) = Run(image, reboot: false);

        Assert.Equal(0, qemu.ExitCode);
        Assert.Equal("boot 1: reset through port 0xcf9\n", qemu.Serial);
        Assert.Equal(qemu.Serial, serial);
        Assert.Equal(MachineExitKind.Shutdown, pcemu.Kind);
        Assert.Contains("0xCF9", pcemu.Reason);
        Assert.Equal(0, machine.Reboots);
    }

    [Fact]
    public void A_reboot_returns_the_devices_to_power_on()
    {
        string image = GuestImages.Path("PlatformReset");
        CaptureSerialBackend com1 = new();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { Com1 = com1, Reboot = true });
        machine.BootMultiboot(File.ReadAllBytes(image), "PlatformReset.elf", "PlatformReset.elf", Array.Empty<BootModule>());
        machine.Run(1_000_000_000);
        // The last boot programmed nothing but COM1: the PIT is back in its power-on mode 3
        // and the PIC pair is masked as at power-on.
        Assert.Equal(0xFF, machine.Pic.Master.InterruptMaskRegister);
        Assert.Equal(0xFF, machine.Pic.Slave.InterruptMaskRegister);
        Assert.False(machine.Platform.ResetPorts.FastA20Enabled);
    }

    private static (MachineResult, string, PcMachine, List<string>) Run(string image, bool reboot)
    {
        CaptureSerialBackend com1 = new();
        List<string> diagnostics = new();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { Com1 = com1, Reboot = reboot, Diagnostics = diagnostics.Add });
        string name = Path.GetFileName(image);
        machine.BootMultiboot(File.ReadAllBytes(image), name, name, Array.Empty<BootModule>());
        MachineResult result = machine.Run(2_000_000_000);
        return (result, com1.Text, machine, diagnostics);
    }
}
