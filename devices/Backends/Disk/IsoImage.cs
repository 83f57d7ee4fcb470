namespace PcEmu.Devices.Backends.Disk;

/// <summary>ISO 9660 images for the ATAPI CD-ROM: read-only raw images of 2048-byte blocks.</summary>
public static class IsoImage
{
    public const int BlockSize = 2048;

    /// <summary>
    /// Opens <paramref name="path"/> read-only (shared with other readers). Throws
    /// <see cref="DiskImageException"/> when it is missing or not a whole number of 2048-byte blocks.
    /// </summary>
    public static RawImageBackend Open(string path)
    {
        RawImageBackend image = RawImageBackend.Open(path, readOnly: true);
        long bytes = image.SectorCount * IBlockBackend.SectorSize;
        if (bytes % BlockSize != 0)
        {
            image.Dispose();
            throw new DiskImageException($"CD image '{path}' is {bytes} bytes, not a whole number of {BlockSize}-byte blocks");
        }
        return image;
    }
}
