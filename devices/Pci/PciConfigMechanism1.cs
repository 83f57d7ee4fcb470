using PcEmu.Memory;

namespace PcEmu.Devices.Pci;

/// <summary>
/// Configuration mechanism #1 (PCI 2.2, section 3.2.2.3.2), the host bridge's ports:
/// CONFIG_ADDRESS at 0xCF8 (a 32-bit register: bit 31 enable, bits 23-16 bus, 15-11 device,
/// 10-8 function, 7-2 dword register) and CONFIG_DATA at 0xCFC-0xCFF, where a byte, word or
/// dword access at 0xCFC + n reaches configuration offset register + n.
/// <para>
/// Readings chosen: only a 32-bit access to 0xCF8 reaches CONFIG_ADDRESS (other widths pass
/// through to the bus, as on the i440FX; QEMU does the same); bits 30-24 and 1-0 read 0.
/// A data access while the enable bit is clear reads all ones and writes nothing. An access
/// running past 0xCFF is cut there (the missing bytes read 0xFF). Port 0xCF9 (the PIIX3 reset
/// control register) is left to whoever models reset.
/// </para>
/// </summary>
public sealed class PciConfigMechanism1 : IPortDevice
{
    public const ushort AddressPort = 0xCF8;
    public const ushort DataPort = 0xCFC;
    public const int DataPortCount = 4;

    private const uint EnableBit = 0x8000_0000;
    private const uint AddressMask = 0x80FF_FFFC;

    public PciConfigMechanism1(PciBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        Bus = bus;
    }

    public PciBus Bus { get; }

    /// <summary>CONFIG_ADDRESS as last written (for snapshots too).</summary>
    public uint ConfigAddress { get; set; }

    /// <summary>Claims port 0xCF8 and ports 0xCFC-0xCFF.</summary>
    public void Register(IoPortBus ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ports.Register(AddressPort, 1, this);
        ports.Register(DataPort, DataPortCount, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        uint ones = size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };
        if (port == AddressPort)
            return size == 4 ? ConfigAddress : ones;
        int lane = port - DataPort;
        if ((uint)lane >= DataPortCount || (ConfigAddress & EnableBit) == 0)
            return ones;
        int width = Math.Min(size, DataPortCount - lane);
        uint value = Bus.ReadConfig(BusNumber, Device, Function, RegisterOffset + lane, width);
        for (int i = width; i < size; i++)
            value |= 0xFFu << (8 * i);
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        if (port == AddressPort)
        {
            if (size == 4)
                ConfigAddress = value & AddressMask;
            return;
        }
        int lane = port - DataPort;
        if ((uint)lane >= DataPortCount || (ConfigAddress & EnableBit) == 0)
            return;
        int width = Math.Min(size, DataPortCount - lane);
        Bus.WriteConfig(BusNumber, Device, Function, RegisterOffset + lane, width, value);
    }

    private int BusNumber => (int)(ConfigAddress >> 16) & 0xFF;

    private int Device => (int)(ConfigAddress >> 11) & 0x1F;

    private int Function => (int)(ConfigAddress >> 8) & 0x07;

    private int RegisterOffset => (int)ConfigAddress & 0xFC;
}
