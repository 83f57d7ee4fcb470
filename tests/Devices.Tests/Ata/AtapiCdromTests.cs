using System.Buffers.Binary;
using PcEmu.Devices.Ata;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Common;
using PcEmu.Devices.Tests.Disk;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Ata;

/// <summary>An ATAPI CD-ROM with a 40-block image as secondary master (0x170, 0x376, IRQ 15), BAR4 at 0xC000.</summary>
public sealed class AtapiCdromTests : IDisposable
{
    private const ushort Data = 0x170, Error = 0x171, Features = 0x171, Reason = 0x172, ByteCountLow = 0x174, ByteCountHigh = 0x175;
    private const ushort Device = 0x176, Status = 0x177, Command = 0x177, AltStatus = 0x376;
    private const ushort BmCommand = 0xC008, BmStatus = 0xC00A, BmPrd = 0xC00C;
    private const int Blocks = 40;

    private readonly TempDirectory _temp = new();
    private readonly IoPortBus _bus = new();
    private readonly PhysicalMemory _memory = new(2 * 1024 * 1024);
    private readonly RecordingIrqLine _irq15 = new();
    private readonly RawImageBackend _iso;

    public AtapiCdromTests()
    {
        string path = _temp.File("disc.iso");
        DiskImages.CreatePatterned(path, Blocks * 4);
        _iso = IsoImage.Open(path);
        PiixIde ide = new(_memory, NullInterruptLine.Instance, _irq15, secondaryMaster: new AtapiCdrom(_iso));
        ide.Register(_bus);
        ide.MapBusMaster(_bus, 0xC000);
        _bus.Write(Device, 1, 0xA0);
    }

    public void Dispose()
    {
        _iso.Dispose();
        _temp.Dispose();
    }

    private byte In(ushort port) => (byte)_bus.Read(port, 1);

    private void Out(ushort port, byte value) => _bus.Write(port, 1, value);

