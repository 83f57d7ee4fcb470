using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests.Disk;

/// <summary>
/// Issue 6 acceptance: the disk guest (guest-os/Tests/DiskTests) reads and writes the primary
/// master in PIO and DMA and provokes the error cases, on pcemu and on QEMU with the same
/// image; the outputs match line for line except the "hw" lines, where QEMU's model departs
/// from the ATA/PIIX documents (pcemu's must be the documented answers); afterwards both
/// image files hold exactly what the guest wrote.
/// </summary>
public sealed class DiskGuestTests : IDisposable
{
    private const int PassExitCode = (0x10 << 1) | 1;
    private const string HwPrefix = "hw ";
    private static readonly string[] MatchingQemuDevices = { "-vga", "none", "-machine", "acpi=off" };

    /// <summary>
    /// What a drive on a PIIX answers (ATA/ATAPI-6: IDNF for an address past the end; word 59
    /// follows SET MULTIPLE MODE; a short PRD table leaves the drive waiting with DRQ; PIIX3 2.7:
    /// a bus-master cycle nobody claims sets Error, the drive's command ends with ABRT).
    /// Status values are printed without DSC.
    /// </summary>
    private static readonly string[] HardwareLines =
    {
        "hw identify word 59 after set multiple mode 8: 0108",
        "hw dma short prd: drive status 58",
        "hw pio read sectors ext past the end: status 41 error 10",
        "hw pio write sectors ext past the end: status 41 error 10",
        "hw pio read sectors ext at ffffffffffff: status 41 error 10",
        "hw dma read ext past the end: status 41 error 10",
        "hw dma read into memory that does not exist: status 41 error 04 bus master 06",
        "hw dma write from memory that does not exist: status 41 error 04 bus master 06",
        "hw dma read with the prd table where no memory is: status 41 error 04 bus master 06",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-diskguest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Disk_guest_passes_on_pcemu_with_the_hardware_errors_and_leaves_the_image_as_written()
    {
        string image = Path.Combine(_dir, "pcemu.img");
        DiskPattern.CreateCheckImage(image);

        PcemuRunner.Result run = RunOnPcemu(image, "");

        Assert.True(run.Machine.Kind == MachineExitKind.GuestExit, $"{run.Machine}\n{string.Join('\n', run.Diagnostics)}\n{run.Serial}");
        Assert.True(PassExitCode == run.Machine.ExitCode, run.Serial);
        Assert.Contains("all disk checks passed", run.Serial);
        Assert.DoesNotContain("FAILED", run.Serial);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(HardwareLines, HwLines(run.Serial));
        Assert.Empty(DiskPattern.Mismatches(image, badDmaMustBeZero: true));
    }

    [Fact]
    public void Disk_guest_prints_the_same_on_pcemu_and_qemu()
    {
        string qemuImage = Path.Combine(_dir, "qemu.img"), pcemuImage = Path.Combine(_dir, "pcemu.img");
        DiskPattern.CreateCheckImage(qemuImage);
        DiskPattern.CreateCheckImage(pcemuImage);

        QemuReference.Result qemu = QemuReference.RunKernel(
            GuestImages.Path("DiskTests"),
            extraArguments: [.. MatchingQemuDevices, "-drive", $"if=ide,file={qemuImage},format=raw"]);
        PcemuRunner.Result pcemu = RunOnPcemu(pcemuImage, "");

        Assert.True(PassExitCode == qemu.ExitCode, qemu.Serial);
        Assert.Equal(WithoutHwLines(qemu.Serial), WithoutHwLines(pcemu.Serial));
        Assert.Equal(HardwareLines.Length, HwLines(qemu.Serial).Count);
        Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
        Assert.Empty(DiskPattern.Mismatches(qemuImage, badDmaMustBeZero: false));
        Assert.Empty(DiskPattern.Mismatches(pcemuImage, badDmaMustBeZero: true));
    }

    /// <summary>Boots the disk guest with <paramref name="image"/> as primary master, like <c>pcemu run --hda</c>.</summary>
    internal static PcemuRunner.Result RunOnPcemu(string image, string commandLine, ulong maxInstructions = 2_000_000_000)
    {
        string kernel = GuestImages.Path("DiskTests");
        var serial = new CaptureSerialBackend();
        var diagnostics = new List<string>();
        using IBlockBackend disk = RawImageBackend.Open(image);
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
        {
            Com1 = serial,
            Diagnostics = diagnostics.Add,
            Hda = disk,
        });
        string name = Path.GetFileName(kernel);
        machine.BootMultiboot(File.ReadAllBytes(kernel), name, commandLine.Length == 0 ? name : name + " " + commandLine, Array.Empty<BootModule>());
        MachineResult result = machine.Run(maxInstructions);
        return new PcemuRunner.Result(result, serial.Text, diagnostics);
    }

    private static List<string> HwLines(string serial) =>
        serial.Split('\n').Where(line => line.StartsWith(HwPrefix, StringComparison.Ordinal)).ToList();

    private static string WithoutHwLines(string serial) =>
        string.Join('\n', serial.Split('\n').Where(line => !line.StartsWith(HwPrefix, StringComparison.Ordinal)));
}
