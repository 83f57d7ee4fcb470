using System.Buffers.Binary;

namespace Integration.Tests.Disk;

/// <summary>
/// The host side of the disk guest's image (guest-os/Tests/DiskTests/Pattern.cs and Layout.cs:
/// keep them in step). Dword i of sector lba with tag t is
/// lba * 9E3779B1h + i * 01010101h + t * 7F4A7C15h (mod 2^32).
/// </summary>
public static class DiskPattern
{
    public const int SectorSize = 512;
    public const long Lba28Limit = 0x1000_0000;

    /// <summary>2^28 + 4096 sectors: the EXT commands reach past LBA28 (the file is sparse).</summary>
    public const long CheckImageSectors = Lba28Limit + 4096;

    /// <summary>Sectors the check image holds with tag 0; everything else reads zeros.</summary>
    public static readonly (long First, long Count)[] KnownRegions = { (0, 4096), (Lba28Limit - 64, 4096 + 64) };

    /// <summary>What the guest writes: first sector, count, tag.</summary>
    public static readonly (long Lba, int Count, uint Tag)[] GuestWrites =
    {
        (300, 2, 1),                  // PIO WRITE SECTORS
        (320, 12, 2),                 // WRITE MULTIPLE
        (Lba28Limit + 100, 2, 3),     // WRITE SECTORS EXT
        (Lba28Limit + 200, 10, 4),    // WRITE MULTIPLE EXT
        (400, 8, 5),                  // WRITE DMA
        (Lba28Limit + 300, 16, 6),    // WRITE DMA EXT
    };

    /// <summary>The 8 sectors of the WRITE DMA whose PRD points at no memory (zeros in the image).</summary>
    public const long BadDmaWriteLba = 5000;

    public static uint Dword(long lba, int index, uint tag) =>
        unchecked((uint)lba * 0x9E37_79B1u + (uint)index * 0x0101_0101u + tag * 0x7F4A_7C15u);

    /// <summary>The tag whose pattern dword 0 of <paramref name="sector"/> (at <paramref name="lba"/>) would have.</summary>
    public static uint TagOf(long lba, ReadOnlySpan<byte> sector)
    {
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(sector);
        return unchecked((first - Dword(lba, 0, 0)) * TagMultiplierInverse);
    }

    /// <summary>The inverse of 7F4A7C15h modulo 2^32 (the multiplier is odd), by Newton's iteration.</summary>
    private static readonly uint TagMultiplierInverse = Inverse(0x7F4A_7C15u);

    private static uint Inverse(uint odd)
    {
        uint x = odd;
        for (int i = 0; i < 5; i++)
            x = unchecked(x * (2 - odd * x));
        return x;
    }

    public static byte[] Sector(long lba, uint tag)
    {
        byte[] sector = new byte[SectorSize];
        for (int i = 0; i < SectorSize / 4; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(i * 4), Dword(lba, i, tag));
        return sector;
    }

    /// <summary>A sparse image of <paramref name="sectors"/> sectors with tag 0 in <paramref name="regions"/>.</summary>
    public static void CreateImage(string path, long sectors, IEnumerable<(long First, long Count)> regions)
    {
        using FileStream file = new(path, FileMode.Create, FileAccess.ReadWrite);
        file.SetLength(sectors * SectorSize);
        foreach ((long first, long count) in regions)
        {
            byte[] block = new byte[count * SectorSize];
            for (long s = 0; s < count; s++)
                Sector(first + s, 0).CopyTo(block, s * SectorSize);
            RandomAccess.Write(file.SafeFileHandle, block, first * SectorSize);
        }
    }

    public static void CreateCheckImage(string path) => CreateImage(path, CheckImageSectors, KnownRegions);

    public static byte[] ReadSector(string path, long lba)
    {
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        byte[] sector = new byte[SectorSize];
        RandomAccess.Read(file.SafeFileHandle, sector, lba * SectorSize);
        return sector;
    }

    /// <summary>
    /// Lists every sector of the known regions whose content is not what the guest's run must
    /// have left (tag 0, or the tag of the write that covered it), plus bad-DMA sectors that are
    /// not zero when <paramref name="badDmaMustBeZero"/>. Empty means the image is right.
    /// </summary>
    public static List<string> Mismatches(string path, bool badDmaMustBeZero)
    {
        List<string> wrong = new();
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        byte[] actual = new byte[SectorSize];
        foreach ((long first, long count) in KnownRegions)
        {
            for (long lba = first; lba < first + count; lba++)
            {
                uint tag = ExpectedTag(lba);
                RandomAccess.Read(file.SafeFileHandle, actual, lba * SectorSize);
                if (!actual.AsSpan().SequenceEqual(Sector(lba, tag)))
                    wrong.Add($"sector {lba:x} should hold tag {tag}");
            }
        }
        if (badDmaMustBeZero)
        {
            for (long lba = BadDmaWriteLba; lba < BadDmaWriteLba + 8; lba++)
            {
                RandomAccess.Read(file.SafeFileHandle, actual, lba * SectorSize);
                if (actual.AsSpan().ContainsAnyExcept((byte)0))
                    wrong.Add($"sector {lba} was written by a DMA from no memory");
            }
        }
        return wrong;
    }

    private static uint ExpectedTag(long lba)
    {
        foreach ((long first, int count, uint tag) in GuestWrites)
        {
            if (lba >= first && lba < first + count)
                return tag;
        }
        return 0;
    }
}
