using PcEmu.Devices.Ata;
using PcEmu.Devices.Tests.Disk;

namespace PcEmu.Devices.Tests.Ata;

public sealed class AtaRegisterTests
{
    private const AtaStatus ReadyDsc = AtaStatus.Ready | AtaStatus.SeekComplete;

    [Fact]
    public void PowerOnShowsTheAtaSignature()
    {
        using AtaFixture f = new();
        Assert.Equal(0x50, f.In(AtaFixture.Status));
        Assert.Equal(0x01, f.In(AtaFixture.Error));
        Assert.Equal(0x01, f.In(AtaFixture.SectorCount));
        Assert.Equal(0x01, f.In(AtaFixture.LbaLow));
        Assert.Equal(0x00, f.In(AtaFixture.LbaMid));
        Assert.Equal(0x00, f.In(AtaFixture.LbaHigh));
        Assert.False(f.Irq14.Level);
    }

    [Fact]
    public void SoftResetHoldsBusyThenRestoresTheSignature()
    {
        using AtaFixture f = new();
        f.IssueLba28(AtaCommand.ReadSectors, 0x123456, 1);
        Assert.True(f.Irq14.Level);
        f.Out(AtaFixture.DeviceControl, 0x04); // SRST
        Assert.Equal(AtaStatus.Busy, f.AltStatusValue);
        Assert.False(f.Irq14.Level);
        f.Out(AtaFixture.Command, (byte)AtaCommand.IdentifyDevice); // ignored while BSY
        f.Out(AtaFixture.DeviceControl, 0x00);
        Assert.Equal(ReadyDsc, f.AltStatusValue);
        Assert.Equal(0x01, f.In(AtaFixture.Error));
        Assert.Equal(0x01, f.In(AtaFixture.SectorCount));
        Assert.Equal(0x01, f.In(AtaFixture.LbaLow));
        Assert.Equal(0x00, f.In(AtaFixture.LbaMid));
        Assert.Equal(0x00, f.In(AtaFixture.LbaHigh));
        Assert.Equal(0x00, f.In(AtaFixture.Device) & 0x10);
        Assert.Equal(0, f.In16(AtaFixture.Data)); // the aborted transfer is gone
        Assert.False(f.Irq14.Level);
    }

    [Fact]
    public void AbsentSlaveReadsZeroStatus()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.Device, 0xB0);
        Assert.Equal(0x00, f.In(AtaFixture.Status));
        Assert.Equal(0x00, f.In(AtaFixture.AltStatus));
        f.Out(AtaFixture.LbaMid, 0x5A); // the slot latches writes (probe for a device)
        Assert.Equal(0x5A, f.In(AtaFixture.LbaMid));
        f.Out(AtaFixture.Command, (byte)AtaCommand.IdentifyDevice);
        Assert.Equal(0x00, f.In(AtaFixture.Status));
        Assert.False(f.Irq14.Level);
        f.Out(AtaFixture.Device, 0xA0);
        Assert.Equal(0x50, f.In(AtaFixture.Status));
    }

    [Fact]
    public void EmptyChannelReadsZero()
    {
        using AtaFixture f = new();
        Assert.Equal(0x00, f.In(0x177));
        Assert.Equal(0x00, f.In(0x376));
        f.Out(0x177, (byte)AtaCommand.IdentifyDevice);
        Assert.False(f.Irq15.Level);
    }

    [Fact]
    public void SlaveAnswersWhenSelectedAndOnlyTheSelectedDeviceDrivesTheIrq()
    {
        using AtaFixture f = new(withSlave: true);
        f.Out(AtaFixture.Device, 0xB0);
        f.Out(AtaFixture.Command, (byte)AtaCommand.IdentifyDevice);
        Assert.True(f.Irq14.Level);
        f.Out(AtaFixture.Device, 0xA0); // the master has nothing pending
        Assert.False(f.Irq14.Level);
        f.Out(AtaFixture.Device, 0xB0);
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc | AtaStatus.DataRequest, (AtaStatus)f.In(AtaFixture.Status));
        byte[] id = f.ReadData(512);
        Assert.Equal(64, id[120] | id[121] << 8); // word 60: the slave's 64 sectors
    }

    [Fact]
    public void InterruptDisableMasksTheLineButNotTheStatus()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.DeviceControl, 0x02); // nIEN
        f.IssueLba28(AtaCommand.ReadVerifySectors, 0, 1);
        Assert.False(f.Irq14.Level);
        f.Out(AtaFixture.DeviceControl, 0x00); // the request is still pending
        Assert.True(f.Irq14.Level);
        Assert.Equal(ReadyDsc, f.AltStatusValue); // alternate status does not acknowledge
        Assert.True(f.Irq14.Level);
        f.In(AtaFixture.Status);
        Assert.False(f.Irq14.Level);
    }

    [Fact]
    public void ExecuteDeviceDiagnosticReportsPassAndSignature()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.LbaMid, 0x77);
        f.Out(AtaFixture.Command, (byte)AtaCommand.ExecuteDeviceDiagnostic);
        Assert.Equal(0x50, f.In(AtaFixture.Status));
        Assert.Equal(0x01, f.In(AtaFixture.Error));
        Assert.Equal(0x00, f.In(AtaFixture.LbaMid));
    }

    [Fact]
    public void ReadNativeMaxAddressReportsTheLastSector()
    {
        using AtaFixture f = new(sectors: 0x1234);
        f.Out(AtaFixture.Device, 0x40);
        f.Out(AtaFixture.Command, (byte)AtaCommand.ReadNativeMaxAddressExt);
        Assert.Equal(0x33, f.In(AtaFixture.LbaLow));
        Assert.Equal(0x12, f.In(AtaFixture.LbaMid));
        Assert.Equal(0x00, f.In(AtaFixture.LbaHigh));
        Assert.Equal(DiskImages.Pattern(0x1233, 1)[..8], f.FileSectors(0x1233, 1)[..8]);
    }
}
