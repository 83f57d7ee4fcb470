using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// The IDE function of an Intel 82371SB PIIX3 (PCI 8086:7010, function 1 of the south
/// bridge) in legacy ("compatibility") mode: two channels at the ISA addresses with IRQ 14
/// and 15, plus bus-master DMA through the 16-byte I/O BAR4. It knows no PCI bus: the
/// machine's PCI model presents <see cref="VendorId"/>, <see cref="DeviceId"/>,
/// <see cref="ClassCode"/> and a 16-byte I/O BAR4 (its other BARs read 0 in legacy mode),
/// and when the guest programs BAR4 it either forwards the BAR's accesses to
/// <see cref="BusMaster"/> (<see cref="BusMasterIde.Read"/>/<see cref="BusMasterIde.Write"/>
/// by offset) or calls <see cref="MapBusMaster"/>.
/// <para>
/// IDETIM (config 0x40/0x42, bit 15 "IDE decode enable") is not modelled: the legacy ports
/// always decode, as after any BIOS. Interrupt pin is 0 (the channels use ISA IRQ 14/15).
/// </para>
/// </summary>
public sealed class PiixIde
{
    public const ushort VendorId = 0x8086;
    public const ushort DeviceId = 0x7010;
    public const byte RevisionId = 0x00;

    /// <summary>Mass storage (01h), IDE (01h), programming interface 80h: bus-master capable, both channels in legacy mode.</summary>
    public const uint ClassCode = 0x01_01_80;

    public const int BusMasterBarIndex = 4;
    public const int BusMasterBarSize = BusMasterIde.RegisterBytes;

    /// <summary>IDETIM reset value the BIOS expects to change (decode disabled), for the PCI model's config space.</summary>
    public const ushort IdeTimingResetValue = 0x0000;

    private readonly List<ushort> _mappedBusMasterBases = new();

    public PiixIde(
        PhysicalMemory memory,
        IInterruptLine primaryIrq,
        IInterruptLine secondaryIrq,
        AtaDevice? primaryMaster = null,
        AtaDevice? primarySlave = null,
        AtaDevice? secondaryMaster = null,
        AtaDevice? secondarySlave = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        Primary = new AtaChannel(primaryIrq, primaryMaster, primarySlave);
        Secondary = new AtaChannel(secondaryIrq, secondaryMaster, secondarySlave);
        PrimaryPorts = new AtaChannelIsa(Primary, AtaChannelIsa.PrimaryCommandBase, AtaChannelIsa.PrimaryControlPort);
        SecondaryPorts = new AtaChannelIsa(Secondary, AtaChannelIsa.SecondaryCommandBase, AtaChannelIsa.SecondaryControlPort);
        BusMaster = new BusMasterIde(memory, Primary, Secondary);
    }

    public AtaChannel Primary { get; }

    public AtaChannel Secondary { get; }

    public AtaChannelIsa PrimaryPorts { get; }

    public AtaChannelIsa SecondaryPorts { get; }

    public BusMasterIde BusMaster { get; }

    /// <summary>The I/O base BAR4 was last mapped at, or null.</summary>
    public ushort? BusMasterBase { get; private set; }

    /// <summary>Claims the legacy ports of both channels (0x1F0-0x1F7, 0x3F6, 0x170-0x177, 0x376).</summary>
    public void Register(IoPortBus bus)
    {
        PrimaryPorts.Register(bus);
        SecondaryPorts.Register(bus);
    }

    /// <summary>
    /// Maps BAR4 at <paramref name="basePort"/> (16 ports). IoPortBus cannot unclaim ports, so
    /// a BAR moved by the guest leaves its old ports claimed but dead: they read 0xFF.
    /// </summary>
    public void MapBusMaster(IoPortBus bus, ushort basePort)
    {
        ArgumentNullException.ThrowIfNull(bus);
        if ((basePort & (BusMasterBarSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(basePort), "BAR4 is 16-byte aligned");
        BusMasterBase = basePort;
        if (_mappedBusMasterBases.Contains(basePort))
            return;
        _mappedBusMasterBases.Add(basePort);
        bus.Register(basePort, BusMasterBarSize, new RelocatablePorts(this, basePort));
    }

    /// <summary>BAR4 no longer decodes (I/O space disabled, or the BAR moved off the port space): its ports read 0xFF.</summary>
    public void UnmapBusMaster() => BusMasterBase = null;

    public void Reset(ResetKind kind)
    {
        Primary.Reset(kind);
        Secondary.Reset(kind);
        BusMaster.Reset(kind);
    }

    /// <summary>BAR4 ports registered at one base; they answer only while BAR4 is still there.</summary>
    private sealed class RelocatablePorts(PiixIde owner, ushort basePort) : IPortDevice
    {
        public uint ReadPort(ushort port, int size)
        {
            if (owner.BusMasterBase != basePort)
                return size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };
            return owner.BusMaster.Read(port - basePort, size);
        }

        public void WritePort(ushort port, int size, uint value)
        {
            if (owner.BusMasterBase == basePort)
                owner.BusMaster.Write(port - basePort, size, value);
        }
    }
}
