namespace PcEmu.Devices.Backends.Disk;

/// <summary>A disk held in host memory (scratch disks, tests); its contents vanish on dispose.</summary>
public sealed class MemoryBlockBackend : IBlockBackend
{
    private readonly byte[] _data;

    public MemoryBlockBackend(long sectorCount, bool readOnly = false, string name = "memory disk")
    {
        if (sectorCount <= 0 || sectorCount > int.MaxValue / IBlockBackend.SectorSize)
            throw new ArgumentOutOfRangeException(nameof(sectorCount), "a memory disk holds 1 sector to 2 GiB");
        _data = new byte[sectorCount * IBlockBackend.SectorSize];
        IsReadOnly = readOnly;
        Name = name;
    }

    public long SectorCount => _data.Length / IBlockBackend.SectorSize;

    public bool IsReadOnly { get; }

    public string Name { get; }

    /// <summary>The whole disk, for loading or inspecting it from the host.</summary>
    public Span<byte> Data => _data;

    public void Read(long lba, Span<byte> destination)
    {
        BlockRange.Check(this, lba, destination.Length);
        _data.AsSpan((int)(lba * IBlockBackend.SectorSize), destination.Length).CopyTo(destination);
    }

    public void Write(long lba, ReadOnlySpan<byte> source)
    {
        if (IsReadOnly)
            throw new DiskImageException($"disk '{Name}' is read-only");
        BlockRange.Check(this, lba, source.Length);
        source.CopyTo(_data.AsSpan((int)(lba * IBlockBackend.SectorSize)));
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
