using PcEmu.Memory;

namespace PcEmu.Devices.Rtc;

/// <summary>
/// ISA glue for a <see cref="Mc146818Rtc"/> on a PC: port 0x70 (write: bits 6-0 select the
/// register, bit 7 is the motherboard's NMI mask latch) and port 0x71 (the selected
/// register), IRQ 8. The index survives data accesses, so a register can be read repeatedly.
/// A 16- or 32-bit access is split into byte accesses to consecutive ports. Port 0x70 is
/// write-only on a PC; reading it returns 0xFF (QEMU's choice; some chipsets return the index).
/// </summary>
public sealed class Mc146818RtcIsa : IPortDevice
{
    public const ushort IndexPort = 0x70;
    public const ushort DataPort = 0x71;
    public const int PortCount = 2;
    public const int Irq = 8;

    private const byte NmiMaskBit = 0x80;

    public Mc146818RtcIsa(Mc146818Rtc rtc)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        Rtc = rtc;
    }

    public Mc146818Rtc Rtc { get; }

    /// <summary>The register selected by the last write to port 0x70 (0x00-0x7F).</summary>
    public byte Index { get; set; }

    /// <summary>Bit 7 of the last write to port 0x70: while set, the NMI is masked. Clear at power-on.</summary>
    public bool NmiMasked { get; set; }

    /// <summary>Raised with the new value when a write to port 0x70 changes the NMI mask.</summary>
    public event Action<bool>? NmiMaskChanged;

    /// <summary>Claims ports 0x70-0x71.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(IndexPort, PortCount, this);
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

    private byte ReadByte(int port) => port == DataPort ? Rtc.Read(Index) : (byte)0xFF;

    private void WriteByte(int port, byte value)
    {
        if (port == IndexPort)
        {
            Index = (byte)(value & ~NmiMaskBit);
            bool masked = (value & NmiMaskBit) != 0;
            if (masked != NmiMasked)
            {
                NmiMasked = masked;
                NmiMaskChanged?.Invoke(masked);
            }
        }
        else if (port == DataPort)
        {
            Rtc.Write(Index, value);
        }
    }
}
