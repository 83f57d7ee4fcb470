using PcEmu.Devices.Backends.Disk;
using PcEmu.Machine;

namespace PcEmu.Cli;

/// <summary>
/// The disk images of one run, opened from their <see cref="DriveSpec"/>s with the image lock
/// held until <see cref="Dispose"/> (which flushes them). The PC wires a hard disk as primary
/// master or slave (units 0 and 1) and the CD-ROM as secondary master (unit 2), as QEMU's
/// -hda, -hdb and -cdrom do; other combinations are refused with a message.
/// </summary>
internal sealed class OpenedDrives : IDisposable
{
    private readonly List<IBlockBackend> _opened = new();

    private OpenedDrives()
    {
    }

    public IBlockBackend? Hda { get; private set; }

    public IBlockBackend? Hdb { get; private set; }

    public IBlockBackend? Cdrom { get; private set; }

    /// <summary>Opens every drive; <paramref name="snapshotAll"/> is QEMU's -snapshot. Throws <see cref="UsageException"/> with one line.</summary>
    public static OpenedDrives Open(IReadOnlyList<DriveSpec> drives, bool snapshotAll)
    {
        if (!DriveSpec.AssignIndexes(drives, out List<DriveSpec> assigned, out string error))
            throw new UsageException(error);
        OpenedDrives result = new();
        try
        {
            foreach (DriveSpec drive in assigned)
                result.Attach(drive, snapshotAll);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (IBlockBackend backend in _opened)
            backend.Dispose();
        _opened.Clear();
    }

    private void Attach(DriveSpec drive, bool snapshotAll)
    {
        int unit = drive.Index!.Value;
        bool fits = (unit, drive.Media) is (0 or 1, DriveMedia.Disk) or (2, DriveMedia.Cdrom);
        if (!fits)
        {
            string what = drive.Media == DriveMedia.Cdrom ? "a CD-ROM" : "a hard disk";
            throw new UsageException($"{drive.Option}: pcemu cannot put {what} on IDE unit {unit} ({DriveSpec.UnitName(unit)}); hard disks go on units 0-1, the CD-ROM on unit 2");
        }
        IBlockBackend backend = OpenBackend(drive, snapshotAll);
        _opened.Add(backend);
        switch (unit)
        {
            case 0:
                Hda = backend;
                break;
            case 1:
                Hdb = backend;
                break;
            default:
                Cdrom = backend;
                break;
        }
    }

    private static IBlockBackend OpenBackend(DriveSpec drive, bool snapshotAll)
    {
        try
        {
            if (drive.Media == DriveMedia.Cdrom)
                return DiskImages.OpenCdrom(drive.File);
            if (drive.Overlay is not null)
                return OpenWithOverlay(drive.File, drive.Overlay);
            if (drive.ReadOnly)
                return RawImageBackend.Open(drive.File, readOnly: true);
            return DiskImages.OpenHardDisk(drive.File, snapshot: drive.Snapshot || snapshotAll);
        }
        catch (DiskImageException e)
        {
            throw new UsageException($"{drive.Option}: {e.Message}");
        }
    }

    /// <summary>A kept overlay over a base opened read-only (so other emulators may share the base).</summary>
    private static OverlayBackend OpenWithOverlay(string basePath, string overlayPath)
    {
        RawImageBackend baseImage = RawImageBackend.Open(basePath, readOnly: true);
        try
        {
            return OverlayBackend.Open(baseImage, overlayPath);
        }
        catch
        {
            baseImage.Dispose();
            throw;
        }
    }
}
