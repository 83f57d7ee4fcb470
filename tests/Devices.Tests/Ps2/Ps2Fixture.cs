using PcEmu.Devices.Ps2;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Ps2;

/// <summary>The 8042 on ports 0x60/0x64 with recorded IRQ 1 and IRQ 12.</summary>
internal sealed class Ps2Fixture
{
    public const ushort Data = I8042Isa.DataPort, Command = I8042Isa.StatusCommandPort;

    public Ps2Fixture()
    {
        Controller = new I8042Controller(Irq1, Irq12);
        new I8042Isa(Controller).Register(Bus);
    }

    public IoPortBus Bus { get; } = new();

    public RecordingIrqLine Irq1 { get; } = new();

    public RecordingIrqLine Irq12 { get; } = new();

    public I8042Controller Controller { get; }

    public IPcInput Input => Controller;

    public I8042Status Status => (I8042Status)Bus.Read(Command, 1);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    /// <summary>A controller command with an optional data byte.</summary>
    public void ControllerCommand(byte command, byte? data = null)
    {
        Out(Command, command);
        if (data is { } value)
            Out(Data, value);
    }

    public void SetCommandByte(I8042CommandByte value) => ControllerCommand(0x60, (byte)value);

    /// <summary>Reads port 0x60 for as long as the status register reports OBF.</summary>
    public byte[] Drain()
    {
        List<byte> bytes = new();
        for (int guard = 0; guard < 1000 && (Status & I8042Status.OutputBufferFull) != 0; guard++)
            bytes.Add(In(Data));
        return bytes.ToArray();
    }
}
