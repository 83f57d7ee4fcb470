using System.Text;
using PcEmu.Cli;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Machine.Tests.Support;

namespace PcEmu.Machine.Tests.Cli;

/// <summary>The disk flags of <c>pcemu run</c> (--hda, --hdb, --cdrom, --drive, --snapshot), run in-process.</summary>
public sealed class PcemuDriveOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-drive-").FullName;
    private readonly string _kernel;

    public PcemuDriveOptionTests()
    {
        _kernel = Path.Combine(_dir, "ok.elf");
        File.WriteAllBytes(_kernel, TestKernels.PrintAndExit("OK\n", 0x10));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Image(string name, int bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        PcemuInProcess.Run(["run", "--kernel", _kernel, "--memory", "16M", .. args]);

    private static void AssertOneErrorLine(string stderr, params string[] fragments)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("pcemu: ", lines[0]);
        foreach (string fragment in fragments)
            Assert.Contains(fragment, lines[0]);
    }

    [Fact]
    public void Disks_and_cdrom_attach_and_the_guest_runs()
    {
        string hda = Image("a.img", 64 * 512), hdb = Image("b.img", 8 * 512), iso = Image("c.iso", 4 * 2048);
        var (code, stdout, stderr) = Run("--hda", hda, "--hdb", hdb, "--cdrom", iso);
        Assert.Equal(0x21, code);
        Assert.Equal("OK\n", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void Drive_form_with_every_key_is_accepted()
    {
        string disk = Image("d.img", 64 * 512), iso = Image("c.iso", 2048);
        string overlay = Path.Combine(_dir, "d.overlay");
        var (code, _, stderr) = Run(
            "--drive", $"file={disk},if=ide,index=1,media=disk,format=raw,overlay={overlay}",
            "--drive", $"file={iso},media=cdrom,index=2,readonly=on");
        Assert.Equal(0x21, code);
        Assert.Empty(stderr);
        Assert.True(File.Exists(overlay));
    }

    [Fact]
    public void Missing_image_is_one_line_and_exit_two()
    {
        var (code, stdout, stderr) = Run("--hda", Path.Combine(_dir, "absent.img"));
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        AssertOneErrorLine(stderr, "--hda", "absent.img", "does not exist");
    }

    [Fact]
    public void Image_that_is_not_whole_sectors_is_refused()
    {
        string odd = Image("odd.img", 1000);
        var (code, _, stderr) = Run("--drive", $"file={odd},format=raw");
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "--drive", "1000 bytes", "512-byte sectors");
    }

    [Fact]
    public void Empty_image_and_odd_sized_iso_are_refused()
    {
        Assert.Equal(2, Run("--hdb", Image("empty.img", 0)).Code);
        var (code, _, stderr) = Run("--cdrom", Image("odd.iso", 3 * 512));
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "--cdrom", "2048-byte blocks");
    }

    [Fact]
    public void Image_held_by_another_emulator_is_refused()
    {
        string disk = Image("held.img", 64 * 512);
        using RawImageBackend other = RawImageBackend.Open(disk);
        var (code, _, stderr) = Run("--hda", disk);
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "--hda", "held.img", "another emulator");
    }

    [Fact]
    public void Read_only_and_snapshot_users_may_share_an_image_with_each_other()
    {
        string disk = Image("shared.img", 64 * 512);
        using RawImageBackend reader = RawImageBackend.Open(disk, readOnly: true);
        Assert.Equal(0x21, Run("--drive", $"file={disk},readonly=on").Code);
        Assert.Equal(0x21, Run("--hda", disk, "--snapshot").Code);
        Assert.Equal(0x21, Run("--drive", $"file={disk},snapshot=on").Code);
    }

    [Theory]
    [InlineData("file=x.img,if=scsi", "interface 'scsi'")]
    [InlineData("file=x.img,format=qcow2", "format 'qcow2'")]
    [InlineData("file=x.img,index=4", "index '4'")]
    [InlineData("file=x.img,media=floppy", "media 'floppy'")]
    [InlineData("file=x.img,readonly=maybe", "readonly='maybe'")]
    [InlineData("file=x.img,cache=none", "unknown key 'cache'")]
    [InlineData("if=ide", "no file=PATH")]
    [InlineData("file=x.img,snapshot=on,overlay=y", "not both")]
    [InlineData("file=x.iso,media=cdrom,snapshot=on", "CD-ROM is read-only")]
    public void Bad_drive_specs_are_usage_errors(string spec, string fragment)
    {
        var (code, _, stderr) = Run("--drive", spec);
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, fragment);
    }

    [Fact]
    public void Two_drives_on_one_unit_are_refused()
    {
        var (code, _, stderr) = Run("--hda", "a.img", "--drive", "file=b.img,index=0");
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "IDE unit 0");
    }

    [Fact]
    public void Unwired_unit_is_refused_with_the_reason()
    {
        string disk = Image("d.img", 64 * 512);
        var (code, _, stderr) = Run("--drive", $"file={disk},index=3");
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "secondary slave", "units 0-1");
    }

    [Fact]
    public void Drives_without_an_index_take_the_first_free_unit()
    {
        Assert.True(DriveSpec.TryParse("file=a,,b.img", out DriveSpec spec, out _));
        Assert.Equal("a,b.img", spec.File);
        DriveSpec[] drives = [new("h.img", 0, DriveMedia.Disk, Option: "--hda"), spec];
        Assert.True(DriveSpec.AssignIndexes(drives, out List<DriveSpec> assigned, out _));
        Assert.Equal([0, 1], assigned.Select(d => d.Index!.Value));
    }
}
