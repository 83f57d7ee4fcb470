using PcEmu.Devices.Ata;
using PcEmu.Devices.Tests.Disk;

namespace PcEmu.Devices.Tests.Ata;

/// <summary>
/// The bus master's Interrupt bit follows the channel's IRQ wire (PIIX3 datasheet, Bus Master
/// IDE Status bit 2: set when the device asserts its interrupt line), not the drive's internal
/// request: with nIEN set the wire stays low, so a finished DMA command leaves it clear (QEMU
/// behaves the same; the disk guest checks it on both).
/// </summary>
public sealed class BusMasterInterruptTests
{
    private const uint Table = 0x10000, Buffer = 0x20000;

    private static void ReadDma(AtaFixture f, long lba, int sectors)
    {
        f.Memory.Write32(Table, Buffer);
        f.Memory.Write16(Table + 4, (ushort)(sectors * 512));
        f.Memory.Write16(Table + 6, 0x8000);
        f.Out32(AtaFixture.BmPrd, Table);
        f.Out(AtaFixture.BmStatus, 0x06);
        f.IssueLba28(AtaCommand.ReadDma, lba, sectors);
        f.Out(AtaFixture.BmCommand, 0x09);
    }

    [Fact]
    public void With_nIEN_set_a_finished_dma_leaves_the_interrupt_bit_clear()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.DeviceControl, 0x02);

        ReadDma(f, 10, 2);

        Assert.False(f.Irq14.Level);
        Assert.Equal(BusMasterStatus.None, (BusMasterStatus)f.In(AtaFixture.BmStatus)); // done: Active clear, no Interrupt
        Assert.Equal(DiskImages.Pattern(10, 2), f.Memory.Ram.Slice((int)Buffer, 1024).ToArray());
    }

    [Fact]
    public void Clearing_nIEN_with_the_request_pending_asserts_the_wire_and_sets_the_bit()
    {
        using AtaFixture f = new();
        f.Out(AtaFixture.DeviceControl, 0x02);
        ReadDma(f, 10, 1);

        f.Out(AtaFixture.DeviceControl, 0x00);

        Assert.True(f.Irq14.Level);
        Assert.Equal(BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
    }

    [Fact]
    public void A_new_request_on_a_wire_already_high_sets_the_bit_again()
    {
        using AtaFixture f = new();
        f.IssueLba28(AtaCommand.ReadSectors, 10, 2);
        Assert.True(f.Irq14.Level);
        f.Out(AtaFixture.BmStatus, 0x04); // the driver clears the bit but never reads Status

        f.ReadData(512); // the second block's request comes while the wire is still high

        Assert.True(f.Irq14.Level);
        Assert.Equal(BusMasterStatus.Interrupt, (BusMasterStatus)f.In(AtaFixture.BmStatus));
    }
}
