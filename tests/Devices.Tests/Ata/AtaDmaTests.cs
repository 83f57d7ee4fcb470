using PcEmu.Devices.Ata;
using PcEmu.Devices.Tests.Disk;

namespace PcEmu.Devices.Tests.Ata;

public sealed class AtaDmaTests
{
    private const AtaStatus ReadyDsc = AtaStatus.Ready | AtaStatus.SeekComplete;
    private const uint Table = 0x10000;

    private static void Prd(AtaFixture f, int index, uint address, int bytes, bool last)
    {
        uint entry = Table + (uint)index * 8;
        f.Memory.Write32(entry, address);
        f.Memory.Write16(entry + 4, (ushort)bytes);
        f.Memory.Write16(entry + 6, (ushort)(last ? 0x8000 : 0));
    }

    private static void Start(AtaFixture f, bool toMemory)
    {
        f.Out32(AtaFixture.BmPrd, Table);
        f.Out(AtaFixture.BmStatus, 0x06); // clear Error and Interrupt
        f.Out(AtaFixture.BmCommand, (byte)(toMemory ? 0x09 : 0x01));
    }

    [Fact]
    public void ReadDmaScattersSectorsThroughThePrdTable()
    {
        using AtaFixture f = new();
        // 3 sectors into three pieces, one of them splitting a sector: 700 + 300 + 536 bytes
        Prd(f, 0, 0x20000, 700, last: false);
        Prd(f, 1, 0x30000, 300, last: false);
        Prd(f, 2, 0x40000, 536, last: true);
        f.IssueLba28(AtaCommand.ReadDma, 50, 3);
        Assert.False(f.Irq14.Level); // waits for the bus master
        Start(f, toMemory: true);

        Assert.True(f.Irq14.Level);
        Assert.Equal(BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus)); // Active cleared: EOT used up
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        byte[] expected = DiskImages.Pattern(50, 3);
        Assert.Equal(expected[..700], f.Memory.Ram.Slice(0x20000, 700).ToArray());
        Assert.Equal(expected[700..1000], f.Memory.Ram.Slice(0x30000, 300).ToArray());
        Assert.Equal(expected[1000..], f.Memory.Ram.Slice(0x40000, 536).ToArray());
        Assert.Equal(0, f.Memory.Ram[0x40000 + 536]);
    }

    [Fact]
    public void StartBeforeTheCommandAlsoWorksAndALongerPrdLeavesActiveSet()
    {
        using AtaFixture f = new();
        Prd(f, 0, 0x20000, 0, last: true); // 0 means 64 KiB
        Start(f, toMemory: true);
        Assert.Equal(BusMasterStatus.Active, (BusMasterStatus)f.In(AtaFixture.BmStatus));
        f.Out(AtaFixture.Device, 0x40);
        f.IssueLba48(AtaCommand.ReadDmaExt, 2000, 4);
        Assert.True(f.Irq14.Level);
        Assert.Equal(BusMasterStatus.Active | BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
        Assert.Equal(DiskImages.Pattern(2000, 4), f.Memory.Ram.Slice(0x20000, 2048).ToArray());
        f.Out(AtaFixture.BmCommand, 0x00);
        Assert.Equal(BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
    }

    [Fact]
    public void WriteDmaGathersFromMemoryIntoTheImageFile()
    {
        using AtaFixture f = new();
        byte[] data = new byte[4 * 512];
        new Random(1).NextBytes(data);
        data.AsSpan(0, 1000).CopyTo(f.Memory.Ram.Slice(0x50000));
        data.AsSpan(1000).CopyTo(f.Memory.Ram.Slice(0x60000));
        Prd(f, 0, 0x50000, 1000, last: false);
        Prd(f, 1, 0x60000, 1048, last: true);
        f.IssueLba28(AtaCommand.WriteDma, 77, 4);
        Start(f, toMemory: false);
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(data, f.FileSectors(77, 4));
        Assert.Equal(DiskImages.Pattern(81, 1), f.FileSectors(81, 1));

        f.IssueLba48(AtaCommand.WriteDmaExt, 3000, 1);
        Prd(f, 0, 0x50000, 512, last: true);
        f.Out(AtaFixture.BmCommand, 0x00);
        Start(f, toMemory: false);
        Assert.Equal(data[..512], f.FileSectors(3000, 1));
    }

    [Fact]
    public void PrdCrossingOutOfRamIsABusMasterErrorNotAHostException()
    {
        using AtaFixture f = new();
        string before = DiskImages.Sha256(f.ImagePath);
        Prd(f, 0, 0x20000, 512, last: false);
        Prd(f, 1, (uint)f.Memory.RamSize - 256, 1024, last: true); // runs 768 bytes past the end of RAM
        f.IssueLba28(AtaCommand.ReadDma, 0, 3);
        Start(f, toMemory: true);
        BusMasterStatus bm = (BusMasterStatus)f.In(AtaFixture.BmStatus);
        Assert.Equal(BusMasterStatus.Error | BusMasterStatus.Interrupt, bm);
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.Error, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));

        // a write from an address far outside RAM, and a table outside RAM
        Prd(f, 0, 0xFFFF_F000, 512, last: true);
        f.Out(AtaFixture.BmCommand, 0x00);
        f.IssueLba28(AtaCommand.WriteDma, 0, 1);
        Start(f, toMemory: false);
        Assert.Equal(BusMasterStatus.Error | BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
        f.Out(AtaFixture.BmCommand, 0x00);
        f.IssueLba28(AtaCommand.WriteDma, 0, 1);
        f.Out32(AtaFixture.BmPrd, 0xFFFF_FFF8);
        f.Out(AtaFixture.BmStatus, 0x06);
        f.Out(AtaFixture.BmCommand, 0x01);
        Assert.Equal(BusMasterStatus.Error | BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
        Assert.Equal(before, DiskImages.Sha256(f.ImagePath));

        // the drive still works afterwards
        f.Out(AtaFixture.BmCommand, 0x00);
        Prd(f, 0, 0x20000, 512, last: true);
        f.IssueLba28(AtaCommand.ReadDma, 9, 1);
        Start(f, toMemory: true);
        Assert.Equal(DiskImages.Pattern(9, 1), f.Memory.Ram.Slice(0x20000, 512).ToArray());
    }

    [Fact]
    public void PrdTableShorterThanTheTransferStopsWithoutAnInterrupt()
    {
        using AtaFixture f = new();
        Prd(f, 0, 0x20000, 512, last: true);
        f.IssueLba28(AtaCommand.ReadDma, 0, 2);
        Start(f, toMemory: true);
        Assert.Equal(BusMasterStatus.None, (BusMasterStatus)f.In(AtaFixture.BmStatus));
        Assert.False(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, f.AltStatusValue);
        f.Out(AtaFixture.DeviceControl, 0x04);
        f.Out(AtaFixture.DeviceControl, 0x00);
        Assert.Equal(ReadyDsc, f.AltStatusValue);
    }

    [Fact]
    public void BusMasterRegistersReadBackAndClearOnWriteOne()
    {
        using AtaFixture f = new();
        f.Out32(AtaFixture.BmPrd, 0x12345677);
        Assert.Equal(0x12345674u, f.In32(AtaFixture.BmPrd));
        f.Out(AtaFixture.BmStatus, 0x60);
        Assert.Equal(0x60, f.In(AtaFixture.BmStatus));
        f.Out32(AtaFixture.BusMasterBase + 12, 0x1000);
        Assert.Equal(0x1000u, f.In32(AtaFixture.BusMasterBase + 12));
        Assert.Equal(0x12345674u, f.In32(AtaFixture.BmPrd));
    }
}
