using PcEmu.Devices.Pci;

namespace PcEmu.Machine.Platform;

/// <summary>
/// Places the BARs of every function on PCI bus 0 the way SeaBIOS's pciinit does on QEMU's pc
/// machine, so that a kernel loaded without firmware finds its devices where it would under
/// <c>qemu-system-i386 -kernel</c>:
/// <list type="bullet">
/// <item>I/O BARs from 0xC000 upward; memory BARs (at least 4 KiB each) in a window ending
///   below 0xFEC00000 (the I/O APIC), prefetchable ones in their own window; inside each window
///   the largest BARs first, equal sizes in bus-scan order (device, function, BAR index).</item>
/// <item>The memory and prefetchable windows are placed top-down: the one with the smaller
///   alignment ends at 0xFEC00000, the other ends below it (SeaBIOS
///   <c>pci_bios_init_root_regions_mem</c>).</item>
/// <item>The command register gets I/O and memory decode and SERR# (what QEMU shows after
///   SeaBIOS: 0x0103), the interrupt line the ISA IRQ the pin reaches through the PIIX3 PIRQ routing.</item>
/// </list>
/// Cross-checked with QEMU 7.2's <c>info pci</c>: one RTL8139 gives I/O 0xC000, memory
/// 0xFEBFF000 and IDE BAR4 at 0xC100; expansion ROMs are not modelled (QEMU runs with <c>romfile=</c>).
/// </summary>
public static class FirmwarePciResources
{
    public const uint IoStart = 0xC000;
    public const uint MemoryEnd = 0xFEC0_0000;
    private const uint MinimumMemoryBar = 0x1000;

    private enum Window
    {
        Io,
        Memory,
        Prefetchable,
    }

    private sealed record Request(int Device, int Function, IPciFunction Pci, int Bar, Window Window, uint Size);

    public static void Assign(PciBus bus, Piix3IsaBridge router)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(router);
        var requests = new List<Request>();
        foreach ((int device, int function, IPciFunction pci) in bus.Functions.OrderBy(f => f.Device).ThenBy(f => f.Function))
        {
            for (int index = 0; index < PciConfigSpace.BarCount; index++)
            {
                if (pci.Config.GetBar(index) is not { } bar)
                    continue;
                Window window = bar.Kind == PciBarKind.Io ? Window.Io : bar.Prefetchable ? Window.Prefetchable : Window.Memory;
                uint size = window == Window.Io ? bar.Size : Math.Max(bar.Size, MinimumMemoryBar);
                requests.Add(new Request(device, function, pci, index, window, size));
            }
        }

        Place(bus, Sorted(requests, Window.Io), IoStart);
        List<Request> memory = Sorted(requests, Window.Memory);
        List<Request> prefetchable = Sorted(requests, Window.Prefetchable);
        (List<Request> top, List<Request> below) = Alignment(memory) < Alignment(prefetchable) ? (memory, prefetchable) : (prefetchable, memory);
        uint topBase = AlignDown(MemoryEnd - Sum(top), Alignment(top));
        Place(bus, top, topBase);
        Place(bus, below, AlignDown(topBase - Sum(below), Alignment(below)));

        foreach ((int device, int function, IPciFunction pci) in bus.Functions)
        {
            if (requests.Any(r => r.Pci == pci))
            {
                ushort command = (ushort)(pci.Config.Command | PciCommand.IoSpace | PciCommand.MemorySpace | PciCommand.SerrEnable);
                bus.WriteConfig(0, device, function, (int)PciConfigRegister.Command, 2, command);
            }
            byte pin = pci.Config.InterruptPin;
            if (pin is >= 1 and <= 4 && router.PirqRoute(Piix3IsaBridge.Swizzle(device, pin - 1)) is { } irq)
                bus.WriteConfig(0, device, function, (int)PciConfigRegister.InterruptLine, 1, (uint)irq);
        }
    }

    /// <summary>Largest first; OrderByDescending is stable, so equal sizes keep scan order.</summary>
    private static List<Request> Sorted(List<Request> all, Window window) =>
        all.Where(r => r.Window == window).OrderByDescending(r => r.Size).ToList();

    private static uint Sum(List<Request> requests) => (uint)requests.Sum(r => (long)r.Size);

    private static uint Alignment(List<Request> requests) => requests.Count == 0 ? 1 : requests.Max(r => r.Size);

    private static uint AlignDown(uint value, uint alignment) => value & ~(alignment - 1);

    private static void Place(PciBus bus, List<Request> requests, uint start)
    {
        uint address = start;
        foreach (Request request in requests)
        {
            bus.WriteConfig(0, request.Device, request.Function, (int)PciConfigRegister.Bar0 + 4 * request.Bar, 4, address);
            address += request.Size;
        }
    }
}
