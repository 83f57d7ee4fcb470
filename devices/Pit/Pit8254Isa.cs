using PcEmu.Memory;

namespace PcEmu.Devices.Pit;

/// <summary>
/// ISA glue for a <see cref="Pit8254"/>: counters 0-2 at 0x40-0x42, the control word at 0x43,
/// all byte-wide. A 16- or 32-bit access is split into byte accesses to consecutive ports;
/// bytes past 0x43 read 0xFF and are dropped on write. The AT's partial-decode aliases
/// (0x44-0x5F) are not claimed, as in QEMU. Port 0x61 is <see cref="SystemControlPortB"/>.
/// </summary>
public sealed class Pit8254Isa : IPortDevice
{
    public const ushort BasePort = 0x40;
    public const int PortCount = 4;
    public const int Irq = 0;

    public Pit8254Isa(Pit8254 pit)
    {
        ArgumentNullException.ThrowIfNull(pit);
        Pit = pit;
    }

    public Pit8254 Pit { get; }

    /// <summary>Claims 0x40-0x43.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(BasePort, PortCount, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++)
        {
            int offset = port + i - BasePort;
            byte b = offset is >= 0 and < PortCount ? Pit.Read((Pit8254Register)offset) : (byte)0xFF;
            value |= (uint)b << (8 * i);
        }
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        for (int i = 0; i < size; i++)
        {
            int offset = port + i - BasePort;
            if (offset is >= 0 and < PortCount)
                Pit.Write((Pit8254Register)offset, (byte)(value >> (8 * i)));
        }
    }
}
