namespace PcEmu.Devices.Backends.Disk;

/// <summary>
/// The host side of a disk: an array of 512-byte sectors (QEMU calls it a block driver).
/// The disk controller checks every guest-supplied address against <see cref="SectorCount"/>
/// before it calls <see cref="Read"/> or <see cref="Write"/>; a back end still rejects an
/// out-of-range or misaligned request with an exception rather than touching anything.
/// <para>
/// Durability contract: when <see cref="Write"/> returns, the data has reached the host file
/// (the operating system holds it even if this process is killed); when <see cref="Flush"/>
/// returns, it has been asked to reach stable storage (fsync). <see cref="IDisposable.Dispose"/>
/// flushes and releases the image lock.
/// </para>
/// </summary>
public interface IBlockBackend : IDisposable
{
    /// <summary>Bytes per sector; every back end uses 512.</summary>
    const int SectorSize = 512;

    /// <summary>Number of 512-byte sectors.</summary>
    long SectorCount { get; }

    /// <summary>True when <see cref="Write"/> always fails (the guest sees a write-protected disk).</summary>
    bool IsReadOnly { get; }

    /// <summary>What the back end reads, for messages (usually the image path).</summary>
    string Name { get; }

    /// <summary>Reads <c>destination.Length / 512</c> sectors starting at <paramref name="lba"/>.</summary>
    void Read(long lba, Span<byte> destination);

    /// <summary>Writes <c>source.Length / 512</c> sectors starting at <paramref name="lba"/>.</summary>
    void Write(long lba, ReadOnlySpan<byte> source);

    /// <summary>Pushes every completed write to stable storage.</summary>
    void Flush();
}

/// <summary>Argument checks shared by the back ends.</summary>
internal static class BlockRange
{
    public static void Check(IBlockBackend backend, long lba, int byteCount)
    {
        if (byteCount % IBlockBackend.SectorSize != 0)
            throw new ArgumentException($"transfer of {byteCount} bytes is not a whole number of sectors", nameof(byteCount));
        long sectors = byteCount / IBlockBackend.SectorSize;
        if (lba < 0 || lba > backend.SectorCount || sectors > backend.SectorCount - lba)
            throw new ArgumentOutOfRangeException(nameof(lba), $"sectors {lba}+{sectors} lie outside '{backend.Name}' ({backend.SectorCount} sectors)");
    }
}
