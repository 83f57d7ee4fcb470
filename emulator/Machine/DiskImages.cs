using PcEmu.Devices.Backends.Disk;

namespace PcEmu.Machine;

/// <summary>
/// Opens disk images for <see cref="PcMachineOptions"/> the way QEMU's <c>-hda</c>,
/// <c>-cdrom</c> and <c>-snapshot</c> do. The caller owns (and disposes) what these return.
/// </summary>
public static class DiskImages
{
    /// <summary>
    /// A hard disk image, written through; with <paramref name="snapshot"/> the image is opened
    /// read-only under a copy-on-write overlay in a temporary file that is deleted on dispose,
    /// so the guest's writes never reach the image (on Unix the file has no name from the start).
    /// </summary>
    public static IBlockBackend OpenHardDisk(string path, bool snapshot = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!snapshot)
            return RawImageBackend.Open(path);
        RawImageBackend image = RawImageBackend.Open(path, readOnly: true);
        string overlayPath = Path.Combine(Path.GetTempPath(), $"pcemu-snapshot-{Guid.NewGuid():N}.overlay");
        try
        {
            OverlayBackend overlay = OverlayBackend.Open(image, overlayPath);
            // On Unix the open handle keeps an unlinked file alive, so remove the name at once
            // (as QEMU's -snapshot does): nothing is left behind even if the process is killed.
            if (!OperatingSystem.IsWindows())
                File.Delete(overlayPath);
            return new TemporaryOverlay(overlay, overlayPath);
        }
        catch
        {
            image.Dispose();
            File.Delete(overlayPath);
            throw;
        }
    }

    /// <summary>An ISO 9660 image for the ATAPI CD-ROM (read-only).</summary>
    public static IBlockBackend OpenCdrom(string path) => IsoImage.Open(path);

    private sealed class TemporaryOverlay(OverlayBackend overlay, string path) : IBlockBackend
    {
        public long SectorCount => overlay.SectorCount;

        public bool IsReadOnly => overlay.IsReadOnly;

        public string Name => overlay.Base.Name + " (snapshot)";

        public void Read(long lba, Span<byte> destination) => overlay.Read(lba, destination);

        public void Write(long lba, ReadOnlySpan<byte> source) => overlay.Write(lba, source);

        public void Flush() => overlay.Flush();

        public void Dispose()
        {
            overlay.Dispose();
            File.Delete(path);
        }
    }
}
