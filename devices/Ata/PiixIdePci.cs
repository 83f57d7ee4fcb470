using PcEmu.Devices.Pci;
using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// PCI glue for <see cref="PiixIde"/>: the configuration space of PIIX3 function 1
/// (00:01.1, 8086:7010, class 01/01/80, as QEMU's "pc" machine shows it) and the decode of
/// BAR4, the 16-byte bus-master I/O block. When the guest moves or disables BAR4 (or turns
/// off I/O decode in the command register) the block follows it through
/// <see cref="PiixIde.MapBusMaster"/> / <see cref="PiixIde.UnmapBusMaster"/>.
/// <para>
/// IDETIM (0x40-0x43) and SIDETIM (0x44) are writable storage; the legacy ports always
/// decode (see <see cref="PiixIde"/>). Interrupt pin 0: the channels use ISA IRQ 14 and 15.
/// BARs 0-3 read 0 (legacy mode). Reading chosen: a BAR4 address that overlaps ports another
/// device owns is not decoded (the guest's mistake must not take over the other device; real
/// hardware would answer with both).
/// </para>
/// </summary>
public sealed class PiixIdePci : IPciFunction
{
    public const int Device = 1;
    public const int Function = 1;
    private const int IdeTiming = 0x40;
    private const int SlaveIdeTiming = 0x44;

    private readonly PiixIde _ide;
    private readonly IoPortBus _ports;
    private readonly HashSet<ushort> _ownBases = new();

    public PiixIdePci(PiixIde ide, IoPortBus ports)
    {
        _ide = ide ?? throw new ArgumentNullException(nameof(ide));
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        Config = new PciConfigSpace(PiixIde.VendorId, PiixIde.DeviceId, PiixIde.ClassCode, PiixIde.RevisionId);
        Config.SetWord((int)PciConfigRegister.Status, (ushort)(PciStatus.DevselMedium | PciStatus.FastBackToBackCapable));
        Config.DefineBar(PiixIde.BusMasterBarIndex, new PciBarDefinition(PciBarKind.Io, PiixIde.BusMasterBarSize));
        Config.SetWriteMask(IdeTiming, 4, 0xFFFF_FFFF);
        Config.SetWriteMask(SlaveIdeTiming, 1, 0xFF);
        Config.BarRemapped += OnBarRemapped;
    }

    public PciConfigSpace Config { get; }

    /// <summary>Reports a BAR4 address the glue refused (it overlaps another device's ports).</summary>
    public event Action<string>? Diagnostic;

    private void OnBarRemapped(PciBarMapping mapping)
    {
        if (mapping.Bar != PiixIde.BusMasterBarIndex)
            return;
        if (mapping.NewAddress is not { } address || address > 0xFFFF - PiixIde.BusMasterBarSize + 1)
        {
            _ide.UnmapBusMaster();
            return;
        }
        ushort basePort = (ushort)address;
        if (!_ownBases.Contains(basePort))
        {
            for (int port = basePort; port < basePort + PiixIde.BusMasterBarSize; port++)
            {
                if (_ports.DeviceAt((ushort)port) is not null)
                {
                    _ide.UnmapBusMaster();
                    Diagnostic?.Invoke($"pcemu: IDE BAR4 at 0x{basePort:X4} overlaps port 0x{port:X4} of another device; not decoded");
                    return;
                }
            }
            _ownBases.Add(basePort);
        }
        _ide.MapBusMaster(_ports, basePort);
    }
}