    /// <summary>Sends a 12-byte packet in PIO mode with the given byte count limit.</summary>
    private void Packet(ReadOnlySpan<byte> cdb, int byteCountLimit = 0xFFFE, bool dma = false)
    {
        Out(Features, (byte)(dma ? 1 : 0));
        Out(ByteCountLow, (byte)byteCountLimit);
        Out(ByteCountHigh, (byte)(byteCountLimit >> 8));
        Out(Command, (byte)AtaCommand.Packet);
        Assert.Equal(0x01, In(Reason)); // CoD: send the command packet
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.DataRequest, (AtaStatus)In(AltStatus));
        Assert.False(_irq15.Level);
        byte[] packet = new byte[12];
        cdb.CopyTo(packet);
        for (int i = 0; i < 12; i += 2)
            _bus.Write(Data, 2, BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(i)));
    }

    /// <summary>Reads every PIO data block until the status phase; returns the data and the block sizes.</summary>
    private (byte[] Data, List<int> Blocks) ReceivePio()
    {
        List<byte> data = new();
        List<int> blocks = new();
        while (true)
        {
            Assert.True(_irq15.Level);
            AtaStatus status = (AtaStatus)In(Status);
            if ((status & AtaStatus.DataRequest) == 0)
            {
                Assert.Equal(0x03, In(Reason)); // CoD | IO: status phase
                return (data.ToArray(), blocks);
            }
            Assert.Equal(0x02, In(Reason)); // IO: data to the host
            int count = In(ByteCountLow) | In(ByteCountHigh) << 8;
            blocks.Add(count);
            for (int i = 0; i < count; i += 2)
            {
                ushort word = (ushort)_bus.Read(Data, 2);
                data.Add((byte)word);
                data.Add((byte)(word >> 8));
            }
        }
    }

    private static byte[] Read10(uint lba, ushort count)
    {
        byte[] cdb = new byte[12];
        cdb[0] = 0x28;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(7), count);
        return cdb;
    }

    [Fact]
    public void ResetLeavesThePacketSignatureAndIdentifyDeviceAborts()
    {
        Assert.Equal(0x01, In(Reason));
        Assert.Equal(0x01, In(0x173));
        Assert.Equal(0x14, In(ByteCountLow));
        Assert.Equal(0xEB, In(ByteCountHigh));
        Out(ByteCountLow, 0);
        Out(Command, (byte)AtaCommand.IdentifyDevice);
        Assert.Equal(AtaError.Aborted, (AtaError)In(Error));
        Assert.Equal(0x14, In(ByteCountLow));
        Assert.Equal(0xEB, In(ByteCountHigh));

        Out(Command, (byte)AtaCommand.IdentifyPacketDevice);
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.DataRequest, (AtaStatus)In(Status));
        ushort word0 = (ushort)_bus.Read(Data, 2);
        Assert.Equal(0x85C0, word0);
    }

    [Fact]
    public void InquiryAndReadCapacityDescribeTheDrive()
    {
        Packet([0x12, 0, 0, 0, 36]);
        (byte[] inquiry, _) = ReceivePio();
        Assert.Equal(36, inquiry.Length);
        Assert.Equal(0x05, inquiry[0]);
        Assert.Equal(0x80, inquiry[1]);
        Assert.Equal("PCEMU   ", System.Text.Encoding.ASCII.GetString(inquiry, 8, 8));

        Packet([0x25]);
        (byte[] capacity, _) = ReceivePio();
        Assert.Equal((uint)Blocks - 1, BinaryPrimitives.ReadUInt32BigEndian(capacity));
        Assert.Equal(2048u, BinaryPrimitives.ReadUInt32BigEndian(capacity.AsSpan(4)));
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete, (AtaStatus)In(AltStatus));

        Packet([0x00]); // TEST UNIT READY
        Assert.Empty(ReceivePio().Data);
    }

    [Fact]
    public void Read10InPioBlocksOfTheByteCountLimit()
    {
        Packet(Read10(3, 3), byteCountLimit: 5000); // 2 blocks per DRQ, then 1
        (byte[] data, List<int> blocks) = ReceivePio();
        Assert.Equal(new[] { 4096, 2048 }, blocks);
        Assert.Equal(DiskImages.Pattern(12, 12), data);
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete, (AtaStatus)In(AltStatus));
    }

    [Fact]
    public void Read10ThroughTheBusMaster()
    {
        _memory.Write32(0x10000, 0x20000);
        _memory.Write16(0x10004, 2 * 2048);
        _memory.Write16(0x10006, 0x8000);
        _bus.Write(BmPrd, 4, 0x10000);
        Out(BmStatus, 0x06);
        Out(BmCommand, 0x09);
        Packet(Read10(10, 2), dma: true);
        Assert.True(_irq15.Level);
        Assert.Equal(0x04, In(BmStatus));
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete, (AtaStatus)In(Status));
        Assert.Equal(0x03, In(Reason));
        Assert.Equal(DiskImages.Pattern(40, 8), _memory.Ram.Slice(0x20000, 4096).ToArray());
    }

    [Fact]
    public void OutOfRangeReadIsCheckConditionWithIllegalRequestSense()
    {
        Packet(Read10(Blocks - 1, 2));
        Assert.Empty(ReceivePio().Data);
        Assert.Equal(AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.Error, (AtaStatus)In(AltStatus));
        Assert.Equal(0x54, In(Error)); // sense key 5 in bits 7:4, ABRT

        Packet([0x03, 0, 0, 0, 18]);
        (byte[] sense, _) = ReceivePio();
        Assert.Equal(0x70, sense[0]);
        Assert.Equal(0x05, sense[2]);
        Assert.Equal(0x21, sense[12]);

        Packet([0xBB]); // unknown: INVALID COMMAND OPERATION CODE
        ReceivePio();
        Packet([0x03, 0, 0, 0, 18]);
        Assert.Equal(0x20, ReceivePio().Data[12]);
    }

    [Fact]
    public void ReadTocListsOneDataTrackAndTheLeadOut()
    {
        Packet([0x43, 0, 0, 0, 0, 0, 0, 0, 100]);
        (byte[] toc, _) = ReceivePio();
        Assert.Equal(20, toc.Length);
        Assert.Equal(18, BinaryPrimitives.ReadUInt16BigEndian(toc));
        Assert.Equal(0x14, toc[5]);
        Assert.Equal(0xAA, toc[14]);
        Assert.Equal((uint)Blocks, BinaryPrimitives.ReadUInt32BigEndian(toc.AsSpan(16)));
    }

    [Fact]
    public void EmptyDriveIsNotReady()
    {
        IoPortBus bus = new();
        PiixIde ide = new(_memory, NullInterruptLine.Instance, _irq15, secondaryMaster: new AtapiCdrom(null));
        ide.Register(bus);
        bus.Write(Device, 1, 0xA0);
        bus.Write(Command, 1, (byte)AtaCommand.Packet);
        for (int i = 0; i < 6; i++)
            bus.Write(Data, 2, 0); // TEST UNIT READY
        Assert.Equal(0x24, (byte)bus.Read(Error, 1)); // NOT READY, ABRT
    }
}
