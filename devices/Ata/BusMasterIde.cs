using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// The 16-byte bus-master register block of the PIIX3 IDE function (BAR4): the primary
/// channel's registers at offsets 0-7, the secondary's at 8-15. Accesses are by offset so
/// that whichever bus decodes BAR4 (port glue or the PCI bus) can forward them; wider
/// accesses are split into byte accesses (the PRD table pointer is normally a dword access).
/// </summary>
public sealed class BusMasterIde
{
    public const int RegisterBytes = 16;

    public BusMasterIde(PhysicalMemory memory, AtaChannel primary, AtaChannel secondary)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(secondary);
        if (primary.HasBusMaster || secondary.HasBusMaster)
            throw new InvalidOperationException("an ATA channel already has a bus master");
        Primary = new BusMasterChannel(primary, memory);
        Secondary = new BusMasterChannel(secondary, memory);
    }

    public BusMasterChannel Primary { get; }

    public BusMasterChannel Secondary { get; }

    public void Reset(ResetKind kind)
    {
        Primary.Reset();
        Secondary.Reset();
    }

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/> within BAR4; bytes past the block read 0xFF.</summary>
    public uint Read(int offset, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= (uint)ReadByte(offset + i) << (8 * i);
        return value;
    }

    public void Write(int offset, int size, uint value)
    {
        for (int i = 0; i < size; i++)
            WriteByte(offset + i, (byte)(value >> (8 * i)));
    }

    private byte ReadByte(int offset) => offset switch
    {
        >= 0 and < 8 => Primary.ReadByte(offset),
        >= 8 and < RegisterBytes => Secondary.ReadByte(offset - 8),
        _ => 0xFF,
    };

    private void WriteByte(int offset, byte value)
    {
        if (offset is >= 0 and < 8)
            Primary.WriteByte(offset, value);
        else if (offset is >= 8 and < RegisterBytes)
            Secondary.WriteByte(offset - 8, value);
    }
}

/// <summary>
/// Port glue for <see cref="BusMasterIde"/>: answers the 16 ports of BAR4 at <see cref="BasePort"/>.
/// <see cref="PiixIde.MapBusMaster"/> registers one on an <see cref="IoPortBus"/>.
/// </summary>
public sealed class BusMasterIdePorts : IPortDevice
{
    public BusMasterIdePorts(BusMasterIde busMaster, ushort basePort)
    {
        ArgumentNullException.ThrowIfNull(busMaster);
        BusMaster = busMaster;
        BasePort = basePort;
    }

    public BusMasterIde BusMaster { get; }

    public ushort BasePort { get; }

    public uint ReadPort(ushort port, int size) => BusMaster.Read(port - BasePort, size);

    public void WritePort(ushort port, int size, uint value) => BusMaster.Write(port - BasePort, size, value);
}
