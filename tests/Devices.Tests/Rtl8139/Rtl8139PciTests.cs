using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Rtl8139;
using PcEmu.Devices.Tests.Pci;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Rtl8139;

/// <summary>The NIC on PCI bus 0 behind configuration mechanism #1: identity, BAR sizing and remapping, INTA# routing.</summary>
public sealed class Rtl8139PciTests
{
    private const int Slot = 4;

    private sealed class Board
    {
        public Board()
        {
            Nic = new Rtl8139Pci(Memory, Pci.Ports, Clock, null, Backend, Rtl8139Chip.DefaultEeprom(Rtl8139Fixture.Mac));
            Nic.ConnectInterrupt(Pci.Bus.Register(Slot, 0, Nic));
        }

        public PciFixture Pci { get; } = new();

        public PhysicalMemory Memory { get; } = new(1024 * 1024);

        public ManualClock Clock { get; } = new();

        public MemoryNetworkBackend Backend { get; } = new();

        public Rtl8139Pci Nic { get; }
    }

    [Fact]
    public void Identity_and_interrupt_pin()
    {
        var b = new Board();
        Assert.Equal(0x8139_10ECu, b.Pci.Read(Slot, 0, 0x00));
        Assert.Equal(0x0200_0010u, b.Pci.Read(Slot, 0, 0x08)); // class 02/00/00, revision 0x10
        Assert.Equal(0x8139_10ECu, b.Pci.Read(Slot, 0, 0x2C)); // subsystem
        Assert.Equal(1u, b.Pci.Read(Slot, 0, 0x3D, 1)); // INTA#
    }

    [Fact]
    public void Bars_size_as_256_bytes_of_io_and_memory()
    {
        var b = new Board();
        b.Pci.Write(Slot, 0, 0x10, 0xFFFF_FFFF);
        b.Pci.Write(Slot, 0, 0x14, 0xFFFF_FFFF);
        Assert.Equal(0xFFFF_FF01u, b.Pci.Read(Slot, 0, 0x10));
        Assert.Equal(0xFFFF_FF00u, b.Pci.Read(Slot, 0, 0x14));
        Assert.Null(b.Nic.IoBase);
        Assert.Null(b.Nic.MemoryBase);
    }

    [Fact]
    public void Registers_answer_where_the_bars_point_and_move_with_them()
    {
        var b = new Board();
        b.Pci.Write(Slot, 0, 0x10, 0xC100);
        b.Pci.Write(Slot, 0, 0x14, 0xFEB0_0000);
        b.Pci.Write(Slot, 0, 0x04, (uint)(PciCommand.IoSpace | PciCommand.MemorySpace | PciCommand.BusMaster), 2);

        Assert.Equal(0x1200_5452u, b.Pci.Ports.Read(0xC100, 4)); // IDR0-3
        Assert.Equal(0x1200_5452u, b.Memory.Read32(0xFEB0_0000));
        Assert.Equal(0x5634, b.Memory.Read16(0xFEB0_0004));
        Assert.True(b.Nic.Chip.BusMasterEnabled);

        b.Pci.Write(Slot, 0, 0x10, 0xC200);
        Assert.Equal(0xFFFF_FFFFu, b.Pci.Ports.Read(0xC100, 4));
        Assert.Equal(0x1200_5452u, b.Pci.Ports.Read(0xC200, 4));

        b.Memory.Write32(0xFEB0_0008, 0x1122_3344); // MAR0-3 through MMIO
        Assert.Equal(0x1122_3344u, b.Pci.Ports.Read(0xC208, 4));

        b.Pci.Write(Slot, 0, 0x04, 0, 2); // decoding off
        Assert.Equal(0xFFFF_FFFFu, b.Pci.Ports.Read(0xC200, 4));
        Assert.Null(b.Nic.MemoryBase);
        Assert.False(b.Nic.Chip.BusMasterEnabled);
    }

    [Fact]
    public void A_bar_over_another_devices_ports_does_not_decode()
    {
        var b = new Board();
        b.Pci.Write(Slot, 0, 0x10, 0x0C00); // 0xCF8-0xCFF (configuration mechanism #1) is inside
        b.Pci.Write(Slot, 0, 0x04, (uint)PciCommand.IoSpace, 2);
        Assert.Null(b.Nic.IoBase);
        Assert.Equal(0x8139_10ECu, b.Pci.Read(Slot, 0, 0x00)); // the config ports still work
        Assert.Equal(0xFFFF_FFFFu, b.Pci.Ports.Read(0x0C00, 4));
    }

    [Fact]
    public void Inta_reaches_the_routed_isa_irq()
    {
        var b = new Board();
        b.Pci.Write(Slot, 0, 0x10, 0xC100);
        b.Pci.Write(Slot, 0, 0x04, (uint)(PciCommand.IoSpace | PciCommand.BusMaster), 2);
        b.Pci.Write(Piix3IsaBridge.Device, 0, Piix3IsaBridge.PirqRouteControl, 0x0B0B_0B0B); // every PIRQ to IRQ 11
        b.Pci.Ports.Write(0xC100 + (int)Rtl8139Register.Imr, 2, (ushort)Rtl8139Interrupt.PunLinkChg);

        b.Backend.LinkUp = false;
        b.Nic.Chip.PollBackend();

        Assert.True(b.Pci.Irqs[11].Level);
        Assert.True(((PciStatus)b.Pci.Read(Slot, 0, 0x06, 2)).HasFlag(PciStatus.InterruptStatus));
        b.Pci.Ports.Write(0xC100 + (int)Rtl8139Register.Isr, 2, 0xFFFF);
        Assert.False(b.Pci.Irqs[11].Level);
    }
}
