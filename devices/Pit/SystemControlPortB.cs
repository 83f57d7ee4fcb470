using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Pit;

/// <summary>
/// Port 0x61, the AT's system control port B (on the PIIX3: NMI status and control), as far
/// as the timer and speaker use it. Bit 0 drives GATE2 of the <see cref="Pit8254"/>, bit 1 is
/// the speaker data enable (stored for the speaker: the speaker sounds OUT2 AND bit 1); both
/// read back. Bit 4 toggles with each DRAM refresh request, every 15.085 us of virtual time
/// (counter 1's refresh period of 18 input ticks); bit 5 is OUT2. Bits 2-3 (parity and channel
/// check enables) and 6-7 (their status) are not modelled: they read 0 and writes are dropped,
/// as in QEMU. Wider accesses read 0xFF in the bytes past 0x61.
/// </summary>
public sealed class SystemControlPortB : IPortDevice
{
    public const ushort Port = 0x61;

    /// <summary>Half-period of the refresh toggle, in virtual nanoseconds.</summary>
    public const long RefreshToggleNanoseconds = 15_085;

    private SystemControlPortBBits _latch;

    public SystemControlPortB(Pit8254 pit)
    {
        ArgumentNullException.ThrowIfNull(pit);
        Pit = pit;
        Reset(ResetKind.PowerOn);
    }

    public Pit8254 Pit { get; }

    /// <summary>Bit 1: the speaker follows OUT2 only while this is set.</summary>
    public bool SpeakerDataEnabled => (_latch & SystemControlPortBBits.SpeakerData) != 0;

    /// <summary>Claims port 0x61.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(Port, 1, this);
    }

    public void Reset(ResetKind kind) => Write(0);

    /// <summary>Snapshot: the two writable bits (the rest is derived from the PIT and the clock).</summary>
    public byte SaveState() => (byte)_latch;

    public void LoadState(byte latch) => Write(latch);

    public byte Read()
    {
        SystemControlPortBBits value = _latch;
        if ((Pit.Clock.NowNanoseconds / RefreshToggleNanoseconds & 1) != 0)
            value |= SystemControlPortBBits.RefreshToggle;
        if (Pit.GetOutput(Pit8254.SpeakerChannel))
            value |= SystemControlPortBBits.Timer2Output;
        return (byte)value;
    }

    public void Write(byte value)
    {
        _latch = (SystemControlPortBBits)value & SystemControlPortBBits.Writable;
        Pit.SetGate(Pit8254.SpeakerChannel, (_latch & SystemControlPortBBits.Timer2Gate) != 0);
    }

    public uint ReadPort(ushort port, int size)
    {
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= (uint)(port + i == Port ? Read() : (byte)0xFF) << (8 * i);
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        if (port == Port)
            Write((byte)value);
    }
}
