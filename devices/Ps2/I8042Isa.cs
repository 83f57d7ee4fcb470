using PcEmu.Memory;

namespace PcEmu.Devices.Ps2;

/// <summary>
/// ISA glue for an <see cref="I8042Controller"/>: port 0x60 (data) and port 0x64 (read:
/// status, write: command); IRQ 1 (keyboard) and IRQ 12 (mouse). The two ports are not
/// adjacent, so each is claimed alone; a wider access uses its low byte (the 8042 has an
/// 8-bit bus; the upper bytes read 0xFF). Port 0x61 (system control port B) and 0x92 are
/// not the 8042's.
/// </summary>
public sealed class I8042Isa : IPortDevice
{
    public const ushort DataPort = 0x60;
    public const ushort StatusCommandPort = 0x64;
    public const int KeyboardIrq = 1;
    public const int MouseIrq = 12;

    public I8042Isa(I8042Controller controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        Controller = controller;
    }

    public I8042Controller Controller { get; }

    /// <summary>Claims ports 0x60 and 0x64.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(DataPort, 1, this);
        bus.Register(StatusCommandPort, 1, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        byte value = port switch
        {
            DataPort => Controller.ReadData(),
            StatusCommandPort => Controller.ReadStatus(),
            _ => 0xFF,
        };
        uint upper = size switch { 1 => 0u, 2 => 0xFF00u, _ => 0xFFFF_FF00u };
        return value | upper;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        if (port == DataPort)
            Controller.WriteData((byte)value);
        else if (port == StatusCommandPort)
            Controller.WriteCommand((byte)value);
    }
}
