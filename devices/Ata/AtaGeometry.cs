namespace PcEmu.Devices.Ata;

/// <summary>
/// A CHS geometry. The default geometry of a disk is the conventional translation for its
/// size: 16 heads and 63 sectors per track, with as many whole cylinders as fit (at most
/// 16383, the ATA limit), so that C*H*S never exceeds the capacity (the "truthful" geometry
/// IDENTIFY words 1, 3 and 6 report). Disks smaller than one 16x63 cylinder get fewer heads.
/// </summary>
public readonly record struct AtaGeometry(int Cylinders, int Heads, int SectorsPerTrack)
{
    public const int MaxCylinders = 16383;

    public long Capacity => (long)Cylinders * Heads * SectorsPerTrack;

    public static AtaGeometry ForSectorCount(long sectors)
    {
        if (sectors <= 0)
            throw new ArgumentOutOfRangeException(nameof(sectors));
        int spt = (int)Math.Min(63, sectors);
        int heads = (int)Math.Clamp(sectors / spt, 1, 16);
        long cylinders = Math.Min(MaxCylinders, sectors / (heads * spt));
        return new AtaGeometry((int)Math.Max(1, cylinders), heads, spt);
    }

    /// <summary>
    /// The geometry after INITIALIZE DEVICE PARAMETERS with <paramref name="heads"/> and
    /// <paramref name="sectorsPerTrack"/>: cylinders = capacity / (H*S), at most 65535.
    /// </summary>
    public static AtaGeometry Translated(long sectors, int heads, int sectorsPerTrack, long capacityLimit)
    {
        long cylinders = Math.Min(ushort.MaxValue, Math.Min(sectors, capacityLimit) / (heads * sectorsPerTrack));
        return new AtaGeometry((int)cylinders, heads, sectorsPerTrack);
    }

    /// <summary>The LBA of a CHS address, or -1 when the address lies outside this geometry (sector numbers start at 1).</summary>
    public long ToLba(int cylinder, int head, int sector)
    {
        if (sector < 1 || sector > SectorsPerTrack || head >= Heads || cylinder >= Cylinders)
            return -1;
        return ((long)cylinder * Heads + head) * SectorsPerTrack + sector - 1;
    }
}

/// <summary>The strings a drive reports in IDENTIFY: model (40 chars), serial (20), firmware revision (8).</summary>
public sealed record AtaDriveIdentity(string Model, string SerialNumber, string FirmwareRevision)
{
    public static AtaDriveIdentity DefaultDisk(int unit) => new("PCEMU HARDDISK", $"PCEMU{unit:D4}DISK", "1.0");

    public static AtaDriveIdentity DefaultCdrom(int unit) => new("PCEMU DVD-ROM", $"PCEMU{unit:D4}CDROM", "1.0");
}
