using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Common;
using PcEmu.Devices.Pci;
using PcEmu.Memory;

namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// PCI glue for an <see cref="Rtl8139Chip"/>: the configuration header (10EC:8139, class 02/00
/// Ethernet, revision 0x10), BAR0 = 256 I/O ports and BAR1 = 256 bytes of memory, both onto
/// the same registers, interrupt pin INTA#. When the guest (re)programs a BAR the ports are
/// claimed on the <see cref="IoPortBus"/> or the MMIO region mapped in
/// <see cref="PhysicalMemory"/>, and released from the old place. The Bus Master bit of the
/// command register gates the chip's DMA.
/// <para>
/// Wiring (done by the machine builder):
/// <code>
/// var nic = new Rtl8139Pci(memory, ports, clock, timers, backend, Rtl8139Chip.DefaultEeprom(mac));
/// nic.ConnectInterrupt(pciBus.Register(slot, 0, nic));
/// // each run slice: nic.Chip.PollBackend();
/// </code>
/// </para>
/// </summary>
public sealed class Rtl8139Pci : IPciFunction, IPortDevice, IMmioDevice
{
    public const ushort VendorId = 0x10EC;
    public const ushort DeviceId = 0x8139;

    /// <summary>Network controller (02h), Ethernet (00h).</summary>
    public const uint ClassCode = 0x02_00_00;

    public const int IoBarIndex = 0;
    public const int MemoryBarIndex = 1;

    private const int SubsystemVendorOffset = 0x2C;
    private const int SubsystemIdOffset = 0x2E;
    private const int MinGrantOffset = 0x3E;
    private const int MaxLatencyOffset = 0x3F;

    /// <summary>Status: fast back-to-back capable (bit 7), medium DEVSEL timing (bits 9-10 = 01), as the 8139C reports.</summary>
    private const ushort DefaultStatus = 0x0280;

    private readonly IoPortBus _ports;
    private readonly PhysicalMemory _memory;
    private readonly ForwardingLine _intA = new();

    public Rtl8139Pci(PhysicalMemory memory, IoPortBus ports, IVirtualClock clock, IVirtualTimers? timers, INetworkBackend backend, ReadOnlySpan<ushort> eepromImage)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(ports);
        _memory = memory;
        _ports = ports;
        Chip = new Rtl8139Chip(memory, _intA, clock, timers, backend, eepromImage);
        Config = new PciConfigSpace(VendorId, DeviceId, ClassCode, Rtl8139Chip.Revision);
        Config.SetWord(SubsystemVendorOffset, VendorId);
        Config.SetWord(SubsystemIdOffset, DeviceId);
        Config.SetByte(MinGrantOffset, 0x20);
        Config.SetByte(MaxLatencyOffset, 0x40);
        Config.DefineBar(IoBarIndex, new PciBarDefinition(PciBarKind.Io, Rtl8139Chip.RegisterBytes));
        Config.DefineBar(MemoryBarIndex, new PciBarDefinition(PciBarKind.Memory32, Rtl8139Chip.RegisterBytes));
        Config.InterruptPin = 1;
        Config.SetWord((int)PciConfigRegister.Status, DefaultStatus);
        Config.BarRemapped += OnBarRemapped;
        Chip.BusMasterEnabled = false;
    }

    public Rtl8139Chip Chip { get; }

    public PciConfigSpace Config { get; }

    /// <summary>The I/O base BAR0 decodes at, or null.</summary>
    public ushort? IoBase { get; private set; }

    /// <summary>The memory address BAR1 decodes at, or null.</summary>
    public uint? MemoryBase { get; private set; }

    /// <summary>Hands the chip the INTA# wire that <see cref="PciBus.Register"/> returned.</summary>
    public void ConnectInterrupt(IInterruptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _intA.Connect(line);
    }

    /// <summary>The chip's reset; the config space is the PCI bus's (a hard reset of the machine rebuilds it).</summary>
    public void Reset(ResetKind kind) => Chip.Reset(kind);

    public void ConfigWritten(int offset, int size) =>
        Chip.BusMasterEnabled = (Config.Command & PciCommand.BusMaster) != 0;

    public uint ReadPort(ushort port, int size) =>
        IoBase is { } io ? Chip.Read(port - io, size) : Floating(size);

    public void WritePort(ushort port, int size, uint value)
    {
        if (IoBase is { } io)
            Chip.Write(port - io, size, value);
    }

    public uint ReadMmio(uint offset, int size) => Chip.Read((int)offset, size);

    public void WriteMmio(uint offset, int size, uint value) => Chip.Write((int)offset, size, value);

    private static uint Floating(int size) => size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };

    private void OnBarRemapped(PciBarMapping mapping)
    {
        if (mapping.Bar == IoBarIndex)
        {
            if (mapping.OldAddress is { } old)
                _ports.Unregister((ushort)old, Rtl8139Chip.RegisterBytes, this);
            IoBase = mapping.NewAddress is { } address ? (ushort)address : null;
            if (IoBase is { } io && !TryClaim(() => _ports.Register(io, Rtl8139Chip.RegisterBytes, this)))
            {
                _ports.Unregister(io, Rtl8139Chip.RegisterBytes, this);
                IoBase = null;
            }
        }
        else if (mapping.Bar == MemoryBarIndex)
        {
            if (mapping.OldAddress is { } old)
                _memory.UnmapMmio(old, this);
            MemoryBase = mapping.NewAddress;
            if (MemoryBase is { } mem && !TryClaim(() => _memory.MapMmio(mem, Rtl8139Chip.RegisterBytes, this, "rtl8139")))
                MemoryBase = null;
        }
    }

    /// <summary>
    /// A BAR the guest placed over another device's ports or MMIO does not decode (the guest's
    /// mistake must not become a host exception); the other device keeps its range.
    /// </summary>
    private static bool TryClaim(Action claim)
    {
        try
        {
            claim();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>INTA# before the bus handed out the real wire: remembers the level and replays it on connect.</summary>
    private sealed class ForwardingLine : IInterruptLine
    {
        private IInterruptLine? _target;
        private bool _level;

        public void Connect(IInterruptLine target)
        {
            _target = target;
            target.Set(_level);
        }

        public void Set(bool level)
        {
            _level = level;
            _target?.Set(level);
        }
    }
}
