using PcEmu.Devices.Pci;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Pci;

/// <summary>A test function: an I/O BAR, a memory BAR and a prefetchable memory BAR, INTA#.</summary>
internal sealed class TestPciDevice : IPciFunction
{
    public const ushort Vendor = 0x1234, Device = 0x5678;

    public TestPciDevice()
    {
        Config = new PciConfigSpace(Vendor, Device, 0x02_00_00, revision: 0x20);
        Config.DefineBar(0, new PciBarDefinition(PciBarKind.Io, 32));
        Config.DefineBar(1, new PciBarDefinition(PciBarKind.Memory32, 4096));
        Config.DefineBar(2, new PciBarDefinition(PciBarKind.Memory32, 1024 * 1024, Prefetchable: true));
        Config.InterruptPin = 1;
        Config.BarRemapped += Mappings.Add;
    }

    public PciConfigSpace Config { get; }

    public List<PciBarMapping> Mappings { get; } = new();
}

/// <summary>The i440FX and PIIX3 on bus 0, a test device in slot 3, the mechanism #1 ports, and recorded ISA IRQs.</summary>
internal sealed class PciFixture
{
    public const int TestSlot = 3;

    public PciFixture()
    {
        for (int i = 0; i < Irqs.Length; i++)
            Irqs[i] = new RecordingIrqLine();
        HostBridge = new I440fxHostBridge();
        IsaBridge = new Piix3IsaBridge(irq => Irqs[irq]);
        Bus.InterruptRouter = IsaBridge;
        Bus.Register(I440fxHostBridge.Device, I440fxHostBridge.Function, HostBridge);
        Bus.Register(Piix3IsaBridge.Device, Piix3IsaBridge.Function, IsaBridge);
        TestIntA = Bus.Register(TestSlot, 0, Test);
        new PciConfigMechanism1(Bus).Register(Ports);
    }

    public IoPortBus Ports { get; } = new();

    public PciBus Bus { get; } = new();

    public I440fxHostBridge HostBridge { get; }

    public Piix3IsaBridge IsaBridge { get; }

    public TestPciDevice Test { get; } = new();

    public IInterruptLine TestIntA { get; }

    public RecordingIrqLine[] Irqs { get; } = new RecordingIrqLine[16];

    public static uint Address(int device, int function, int offset, int bus = 0) =>
        0x8000_0000u | (uint)bus << 16 | (uint)device << 11 | (uint)function << 8 | (uint)(offset & 0xFC);

    public uint Read(int device, int function, int offset, int size = 4)
    {
        Ports.Write(0xCF8, 4, Address(device, function, offset));
        return Ports.Read((ushort)(0xCFC + (offset & 3)), size);
    }

    public void Write(int device, int function, int offset, uint value, int size = 4)
    {
        Ports.Write(0xCF8, 4, Address(device, function, offset));
        Ports.Write((ushort)(0xCFC + (offset & 3)), size, value);
    }
}
