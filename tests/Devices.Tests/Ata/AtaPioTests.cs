using System.Buffers.Binary;
using System.Text;
using PcEmu.Devices.Ata;
using PcEmu.Devices.Tests.Disk;

namespace PcEmu.Devices.Tests.Ata;

public sealed class AtaPioTests
{
    private const AtaStatus ReadyDsc = AtaStatus.Ready | AtaStatus.SeekComplete;

    private static string AtaString(byte[] identify, int firstWord, int words)
    {
        StringBuilder text = new();
        for (int w = firstWord; w < firstWord + words; w++)
        {
            ushort value = BinaryPrimitives.ReadUInt16LittleEndian(identify.AsSpan(w * 2));
            text.Append((char)(value >> 8)).Append((char)(value & 0xFF));
        }
        return text.ToString();
    }

    private static ushort Word(byte[] identify, int word) => BinaryPrimitives.ReadUInt16LittleEndian(identify.AsSpan(word * 2));

    [Fact]
    public void IdentifyDeviceReportsGeometryCapacityAndByteSwappedStrings()
    {
        using AtaFixture f = new(sectors: 20160 + 5); // 20 cylinders of 16 x 63, plus 5 spare sectors
        f.Out(AtaFixture.Device, 0xA0);
        f.Out(AtaFixture.Command, (byte)AtaCommand.IdentifyDevice);
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        Assert.False(f.Irq14.Level);
        byte[] id = f.ReadData(512);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));

        Assert.Equal(0x0040, Word(id, 0));
        Assert.Equal(20, Word(id, 1));
        Assert.Equal(16, Word(id, 3));
        Assert.Equal(63, Word(id, 6));
        Assert.Equal("PCEMU HARDDISK".PadRight(40), AtaString(id, 27, 20));
        Assert.Equal("PCEMU0000DISK".PadRight(20), AtaString(id, 10, 10));
        Assert.Equal("1.0".PadRight(8), AtaString(id, 23, 4));
        Assert.Equal((byte)'C', id[54]); // "PC" is stored high byte first: 'C' then 'P'
        Assert.Equal((byte)'P', id[55]);
        Assert.Equal(0x8010, Word(id, 47)); // READ/WRITE MULTIPLE up to 16 sectors
        Assert.Equal(0x0300, Word(id, 49) & 0x0300); // LBA and DMA
        Assert.Equal(0x0007, Word(id, 63) & 0x0007); // multiword DMA 0-2
        Assert.Equal(20165u, Word(id, 60) | (uint)Word(id, 61) << 16);
        Assert.Equal(20165UL, Word(id, 100) | (ulong)Word(id, 101) << 16 | (ulong)Word(id, 102) << 32 | (ulong)Word(id, 103) << 48);
        Assert.Equal(0x0400, Word(id, 83) & 0x0400); // 48-bit address feature set
        Assert.Equal(0x3000, Word(id, 83) & 0x3000); // FLUSH CACHE and FLUSH CACHE EXT
        Assert.Equal(20 * 16 * 63u, Word(id, 57) | (uint)Word(id, 58) << 16);
        Assert.Equal(0xA5, id[510]);
        Assert.Equal(0, id.Aggregate(0, (sum, b) => (sum + b) & 0xFF)); // checksum
    }

    [Fact]
    public void ReadSectorsReturnsTheImageBytesWithAnInterruptPerSector()
    {
        using AtaFixture f = new();
        f.IssueLba28(AtaCommand.ReadSectors, 100, 3);
        for (int s = 0; s < 3; s++)
        {
            Assert.True(f.Irq14.Level);
            Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
            Assert.False(f.Irq14.Level);
            Assert.Equal(DiskImages.Pattern(100 + s, 1), f.ReadData(512));
        }
        Assert.Equal(ReadyDsc, f.AltStatusValue);
        Assert.Equal(3, f.Irq14.RisingEdges);
    }

    [Fact]
    public void ThirtyTwoBitDataAccessesMoveTwoWords()
    {
        using AtaFixture f = new();
        f.IssueLba28(AtaCommand.ReadSectors, 7, 1);
        byte[] data = new byte[512];
        for (int i = 0; i < 512; i += 4)
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i), f.In32(AtaFixture.Data));
        Assert.Equal(DiskImages.Pattern(7, 1), data);

        f.IssueLba28(AtaCommand.WriteSectors, 8, 1);
        for (int i = 0; i < 512; i += 4)
            f.Out32(AtaFixture.Data, 0xDEADBEEF);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(new byte[] { 0xEF, 0xBE, 0xAD, 0xDE }, f.FileSectors(8, 1)[..4]);
    }

    [Fact]
    public void WriteSectorsReachTheImageFile()
    {
        using AtaFixture f = new();
        byte[] data = DiskImages.Fill(0x5A, 2);
        data[0] = 1;
        data[1023] = 2;
        f.IssueLba28(AtaCommand.WriteSectors, 300, 2);
        Assert.False(f.Irq14.Level); // the first block is requested without an interrupt
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, f.AltStatusValue);
        f.WriteData(data.AsSpan(0, 512));
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        f.WriteData(data.AsSpan(512));
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(data, f.FileSectors(300, 2));
        Assert.Equal(DiskImages.Pattern(299, 1), f.FileSectors(299, 1));
        Assert.Equal(DiskImages.Pattern(302, 1), f.FileSectors(302, 1));
    }

    [Fact]
    public void ReadMultipleTransfersBlocksOfTheMultipleCount()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.SectorCount, 0);
        f.IssueLba28(AtaCommand.ReadMultiple, 10, 4);
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error)); // multiple mode is off at power-on

        f.Out(AtaFixture.SectorCount, 4);
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetMultipleMode);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));

        int edges = f.Irq14.RisingEdges;
        f.IssueLba28(AtaCommand.ReadMultiple, 10, 6); // a block of 4 then a block of 2
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(DiskImages.Pattern(10, 4), f.ReadData(4 * 512));
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(DiskImages.Pattern(14, 2), f.ReadData(2 * 512));
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(edges + 2, f.Irq14.RisingEdges);

        f.Out(AtaFixture.SectorCount, 3); // not a power of two
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetMultipleMode);
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
    }

    [Fact]
    public void WriteMultipleWritesWholeBlocks()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.SectorCount, 2);
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetMultipleMode);
        byte[] data = DiskImages.Fill(0x33, 3);
        f.IssueLba28(AtaCommand.WriteMultiple, 40, 3);
        f.WriteData(data.AsSpan(0, 1024));
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        f.WriteData(data.AsSpan(1024));
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(data, f.FileSectors(40, 3));
    }

    [Fact]
    public void Lba48CommandsTakeTheHighBytesFromTheRegisterFifo()
    {
        using AtaFixture f = new(sectors: 0x1_0010);
        // LBA 0x10005 needs bit 16 from LbaHigh; put 0x00 in the previous bytes (a 48-bit address below 2^24 is legal)
        f.IssueLba48(AtaCommand.ReadSectorsExt, 0x1_0005, 2);
        Assert.Equal(DiskImages.Pattern(0x1_0005, 1), f.ReadData(512));
        Assert.Equal(DiskImages.Pattern(0x1_0006, 1), f.ReadData(512));

        // HOB reads back the previous bytes
        f.Out(AtaFixture.SectorCount, 0x12);
        f.Out(AtaFixture.SectorCount, 0x34);
        f.Out(AtaFixture.LbaLow, 0x56);
        f.Out(AtaFixture.LbaLow, 0x78);
        Assert.Equal(0x34, f.In(AtaFixture.SectorCount));
        Assert.Equal(0x78, f.In(AtaFixture.LbaLow));
        f.Out(AtaFixture.DeviceControl, 0x80);
        Assert.Equal(0x12, f.In(AtaFixture.SectorCount));
        Assert.Equal(0x56, f.In(AtaFixture.LbaLow));
        f.Out(AtaFixture.LbaMid, 0); // any command block write clears HOB
        Assert.Equal(0x78, f.In(AtaFixture.LbaLow));

        // an address above 2^32 is out of range with IDNF
        f.IssueLba48(AtaCommand.ReadSectorsExt, 0x1_0000_0000, 1);
        Assert.Equal(ReadyDsc | AtaStatus.Error, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(AtaError.IdNotFound, (AtaError)f.In(AtaFixture.Error));
    }

    [Fact]
    public void WriteSectorsExtWithCount256UsesTheHighCountByte()
    {
        using AtaFixture f = new();
        f.IssueLba48(AtaCommand.WriteSectorsExt, 1000, 0x100);
        byte[] data = DiskImages.Fill(0xC3, 256);
        f.WriteData(data);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(data, f.FileSectors(1000, 256));
        Assert.Equal(DiskImages.Pattern(1256, 1), f.FileSectors(1256, 1));
    }

    [Fact]
    public void ChsAddressingUsesTheDefaultAndTheInitializedGeometry()
    {
        using AtaFixture f = new(sectors: 16 * 63 * 4);
        // C=1 H=2 S=3 in the default 16x63 geometry: LBA (1*16+2)*63+2 = 1136
        f.Out(AtaFixture.Device, 0xA2);
        f.Out(AtaFixture.SectorCount, 1);
        f.Out(AtaFixture.LbaLow, 3);
        f.Out(AtaFixture.LbaMid, 1);
        f.Out(AtaFixture.LbaHigh, 0);
        f.Out(AtaFixture.Command, (byte)AtaCommand.ReadSectors);
        Assert.Equal(DiskImages.Pattern(1136, 1), f.ReadData(512));

        // INITIALIZE DEVICE PARAMETERS: 4 heads, 17 sectors per track; C=2 H=1 S=5 is LBA (2*4+1)*17+4 = 157
        f.Out(AtaFixture.Device, 0xA3);
        f.Out(AtaFixture.SectorCount, 17);
        f.Out(AtaFixture.Command, (byte)AtaCommand.InitializeDeviceParameters);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        f.Out(AtaFixture.Device, 0xA1);
        f.Out(AtaFixture.SectorCount, 1);
        f.Out(AtaFixture.LbaLow, 5);
        f.Out(AtaFixture.LbaMid, 2);
        f.Out(AtaFixture.Command, (byte)AtaCommand.ReadSectors);
        Assert.Equal(DiskImages.Pattern(157, 1), f.ReadData(512));

        // sector 0 does not exist in CHS
        f.Out(AtaFixture.LbaLow, 0);
        f.Out(AtaFixture.Command, (byte)AtaCommand.ReadSectors);
        Assert.Equal(AtaError.IdNotFound, (AtaError)f.In(AtaFixture.Error));
    }

    [Fact]
    public void OutOfRangeLbaEndsWithIdnfAndErr()
    {
        using AtaFixture f = new(sectors: 4096);
        f.IssueLba28(AtaCommand.ReadSectors, 4095, 2); // the second sector is past the end
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.Error, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(AtaError.IdNotFound, (AtaError)f.In(AtaFixture.Error));

        f.IssueLba28(AtaCommand.ReadVerifySectors, 5000, 1);
        Assert.Equal(AtaError.IdNotFound, (AtaError)f.In(AtaFixture.Error));
        f.IssueLba28(AtaCommand.ReadVerifySectors, 4000, 96);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
    }

    [Fact]
    public void UnknownCommandsAndNopAbort()
    {
        using AtaFixture f = new();
        foreach (byte command in new byte[] { 0x00, 0x57, 0xA0, 0xA1, 0xFF })
        {
            f.Out(AtaFixture.Command, command);
            Assert.Equal(ReadyDsc | AtaStatus.Error, (AtaStatus)f.In(AtaFixture.Status));
            Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
        }
        f.Out(AtaFixture.Features, 0x99);
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetFeatures);
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
    }

    [Fact]
    public void SetFeaturesSelectsTransferModeAndWriteCache()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.Features, (byte)AtaFeature.SetTransferMode);
        f.Out(AtaFixture.SectorCount, 0x22); // multiword DMA mode 2
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetFeatures);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        f.Out(AtaFixture.Features, (byte)AtaFeature.DisableWriteCache);
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetFeatures);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));

        f.Out(AtaFixture.Command, (byte)AtaCommand.IdentifyDevice);
        byte[] id = f.ReadData(512);
        Assert.Equal(0x0407, Word(id, 63));
        Assert.Equal(0, Word(id, 85) & 0x0020);

        f.Out(AtaFixture.Features, (byte)AtaFeature.SetTransferMode);
        f.Out(AtaFixture.SectorCount, 0x47); // Ultra DMA mode 7 does not exist
        f.Out(AtaFixture.Command, (byte)AtaCommand.SetFeatures);
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
    }

    [Fact]
    public void FlushCacheCompletesAndTheWrittenDataIsInTheFile()
    {
        using AtaFixture f = new();
        f.IssueLba28(AtaCommand.WriteSectors, 1, 1);
        f.WriteData(DiskImages.Fill(0xEE, 1));
        f.Out(AtaFixture.Command, (byte)AtaCommand.FlushCache);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        f.Out(AtaFixture.Command, (byte)AtaCommand.FlushCacheExt);
        Assert.Equal(ReadyDsc, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(DiskImages.Fill(0xEE, 1), f.FileSectors(1, 1));
    }

    [Fact]
    public void ReadOnlyBackEndRejectsWritesWithAbort()
    {
        using AtaFixture f = new(readOnly: true);
        string before = DiskImages.Sha256(f.ImagePath);
        f.IssueLba28(AtaCommand.WriteSectors, 5, 1);
        Assert.Equal(ReadyDsc | AtaStatus.Error, (AtaStatus)f.In(AtaFixture.Status));
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
        f.WriteData(DiskImages.Fill(0x11, 1)); // the data goes nowhere
        f.IssueLba28(AtaCommand.WriteDma, 5, 1);
        Assert.Equal(AtaError.Aborted, (AtaError)f.In(AtaFixture.Error));
        f.IssueLba28(AtaCommand.ReadSectors, 5, 1);
        Assert.Equal(DiskImages.Pattern(5, 1), f.ReadData(512));
        Assert.Equal(before, DiskImages.Sha256(f.ImagePath));
    }
}
