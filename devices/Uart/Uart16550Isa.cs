using PcEmu.Memory;

namespace PcEmu.Devices.Uart;

/// <summary>
/// ISA glue for a <see cref="Uart16550"/>: eight byte-wide ports from a base address (COM1:
/// 0x3F8-0x3FF, IRQ 4; COM2: 0x2F8-0x2FF, IRQ 3; COM3: 0x3E8, IRQ 4; COM4: 0x2E8, IRQ 3).
/// A 16- or 32-bit access is split into byte
/// accesses to consecutive registers; bytes past the eighth port read as 0xFF (floating bus).
/// The IRQ wire is the one handed to the chip; as in QEMU, OUT2 does not gate it.
/// The machine builder registers the ports (<see cref="PortCount"/> from <see cref="BasePort"/>).
/// </summary>
public sealed class Uart16550Isa : IPortDevice
{
    public const ushort Com1Base = 0x3F8;
    public const int Com1Irq = 4;
    public const ushort Com2Base = 0x2F8;
    public const int Com2Irq = 3;
    public const ushort Com3Base = 0x3E8;
    public const int Com3Irq = 4;
    public const ushort Com4Base = 0x2E8;
    public const int Com4Irq = 3;

    /// <summary>COM1-COM4 in order: base port and IRQ (COM3 shares IRQ 4 with COM1, COM4 IRQ 3 with COM2).</summary>
    public static readonly (ushort Base, int Irq)[] StandardPorts =
    {
        (Com1Base, Com1Irq), (Com2Base, Com2Irq), (Com3Base, Com3Irq), (Com4Base, Com4Irq),
    };
    public const int PortCount = 8;

    public Uart16550Isa(Uart16550 uart, ushort basePort)
    {
        ArgumentNullException.ThrowIfNull(uart);
        Uart = uart;
        BasePort = basePort;
    }

    public Uart16550 Uart { get; }

    public ushort BasePort { get; }

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
        int offset = port - BasePort;
        if (offset < 0 || offset >= PortCount)
            return 0xFF;
        return Uart.Read((Uart16550Register)offset);
    }

    private void WriteByte(int port, byte value)
    {
        int offset = port - BasePort;
        if (offset < 0 || offset >= PortCount)
            return;
        Uart.Write((Uart16550Register)offset, value);
    }
}
