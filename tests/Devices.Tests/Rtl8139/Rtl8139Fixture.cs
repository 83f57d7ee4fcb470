using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Rtl8139;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Rtl8139;

/// <summary>
/// An RTL8139 behind its PCI glue with BAR0 at <see cref="IoBase"/>, I/O and bus mastering
/// enabled, 4 MiB of RAM, an in-memory back end, a manual clock and a recorded INTA#.
/// </summary>
internal sealed class Rtl8139Fixture
{
    public const ushort IoBase = 0xC000;
    public const uint RingAddress = 0x0001_0000;
    public const uint TxBufferAddress = 0x0008_0000;

    public static readonly byte[] Mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

    public Rtl8139Fixture(INetworkBackend? backend = null, byte[]? mac = null)
    {
        NetworkBackend = backend ?? new MemoryNetworkBackend();
        Timers = new VirtualTimerQueue(Clock);
        Pci = new Rtl8139Pci(Memory, Ports, Clock, Timers, NetworkBackend, Rtl8139Chip.DefaultEeprom(mac ?? Mac));
        Pci.ConnectInterrupt(Irq);
        Pci.Config.Write((int)PciConfigRegister.Bar0, 4, IoBase);
        Pci.Config.Write((int)PciConfigRegister.Command, 2, (uint)(PciCommand.IoSpace | PciCommand.BusMaster));
        Pci.ConfigWritten((int)PciConfigRegister.Command, 2);
    }

    public ManualClock Clock { get; } = new();

    public VirtualTimerQueue Timers { get; }

    public PhysicalMemory Memory { get; } = new(4 * 1024 * 1024);

    public IoPortBus Ports { get; } = new();

    public INetworkBackend NetworkBackend { get; }

    /// <summary>The in-memory back end (the default).</summary>
    public MemoryNetworkBackend Backend => (MemoryNetworkBackend)NetworkBackend;

    public RecordingIrqLine Irq { get; } = new();

    public Rtl8139Pci Pci { get; }

    public Rtl8139Chip Nic => Pci.Chip;

    public static byte[] Frame(ReadOnlySpan<byte> destination, int length, byte seed = 0)
    {
        byte[] frame = new byte[length];
        destination.CopyTo(frame);
        Mac.AsSpan().CopyTo(frame.AsSpan(6)); // any source
        frame[6] = 0x02;
        frame[12] = 0x08;
        frame[13] = 0x00;
        for (int i = 14; i < length; i++)
            frame[i] = (byte)(seed + i);
        return frame;
    }

    public static byte[] Broadcast(int length, byte seed = 0) => Frame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, length, seed);

    public uint Read(Rtl8139Register register, int size) => Ports.Read((ushort)(IoBase + (int)register), size);

    public byte Read8(Rtl8139Register register) => (byte)Read(register, 1);

    public ushort Read16(Rtl8139Register register) => (ushort)Read(register, 2);

    public uint Read32(Rtl8139Register register) => Read(register, 4);

    public void Write8(Rtl8139Register register, byte value) => Ports.Write((ushort)(IoBase + (int)register), 1, value);

    public void Write16(Rtl8139Register register, ushort value) => Ports.Write((ushort)(IoBase + (int)register), 2, value);

    public void Write32(Rtl8139Register register, uint value) => Ports.Write((ushort)(IoBase + (int)register), 4, value);

    public Rtl8139Interrupt Isr => (Rtl8139Interrupt)Read16(Rtl8139Register.Isr);

    /// <summary>What a driver does at open: ring address, RCR, RE|TE, all interrupts unmasked except <paramref name="masked"/>.</summary>
    public void Start(Rtl8139Rcr rcr, Rtl8139Interrupt masked = Rtl8139Interrupt.None)
    {
        Write32(Rtl8139Register.Rbstart, RingAddress);
        Write32(Rtl8139Register.Rcr, (uint)rcr);
        Write8(Rtl8139Register.Cr, (byte)(Rtl8139Cr.Re | Rtl8139Cr.Te));
        Write16(Rtl8139Register.Imr, (ushort)(Rtl8139Interrupt.All & ~masked));
    }

    /// <summary>Puts a frame on the wire and lets the machine poll the back end.</summary>
    public int Deliver(byte[] frame)
    {
        Backend.Inject(frame);
        return Nic.PollBackend();
    }

    /// <summary>The driver's side of a consumed packet: CAPR = next packet offset - 16.</summary>
    public void Consume(int nextOffset) => Write16(Rtl8139Register.Capr, (ushort)(nextOffset - 16));

    public byte[] ReadMemory(uint address, int length)
    {
        byte[] bytes = new byte[length];
        Memory.ReadBlock(address, bytes);
        return bytes;
    }

    public void Advance(long nanoseconds)
    {
        Clock.Advance(nanoseconds);
        Timers.RunDue(Clock.NowNanoseconds);
    }
}
