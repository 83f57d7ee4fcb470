using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PcEmu.Devices.Backends.Disk;

namespace Integration.Tests.Disk;

/// <summary>
/// Issue 6 acceptance, durability: <c>pcemu</c> runs the disk guest's write stream (each
/// sector written, then FLUSH CACHE, then reported on COM1) as a separate process, and the
/// test kills it with SIGKILL in mid-stream. Every sector the guest reported as flushed must
/// be in the image (or in the overlay, whose base must stay byte-for-byte the same).
/// </summary>
public sealed class DiskDurabilityTests : IDisposable
{
    private const long Window = 1024, FirstLba = 1024, ImageSectors = 4096;
    private const int KillAfterReports = 300;

    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-durability-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_sector_reported_flushed_is_in_the_image_after_a_kill()
    {
        string image = CreateImage("disk.img");

        List<(long Seq, long Lba)> reports = StreamAndKill("--hda", image);

        CheckFlushedSectors(reports, lba => DiskPattern.ReadSector(image, lba));
    }

    [Fact]
    public void With_an_overlay_the_flushed_sectors_are_in_the_overlay_and_the_base_is_untouched()
    {
        string baseImage = CreateImage("base.img");
        string overlay = Path.Combine(_dir, "disk.overlay");
        byte[] before = SHA256.HashData(File.ReadAllBytes(baseImage));

        List<(long Seq, long Lba)> reports = StreamAndKill("--drive", $"file={baseImage},if=ide,format=raw,overlay={overlay}");

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(baseImage)));
        using OverlayBackend reopened = OverlayBackend.Open(RawImageBackend.Open(baseImage, readOnly: true), overlay);
        CheckFlushedSectors(reports, lba =>
        {
            byte[] sector = new byte[DiskPattern.SectorSize];
            reopened.Read(lba, sector);
            return sector;
        });
    }

    [Fact]
    public void With_snapshot_the_image_is_untouched_and_no_overlay_file_survives_the_kill()
    {
        string image = CreateImage("disk.img");
        byte[] before = SHA256.HashData(File.ReadAllBytes(image));

        string temporary = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;

        List<(long Seq, long Lba)> reports = StreamAndKillWithTemporaryDirectory(temporary, "--hda", image, "--snapshot");

        Assert.True(reports.Count >= KillAfterReports);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
        Assert.Empty(Directory.GetFiles(temporary, "pcemu-snapshot-*")); // the overlay had no name to leave behind
    }

    private string CreateImage(string name)
    {
        string path = Path.Combine(_dir, name);
        DiskPattern.CreateImage(path, ImageSectors, [(0, ImageSectors)]);
        return path;
    }

    /// <summary>Runs the stream until at least <see cref="KillAfterReports"/> reports arrived, SIGKILLs pcemu, and returns every complete report line it wrote.</summary>
    private static List<(long Seq, long Lba)> StreamAndKill(params string[] diskArguments) => StreamAndKillWithTemporaryDirectory(null, diskArguments);

    private static List<(long Seq, long Lba)> StreamAndKillWithTemporaryDirectory(string? temporaryDirectory, params string[] diskArguments)
    {
        using Process pcemu = PcemuProcess.Start(["run", "--kernel", GuestImages.Path("DiskTests"), "--cmdline", "stream", .. diskArguments], temporaryDirectory);
        Task<string> errors = pcemu.StandardError.ReadToEndAsync();
        StringBuilder output = new();
        byte[] chunk = new byte[4096];
        Stream stdout = pcemu.StandardOutput.BaseStream;
        Stopwatch watch = Stopwatch.StartNew();
        bool killed = false;
        while (true)
        {
            int n = stdout.Read(chunk);
            if (n == 0)
                break;
            output.Append(Encoding.Latin1.GetString(chunk, 0, n));
            if (!killed && (CountLines(output) >= KillAfterReports || watch.Elapsed > TimeSpan.FromMinutes(3)))
            {
                pcemu.Kill(); // SIGKILL on Linux: no flush, no dispose, no exit handler
                killed = true;
            }
        }
        pcemu.WaitForExit();
        Assert.True(killed, "pcemu ended by itself: " + errors.Result);
        Assert.NotEqual(0x21, pcemu.ExitCode);
        string text = output.ToString();
        Assert.DoesNotContain("FAILED", text);
        List<(long Seq, long Lba)> reports = ParseReports(text);
        Assert.True(reports.Count >= KillAfterReports, $"only {reports.Count} reports before the kill; stderr: {errors.Result}");
        return reports;
    }

    private static int CountLines(StringBuilder text)
    {
        int lines = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                lines++;
        }
        return lines;
    }

    /// <summary>The complete "flushed SEQ LBA" lines (a line the kill cut short is not a report).</summary>
    private static List<(long Seq, long Lba)> ParseReports(string text)
    {
        List<(long, long)> reports = new();
        string[] lines = text.Split('\n');
        foreach (string line in lines[..^1])
        {
            string[] words = line.Split(' ');
            if (words.Length == 3 && words[0] == "flushed")
                reports.Add((long.Parse(words[1]), long.Parse(words[2])));
        }
        return reports;
    }

    /// <summary>
    /// Each sector of the window holds a write of the stream (tag = seq + 1, a whole sector of
    /// it) that is the last one reported for that sector or a later one (the guest goes on
    /// writing after its last report reached us: reports still in pcemu's serial buffer die
    /// with it); a sector never reported holds its initial tag 0 or such a later write.
    /// </summary>
    private static void CheckFlushedSectors(List<(long Seq, long Lba)> reports, Func<long, byte[]> readSector)
    {
        Dictionary<long, long> lastSeq = new();
        for (int i = 0; i < reports.Count; i++)
        {
            Assert.Equal(i, reports[i].Seq);
            Assert.Equal(FirstLba + i % Window, reports[i].Lba);
            lastSeq[reports[i].Lba] = reports[i].Seq;
        }
        for (long lba = FirstLba; lba < FirstLba + Window; lba++)
        {
            byte[] actual = readSector(lba);
            uint tag = DiskPattern.TagOf(lba, actual);
            bool whole = actual.AsSpan().SequenceEqual(DiskPattern.Sector(lba, tag));
            bool reported = lastSeq.TryGetValue(lba, out long seq);
            bool ok = whole && (tag == 0
                ? !reported
                : (tag - 1) % Window == lba - FirstLba && (!reported || tag - 1 >= seq));
            Assert.True(ok, reported
                ? $"sector {lba}: write {seq}, reported flushed, is not in the image (found {(whole ? $"write {(long)tag - 1}" : "a torn or foreign sector")})"
                : $"sector {lba} holds {(whole ? $"write {(long)tag - 1}" : "a torn or foreign sector")}, which the stream never made");
        }
    }
}
