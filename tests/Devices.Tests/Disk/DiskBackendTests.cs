using PcEmu.Devices.Backends.Disk;

namespace PcEmu.Devices.Tests.Disk;

public sealed class DiskBackendTests
{
    [Fact]
    public void RawImageReadsAndWritesThroughToTheFile()
    {
        using TempDirectory temp = new();
        string path = temp.File("a.img");
        DiskImages.CreatePatterned(path, 100);
        using RawImageBackend disk = RawImageBackend.Open(path);
        Assert.Equal(100, disk.SectorCount);
        Assert.False(disk.IsReadOnly);
        byte[] buffer = new byte[1024];
        disk.Read(98, buffer);
        Assert.Equal(DiskImages.Pattern(98, 2), buffer);

        disk.Write(3, DiskImages.Fill(0xAB, 1));
        Assert.Equal(DiskImages.Fill(0xAB, 1), UnlockedFile.Read(path, 3 * 512, 512)); // before any Flush
        disk.Flush();
        Assert.Throws<ArgumentOutOfRangeException>(() => disk.Read(99, buffer));
        Assert.Throws<ArgumentException>(() => disk.Read(0, new byte[100]));
    }

    [Fact]
    public void MalformedOrMissingImagesGiveAClearError()
    {
        using TempDirectory temp = new();
        string odd = temp.File("odd.img");
        File.WriteAllBytes(odd, new byte[1000]);
        DiskImageException e = Assert.Throws<DiskImageException>(() => RawImageBackend.Open(odd));
        Assert.Contains("odd.img", e.Message);
        Assert.Contains("not a whole number", e.Message);
        Assert.Equal(1000, new FileInfo(odd).Length);

        string empty = temp.File("empty.img");
        File.WriteAllBytes(empty, []);
        Assert.Contains("is empty", Assert.Throws<DiskImageException>(() => RawImageBackend.Open(empty)).Message);

        string missing = temp.File("missing.img");
        e = Assert.Throws<DiskImageException>(() => RawImageBackend.Open(missing));
        Assert.Contains("missing.img", e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void SecondWriterOnTheSameImageIsRejectedWithAClearMessage()
    {
        using TempDirectory temp = new();
        string path = temp.File("shared.img");
        DiskImages.CreatePatterned(path, 8);
        using (RawImageBackend first = RawImageBackend.Open(path))
        {
            DiskImageException e = Assert.Throws<DiskImageException>(() => RawImageBackend.Open(path));
            Assert.Contains("shared.img", e.Message);
            Assert.Contains("already open in another emulator", e.Message);
            Assert.DoesNotContain("\n", e.Message);
            Assert.Throws<DiskImageException>(() => RawImageBackend.Open(path, readOnly: true));
        }
        using RawImageBackend again = RawImageBackend.Open(path); // released on dispose
        Assert.Equal(8, again.SectorCount);
    }

    [Fact]
    public void ReadOnlyImagesShareAndRefuseWrites()
    {
        using TempDirectory temp = new();
        string path = temp.File("ro.img");
        DiskImages.CreatePatterned(path, 8);
        string before = DiskImages.Sha256(path);
        using RawImageBackend a = RawImageBackend.Open(path, readOnly: true);
        using RawImageBackend b = RawImageBackend.Open(path, readOnly: true);
        Assert.True(a.IsReadOnly);
        DiskImageException e = Assert.Throws<DiskImageException>(() => a.Write(0, new byte[512]));
        Assert.Contains("read-only", e.Message);
        Assert.Throws<DiskImageException>(() => RawImageBackend.Open(path)); // no writer while readers hold it
        a.Flush();
        Assert.Equal(before, DiskImages.Sha256(path));
    }

    [Fact]
    public void OverlayKeepsTheBaseUnchangedAndPersistsAcrossReopen()
    {
        using TempDirectory temp = new();
        string basePath = temp.File("base.img");
        string overlayPath = temp.File("base.cow");
        const long sectors = 300; // not a whole number of 128-sector clusters
        DiskImages.CreatePatterned(basePath, sectors);
        string before = DiskImages.Sha256(basePath);

        using (OverlayBackend overlay = OverlayBackend.Open(RawImageBackend.Open(basePath, readOnly: true), overlayPath))
        {
            Assert.Equal(sectors, overlay.SectorCount);
            overlay.Write(5, DiskImages.Fill(0x11, 1));
            overlay.Write(126, DiskImages.Fill(0x22, 4)); // spans two clusters
            overlay.Write(299, DiskImages.Fill(0x33, 1)); // the last, partial cluster
            overlay.Write(6, DiskImages.Fill(0x44, 1)); // a cluster already in the overlay
            byte[] all = new byte[sectors * 512];
            overlay.Read(0, all);
            byte[] expected = DiskImages.Pattern(0, (int)sectors);
            DiskImages.Fill(0x11, 1).CopyTo(expected, 5 * 512);
            DiskImages.Fill(0x44, 1).CopyTo(expected, 6 * 512);
            DiskImages.Fill(0x22, 4).CopyTo(expected, 126 * 512);
            DiskImages.Fill(0x33, 1).CopyTo(expected, 299 * 512);
            Assert.Equal(expected, all);
            overlay.Flush();
        }
        Assert.Equal(before, DiskImages.Sha256(basePath));

        using (OverlayBackend reopened = OverlayBackend.Open(RawImageBackend.Open(basePath, readOnly: true), overlayPath))
        {
            byte[] buffer = new byte[512];
            reopened.Read(127, buffer);
            Assert.Equal(DiskImages.Fill(0x22, 1), buffer);
            reopened.Read(5, buffer);
            Assert.Equal(DiskImages.Fill(0x11, 1), buffer);
            reopened.Read(7, buffer);
            Assert.Equal(DiskImages.Pattern(7, 1), buffer);
            reopened.Read(298, buffer);
            Assert.Equal(DiskImages.Pattern(298, 1), buffer);
        }
        Assert.Equal(before, DiskImages.Sha256(basePath));
    }

    [Fact]
    public void OverlayForADifferentBaseOrAForeignFileIsRejected()
    {
        using TempDirectory temp = new();
        string small = temp.File("small.img"), big = temp.File("big.img"), cow = temp.File("x.cow"), junk = temp.File("junk.cow");
        DiskImages.CreatePatterned(small, 10);
        DiskImages.CreatePatterned(big, 20);
        OverlayBackend.Open(RawImageBackend.Open(small, readOnly: true), cow).Dispose();
        RawImageBackend bigBase = RawImageBackend.Open(big, readOnly: true);
        DiskImageException e = Assert.Throws<DiskImageException>(() => OverlayBackend.Open(bigBase, cow));
        Assert.Contains("x.cow", e.Message);
        File.WriteAllBytes(junk, new byte[8192]);
        e = Assert.Throws<DiskImageException>(() => OverlayBackend.Open(bigBase, junk));
        Assert.Contains("not a PCEMUCOW overlay", e.Message);
        bigBase.Dispose();
    }
}
