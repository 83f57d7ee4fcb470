using PcEmu.Memory;

namespace PcEmu.Machine.Platform;

/// <summary>
/// Port 0x92, System Control Port A ("fast A20 and reset", PIIX3 datasheet 4.1.x / the PS/2
/// Model 50 port): bit 0 written 0 to 1 pulses INIT (a CPU reset), bit 1 is the fast A20
/// gate; both read back, the other bits read 0 and are dropped. Port 0xCF9, the PIIX3 Reset
/// Control register: bit 1 selects a hard reset, bit 2 written 0 to 1 resets the system;
/// bits 1-3 read back. Wider accesses use the low byte; the upper bytes read 0xFF.
/// </summary>
public sealed class SystemResetPorts : IPortDevice
{
    public const ushort ControlPortA = 0x92;
    public const ushort ResetControl = 0xCF9;

    private const byte FastReset = 0x01;
    private const byte FastA20 = 0x02;
    private const byte SystemReset = 0x04;
    private const byte ResetControlReadable = 0x0E;

    private byte _portA;
    private byte _resetControl;

    /// <summary>Raised with the new state when port 0x92 bit 1 changes.</summary>
    public event Action<bool>? A20Changed;

    /// <summary>Raised with the register that asked for it ("port 0x92", "port 0xCF9").</summary>
    public event Action<string>? ResetRequested;

    public bool FastA20Enabled => (_portA & FastA20) != 0;

    /// <summary>System reset: both registers clear (fast A20 off) without raising the events.</summary>
    public void Reset()
    {
        _portA = 0;
        _resetControl = 0;
    }

    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(ControlPortA, 1, this);
        bus.Register(ResetControl, 1, this);
    }

    public uint ReadPort(ushort port, int size)
    {
        byte value = port == ControlPortA ? _portA : (byte)(_resetControl & ResetControlReadable);
        return size switch { 1 => value, 2 => 0xFF00u | value, _ => 0xFFFF_FF00u | value };
    }

    public void WritePort(ushort port, int size, uint value)
    {
        byte data = (byte)value;
        if (port == ControlPortA)
        {
            byte old = _portA;
            _portA = (byte)(data & (FastReset | FastA20));
            if (((old ^ _portA) & FastA20) != 0)
                A20Changed?.Invoke(FastA20Enabled);
            if ((old & FastReset) == 0 && (_portA & FastReset) != 0)
                ResetRequested?.Invoke("port 0x92 fast reset");
            return;
        }
        byte before = _resetControl;
        _resetControl = data;
        if ((before & SystemReset) == 0 && (data & SystemReset) != 0)
            ResetRequested?.Invoke("port 0xCF9 reset control");
    }
}
