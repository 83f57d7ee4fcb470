namespace GuestOs.Tests.Disk;

/// <summary>
/// The image the host test builds and the sectors the guest writes (the host test checks the
/// file for exactly these afterwards; tests/Integration.Tests/Disk/DiskPattern.cs mirrors them).
/// The image has 2^28 + 4096 sectors (sparse on the host) so the EXT commands reach past LBA28.
/// Known contents (<see cref="Pattern"/> tag 0): sectors 0-4095 and 2^28 - 64 up to the end.
/// </summary>
internal static class Layout
{
    public const ulong Lba28Limit = 0x1000_0000;
    public const ulong DiskSectors = Lba28Limit + 4096;

    public const ulong PioWriteLba = 300;
    public const int PioWriteCount = 2;
    public const uint PioWriteTag = 1;

    public const ulong MultipleWriteLba = 320;
    public const int MultipleWriteCount = 12;
    public const uint MultipleWriteTag = 2;

    public const ulong ExtWriteLba = Lba28Limit + 100;
    public const int ExtWriteCount = 2;
    public const uint ExtWriteTag = 3;

    public const ulong MultipleExtWriteLba = Lba28Limit + 200;
    public const int MultipleExtWriteCount = 10;
    public const uint MultipleExtWriteTag = 4;

    public const ulong DmaWriteLba = 400;
    public const int DmaWriteCount = 8;
    public const uint DmaWriteTag = 5;

    public const ulong DmaExtWriteLba = Lba28Limit + 300;
    public const int DmaExtWriteCount = 16;
    public const uint DmaExtWriteTag = 6;

    /// <summary>Where the WRITE DMA from a PRD pointing at no memory goes: 8 sectors, outside the known regions.</summary>
    public const ulong BadDmaWriteLba = 5000;
}
