using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// ISA (legacy-mode) glue for an <see cref="AtaChannel"/>: the eight command block ports
/// from <see cref="CommandBase"/> and the one control block port (Alternate Status / Device
/// Control). Primary: 0x1F0-0x1F7 and 0x3F6, IRQ 14; secondary: 0x170-0x177 and 0x376,
/// IRQ 15. Port 0x3F7 / 0x377 belongs to the floppy controller and is not claimed.
/// <para>
/// The data port takes 1-, 2- and 4-byte accesses (a dword moves two words, as with the
/// PIIX's 32-bit PIO). Wider accesses to the other registers are split into byte accesses
/// to consecutive registers; bytes past the block read 0xFF.
/// </para>
/// </summary>
public sealed class AtaChannelIsa : IPortDevice
{
    public const ushort PrimaryCommandBase = 0x1F0;
    public const ushort PrimaryControlPort = 0x3F6;
    public const int PrimaryIrq = 14;
    public const ushort SecondaryCommandBase = 0x170;
    public const ushort SecondaryControlPort = 0x376;
    public const int SecondaryIrq = 15;
    public const int CommandPortCount = 8;

    public AtaChannelIsa(AtaChannel channel, ushort commandBase, ushort controlPort)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Channel = channel;
        CommandBase = commandBase;
        ControlPort = controlPort;
    }

    public AtaChannel Channel { get; }

    public ushort CommandBase { get; }

    public ushort ControlPort { get; }

    /// <summary>Claims the command block and the control port on <paramref name="bus"/>.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(CommandBase, CommandPortCount, this);
        bus.Register(ControlPort, 1, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        if (port == CommandBase + (int)AtaRegister.Data)
            return Channel.ReadData(size);
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= (uint)ReadByte(port + i) << (8 * i);
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        if (port == CommandBase + (int)AtaRegister.Data)
        {
            Channel.WriteData(size, value);
            return;
        }
        for (int i = 0; i < size; i++)
            WriteByte(port + i, (byte)(value >> (8 * i)));
    }

    private byte ReadByte(int port)
    {
        if (port == ControlPort)
            return Channel.ReadAlternateStatus();
        int offset = port - CommandBase;
        if (offset is < 0 or >= CommandPortCount)
            return 0xFF;
        return Channel.ReadRegister((AtaRegister)offset);
    }

    private void WriteByte(int port, byte value)
    {
        if (port == ControlPort)
        {
            Channel.WriteDeviceControl(value);
            return;
        }
        int offset = port - CommandBase;
        if (offset is >= 0 and < CommandPortCount)
            Channel.WriteRegister((AtaRegister)offset, value);
    }
}
