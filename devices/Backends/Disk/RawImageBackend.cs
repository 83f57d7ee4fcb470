namespace PcEmu.Devices.Backends.Disk;

/// <summary>
/// A raw disk image file (QEMU's <c>format=raw</c>): sector N is at byte offset N * 512.
/// <para>
/// Writes are unbuffered (no user-space cache), so a completed <see cref="Write"/> is in the
/// host's page cache and survives a crash of this process; <see cref="Flush"/> fsyncs.
/// </para>
/// <para>
/// Locking: a writable image is opened with <see cref="FileShare.None"/>, which .NET turns
/// into an exclusive advisory lock (flock LOCK_EX on Linux, a sharing lock on Windows); a
/// read-only image is opened with <see cref="FileShare.Read"/> (a shared lock). So two
/// emulators can never hold the same image for writing, nor read one that another writes,
/// while any number can share a read-only base (for example under overlays).
/// </para>
/// </summary>
public sealed class RawImageBackend : IBlockBackend
{
    private readonly FileStream _file;
    private bool _disposed;

    private RawImageBackend(FileStream file, string path, long sectorCount, bool readOnly)
    {
        _file = file;
        Name = path;
        SectorCount = sectorCount;
        IsReadOnly = readOnly;
    }

    public long SectorCount { get; }

    public bool IsReadOnly { get; }

    public string Name { get; }

    /// <summary>
    /// Opens an existing image. Throws <see cref="DiskImageException"/> when the file is
    /// missing, empty, not a whole number of sectors, or locked by another user.
    /// </summary>
    public static RawImageBackend Open(string path, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file = OpenLocked(path, readOnly);
        long length = file.Length;
        string? problem = length == 0 ? "is empty"
            : length % IBlockBackend.SectorSize != 0 ? $"is {length} bytes, not a whole number of {IBlockBackend.SectorSize}-byte sectors"
            : null;
        if (problem is not null)
        {
            file.Dispose();
            throw new DiskImageException($"disk image '{path}' {problem}");
        }
        return new RawImageBackend(file, path, length / IBlockBackend.SectorSize, readOnly);
    }

    /// <summary>Opens <paramref name="path"/> with the image lock; shared by the other file back ends.</summary>
    internal static FileStream OpenLocked(string path, bool readOnly, FileMode mode = FileMode.Open)
    {
        if (mode == FileMode.Open && !File.Exists(path))
            throw new DiskImageException($"disk image '{path}' does not exist");
        try
        {
            return new FileStream(
                path,
                mode,
                readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                readOnly ? FileShare.Read : FileShare.None,
                bufferSize: 0,
                FileOptions.RandomAccess);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DiskImageException($"disk image '{path}' cannot be opened {(readOnly ? "for reading" : "for writing")}: permission denied", e);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            string use = readOnly ? "is locked for writing by another emulator" : "is already open in another emulator";
            throw new DiskImageException($"disk image '{path}' {use}; close that one, or open this image read-only (with an overlay)", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DiskImageException($"disk image '{path}' does not exist", e);
        }
    }

    public void Read(long lba, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BlockRange.Check(this, lba, destination.Length);
        ReadExactly(_file, lba * IBlockBackend.SectorSize, destination, Name);
    }

    public void Write(long lba, ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
            throw new DiskImageException($"disk image '{Name}' is read-only");
        BlockRange.Check(this, lba, source.Length);
        RandomAccess.Write(_file.SafeFileHandle, source, lba * IBlockBackend.SectorSize);
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsReadOnly)
            _file.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        if (!IsReadOnly)
            _file.Flush(flushToDisk: true);
        _file.Dispose();
        _disposed = true;
    }

    /// <summary>Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/>; a short file is an error.</summary>
    internal static void ReadExactly(FileStream file, long offset, Span<byte> destination, string name)
    {
        while (!destination.IsEmpty)
        {
            int n = RandomAccess.Read(file.SafeFileHandle, destination, offset);
            if (n == 0)
                throw new DiskImageException($"disk image '{name}' ended early at byte {offset} (was it truncated by another program?)");
            destination = destination[n..];
            offset += n;
        }
    }
}
