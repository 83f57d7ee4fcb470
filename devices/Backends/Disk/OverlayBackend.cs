using System.Buffers.Binary;

namespace PcEmu.Devices.Backends.Disk;

/// <summary>
/// A copy-on-write overlay over a base image (like a QEMU snapshot overlay): reads come from
/// the overlay where the guest has written and from the base elsewhere; writes only ever go
/// to the overlay file, so the base stays byte-for-byte unchanged. Reopening the overlay on
/// the same base gives back everything written before.
/// <para>
/// Overlay file format (little-endian), version 1:
/// <code>
///   0  "PCEMUCOW"            magic
///   8  u32 version (1)
///  12  u32 cluster size in bytes (65536)
///  16  u64 base sector count (must match the base on reopen)
///  24  u32 map entries (clusters covering the base)
///  28  u32 map offset (512)
///  32  u32 data offset (map end rounded up to 4096)
/// 512  u32 map[entries]: 0 = cluster not in the overlay, k = data at dataOffset + (k-1) * clusterSize
/// </code>
/// The first write to a cluster copies the base's cluster into a new overlay cluster, applies
/// the write, and only then records the cluster in the map, so a crash leaves at worst an
/// unreferenced cluster, never a map entry pointing at garbage.
/// </para>
/// </summary>
public sealed class OverlayBackend : IBlockBackend
{
    public const int ClusterSize = 64 * 1024;
    private const int SectorsPerCluster = ClusterSize / IBlockBackend.SectorSize;
    private const int HeaderSize = 512;
    private const uint FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "PCEMUCOW"u8;

    private readonly IBlockBackend _base;
    private readonly FileStream _overlay;
    private readonly uint[] _map;
    private readonly long _dataOffset;
    private readonly byte[] _cluster = new byte[ClusterSize];
    private uint _nextSlot;
    private bool _disposed;

    private OverlayBackend(IBlockBackend baseImage, FileStream overlay, string path, uint[] map, long dataOffset)
    {
        _base = baseImage;
        _overlay = overlay;
        _map = map;
        _dataOffset = dataOffset;
        Name = path;
        uint max = 0;
        foreach (uint slot in map)
            max = Math.Max(max, slot);
        _nextSlot = max + 1;
    }

    public long SectorCount => _base.SectorCount;

    public bool IsReadOnly => false;

    public string Name { get; }

    /// <summary>The image below the overlay (opened read-only by the caller, disposed with the overlay).</summary>
    public IBlockBackend Base => _base;

