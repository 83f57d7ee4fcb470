using PcEmu.Memory;

namespace PcEmu.Devices.Pic;

/// <summary>
/// ISA glue for a <see cref="DualPic"/>: the master at 0x20-0x21, the slave at 0xA0-0xA1 and
/// the PIIX3 ELCRs at 0x4D0-0x4D1, all byte-wide. A 16- or 32-bit access is split into byte
/// accesses to consecutive ports; bytes past the glue's own ports read 0xFF (floating bus)
/// and are dropped on write. The AT's partial decode aliases (0x22-0x3F, 0xA2-0xBF) are not
/// claimed, as in QEMU.
/// </summary>
public sealed class DualPicIsa : IPortDevice
{
    public const ushort MasterBase = 0x20;
    public const ushort SlaveBase = 0xA0;
    public const ushort ElcrBase = 0x4D0;
    public const int PortsPerRange = 2;

    public DualPicIsa(DualPic pic)
    {
        ArgumentNullException.ThrowIfNull(pic);
        Pic = pic;
    }

    public DualPic Pic { get; }

    /// <summary>Claims 0x20-0x21, 0xA0-0xA1 and 0x4D0-0x4D1.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(MasterBase, PortsPerRange, this);
        bus.Register(SlaveBase, PortsPerRange, this);
        bus.Register(ElcrBase, PortsPerRange, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= (uint)ReadByte(port + i) << (8 * i);
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        for (int i = 0; i < size; i++)
            WriteByte(port + i, (byte)(value >> (8 * i)));
    }

    private byte ReadByte(int port)
    {
        if (port - MasterBase is >= 0 and < PortsPerRange)
            return Pic.Master.Read((Pic8259Register)(port - MasterBase));
        if (port - SlaveBase is >= 0 and < PortsPerRange)
            return Pic.Slave.Read((Pic8259Register)(port - SlaveBase));
        if (port - ElcrBase is >= 0 and < PortsPerRange)
            return Pic.ReadElcr(port - ElcrBase);
        return 0xFF;
    }

    private void WriteByte(int port, byte value)
    {
        if (port - MasterBase is >= 0 and < PortsPerRange)
            Pic.Master.Write((Pic8259Register)(port - MasterBase), value);
        else if (port - SlaveBase is >= 0 and < PortsPerRange)
            Pic.Slave.Write((Pic8259Register)(port - SlaveBase), value);
        else if (port - ElcrBase is >= 0 and < PortsPerRange)
            Pic.WriteElcr(port - ElcrBase, value);
    }
}
