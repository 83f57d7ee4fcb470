using PcEmu.Devices.Pic;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Pic;

/// <summary>The PIC pair on a port bus, with the CPU's INTR recorded.</summary>
internal sealed class PicFixture
{
    public const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;
    public const ushort Elcr1 = 0x4D0, Elcr2 = 0x4D1;
    public const byte ReadIrr = 0x0A, ReadIsr = 0x0B, PollCommand = 0x0C, NonSpecificEoi = 0x20;

    public PicFixture()
    {
        Pic = new DualPic(Intr);
        new DualPicIsa(Pic).Register(Bus);
    }

    public IoPortBus Bus { get; } = new();

    public RecordingIrqLine Intr { get; } = new();

    public DualPic Pic { get; }

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    /// <summary>The sequence Linux (init_8259A), MINIX and SeaBIOS use: ICW1 = 0x11, ICW2, ICW3, ICW4.</summary>
    public void Initialize(byte masterBase, byte slaveBase, byte icw4 = 0x01)
    {
        Out(MasterCommand, 0x11);
        Out(MasterData, masterBase);
        Out(MasterData, 0x04);
        Out(MasterData, icw4);
        Out(SlaveCommand, 0x11);
        Out(SlaveData, slaveBase);
        Out(SlaveData, 0x02);
        Out(SlaveData, icw4);
        Out(MasterData, 0x00);
        Out(SlaveData, 0x00);
    }

    public void Raise(int irq) => Pic.Irq(irq).Set(true);

    public void Lower(int irq) => Pic.Irq(irq).Set(false);

    /// <summary>An edge: the line goes high and stays high until the test lowers it.</summary>
    public void Pulse(int irq)
    {
        Pic.Irq(irq).Set(true);
        Pic.Irq(irq).Set(false);
    }

    public byte MasterIrr() { Out(MasterCommand, ReadIrr); return In(MasterCommand); }

    public byte MasterIsr() { Out(MasterCommand, ReadIsr); return In(MasterCommand); }

    public byte SlaveIrr() { Out(SlaveCommand, ReadIrr); return In(SlaveCommand); }

    public byte SlaveIsr() { Out(SlaveCommand, ReadIsr); return In(SlaveCommand); }

    public void EoiMaster() => Out(MasterCommand, NonSpecificEoi);

    public void EoiSlave() => Out(SlaveCommand, NonSpecificEoi);
}