    /// <summary>
    /// Opens <paramref name="overlayPath"/> over <paramref name="baseImage"/>, creating an empty
    /// overlay when the file does not exist. The overlay takes ownership of the base.
    /// </summary>
    public static OverlayBackend Open(IBlockBackend baseImage, string overlayPath)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        ArgumentException.ThrowIfNullOrEmpty(overlayPath);
        bool exists = File.Exists(overlayPath) && new FileInfo(overlayPath).Length > 0;
        FileStream file = RawImageBackend.OpenLocked(overlayPath, readOnly: false, FileMode.OpenOrCreate);
        try
        {
            uint entries = (uint)((baseImage.SectorCount + SectorsPerCluster - 1) / SectorsPerCluster);
            long dataOffset = AlignUp(HeaderSize + (long)entries * 4, 4096);
            uint[] map = new uint[entries];
            if (exists)
                LoadHeaderAndMap(file, overlayPath, baseImage, map, dataOffset);
            else
                CreateEmpty(file, baseImage, entries, dataOffset);
            return new OverlayBackend(baseImage, file, overlayPath, map, dataOffset);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Read(long lba, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BlockRange.Check(this, lba, destination.Length);
        while (!destination.IsEmpty)
        {
            (long cluster, int first, int count) = Piece(lba, destination.Length);
            Span<byte> part = destination[..(count * IBlockBackend.SectorSize)];
            uint slot = _map[cluster];
            if (slot == 0)
                _base.Read(lba, part);
            else
                RawImageBackend.ReadExactly(_overlay, SlotOffset(slot) + (long)first * IBlockBackend.SectorSize, part, Name);
            destination = destination[part.Length..];
            lba += count;
        }
    }

    public void Write(long lba, ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BlockRange.Check(this, lba, source.Length);
        while (!source.IsEmpty)
        {
            (long cluster, int first, int count) = Piece(lba, source.Length);
            ReadOnlySpan<byte> part = source[..(count * IBlockBackend.SectorSize)];
            uint slot = _map[cluster];
            if (slot != 0)
                RandomAccess.Write(_overlay.SafeFileHandle, part, SlotOffset(slot) + (long)first * IBlockBackend.SectorSize);
            else
                CopyOnWrite(cluster, first, part);
            source = source[part.Length..];
            lba += count;
        }
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _overlay.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _overlay.Flush(flushToDisk: true);
        _overlay.Dispose();
        _base.Dispose();
        _disposed = true;
    }

    private void CopyOnWrite(long cluster, int first, ReadOnlySpan<byte> part)
    {
        long clusterLba = cluster * SectorsPerCluster;
        int valid = (int)Math.Min(SectorsPerCluster, _base.SectorCount - clusterLba);
        Array.Clear(_cluster);
        if (part.Length < valid * IBlockBackend.SectorSize)
            _base.Read(clusterLba, _cluster.AsSpan(0, valid * IBlockBackend.SectorSize));
        part.CopyTo(_cluster.AsSpan(first * IBlockBackend.SectorSize));
        uint slot = _nextSlot++;
        RandomAccess.Write(_overlay.SafeFileHandle, _cluster, SlotOffset(slot));
        Span<byte> entry = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, slot);
        RandomAccess.Write(_overlay.SafeFileHandle, entry, HeaderSize + cluster * 4);
        _map[cluster] = slot;
    }

    /// <summary>The part of a request that lies in one cluster: the cluster, the first sector in it, and how many sectors.</summary>
    private static (long Cluster, int First, int Count) Piece(long lba, int bytes)
    {
        long cluster = lba / SectorsPerCluster;
        int first = (int)(lba % SectorsPerCluster);
        int count = Math.Min(SectorsPerCluster - first, bytes / IBlockBackend.SectorSize);
        return (cluster, first, count);
    }

    private long SlotOffset(uint slot) => _dataOffset + (long)(slot - 1) * ClusterSize;

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static void CreateEmpty(FileStream file, IBlockBackend baseImage, uint entries, long dataOffset)
    {
        byte[] header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), ClusterSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), (ulong)baseImage.SectorCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), entries);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32), (uint)dataOffset);
        file.SetLength(dataOffset);
        RandomAccess.Write(file.SafeFileHandle, header, 0);
        file.Flush(flushToDisk: true);
    }

    private static void LoadHeaderAndMap(FileStream file, string path, IBlockBackend baseImage, uint[] map, long dataOffset)
    {
        if (file.Length < dataOffset)
            throw new DiskImageException($"overlay '{path}' is truncated or is not an overlay of '{baseImage.Name}'");
        byte[] header = new byte[HeaderSize];
        RawImageBackend.ReadExactly(file, 0, header, path);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new DiskImageException($"overlay '{path}' is not a PCEMUCOW overlay file");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        uint clusterSize = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        ulong baseSectors = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(16));
        uint entries = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24));
        uint mapOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(28));
        uint storedDataOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(32));
        if (version != FormatVersion || clusterSize != ClusterSize || mapOffset != HeaderSize || storedDataOffset != dataOffset)
            throw new DiskImageException($"overlay '{path}' has an unsupported layout (version {version}, cluster size {clusterSize})");
        if (baseSectors != (ulong)baseImage.SectorCount || entries != map.Length)
            throw new DiskImageException($"overlay '{path}' was made for a base of {baseSectors} sectors, but '{baseImage.Name}' has {baseImage.SectorCount}");
        byte[] raw = new byte[map.Length * 4];
        RawImageBackend.ReadExactly(file, HeaderSize, raw, path);
        long slots = (file.Length - dataOffset) / ClusterSize;
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4));
            if (map[i] > slots)
                throw new DiskImageException($"overlay '{path}' is corrupt: cluster {i} points past the end of the file");
        }
    }
}
