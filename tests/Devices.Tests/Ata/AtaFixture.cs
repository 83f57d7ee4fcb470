using System.Buffers.Binary;
using PcEmu.Devices.Ata;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Tests.Disk;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Ata;

/// <summary>
/// A PIIX3 IDE function on a port bus with 2 MiB of RAM: a disk image (temp file, every
/// sector filled with a known pattern) as primary master, BAR4 at 0xC000, IRQ 14/15 recorded.
/// </summary>
internal sealed class AtaFixture : IDisposable
{
    public const ushort Data = 0x1F0, Error = 0x1F1, Features = 0x1F1, SectorCount = 0x1F2, LbaLow = 0x1F3;
    public const ushort LbaMid = 0x1F4, LbaHigh = 0x1F5, Device = 0x1F6, Status = 0x1F7, Command = 0x1F7;
    public const ushort AltStatus = 0x3F6, DeviceControl = 0x3F6;
    public const ushort BusMasterBase = 0xC000;
    public const ushort BmCommand = BusMasterBase, BmStatus = BusMasterBase + 2, BmPrd = BusMasterBase + 4;

    public AtaFixture(long sectors = 4096, bool readOnly = false, bool withSlave = false)
    {
        ImagePath = Temp.File("disk.img");
        DiskImages.CreatePatterned(ImagePath, sectors);
        Backend = RawImageBackend.Open(ImagePath, readOnly);
        Disk = new AtaDisk(Backend);
        AtaDisk? slave = withSlave ? new AtaDisk(new MemoryBlockBackend(64), AtaDriveIdentity.DefaultDisk(1)) : null;
        Ide = new PiixIde(Memory, Irq14, Irq15, Disk, slave);
        Ide.Register(Bus);
        Ide.MapBusMaster(Bus, BusMasterBase);
    }

    public TempDirectory Temp { get; } = new();

    public string ImagePath { get; }

    public RawImageBackend Backend { get; }

    public AtaDisk Disk { get; }

    public PiixIde Ide { get; }

    public IoPortBus Bus { get; } = new();

    public PhysicalMemory Memory { get; } = new(2 * 1024 * 1024);

    public RecordingIrqLine Irq14 { get; } = new();

    public RecordingIrqLine Irq15 { get; } = new();

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    public ushort In16(ushort port) => (ushort)Bus.Read(port, 2);

    public uint In32(ushort port) => Bus.Read(port, 4);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    public void Out16(ushort port, ushort value) => Bus.Write(port, 2, value);

    public void Out32(ushort port, uint value) => Bus.Write(port, 4, value);

    public AtaStatus AltStatusValue => (AtaStatus)In(AltStatus);

    /// <summary>Programs an LBA28 address and count for the master (LBA bit set) and issues <paramref name="command"/>.</summary>
    public void IssueLba28(AtaCommand command, long lba, int count, int device = 0)
    {
        Out(Device, (byte)(0xE0 | device << 4 | (int)(lba >> 24 & 0x0F)));
        Out(SectorCount, (byte)count);
        Out(LbaLow, (byte)lba);
        Out(LbaMid, (byte)(lba >> 8));
        Out(LbaHigh, (byte)(lba >> 16));
        Out(Command, (byte)command);
    }

    /// <summary>Programs a 48-bit address and count through the register FIFOs (high bytes first) and issues <paramref name="command"/>.</summary>
    public void IssueLba48(AtaCommand command, long lba, int count)
    {
        Out(Device, 0x40);
        Out(SectorCount, (byte)(count >> 8));
        Out(LbaLow, (byte)(lba >> 24));
        Out(LbaMid, (byte)(lba >> 32));
        Out(LbaHigh, (byte)(lba >> 40));
        Out(SectorCount, (byte)count);
        Out(LbaLow, (byte)lba);
        Out(LbaMid, (byte)(lba >> 8));
        Out(LbaHigh, (byte)(lba >> 16));
        Out(Command, (byte)command);
    }

    /// <summary>Reads <paramref name="bytes"/> from the data port in 16-bit words.</summary>
    public byte[] ReadData(int bytes)
    {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i += 2)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i), In16(Data));
        return data;
    }

    public void WriteData(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i += 2)
            Out16(Data, BinaryPrimitives.ReadUInt16LittleEndian(data[i..]));
    }

    /// <summary>The image file's bytes for <paramref name="count"/> sectors at <paramref name="lba"/>, read past the back end's lock.</summary>
    public byte[] FileSectors(long lba, int count) => UnlockedFile.Read(ImagePath, lba * 512, count * 512);

    public void Dispose()
    {
        Backend.Dispose();
        Temp.Dispose();
    }
}
