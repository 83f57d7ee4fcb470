using PcEmu.Devices.Common;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Vga;
using PcEmu.Memory;

namespace PcEmu.Machine.Platform;

/// <summary>
/// The standard VGA as QEMU's pc machine has it: the register ports 0x3B4-0x3BA and
/// 0x3C0-0x3DA and the Bochs VBE ports 0x1CE/0x1CF (<see cref="VgaIsa"/>), the legacy window
/// 0xA0000-0xBFFFF over RAM (the VGA hole), and the PCI function 1234:1111 at 00:02.0 whose
/// BAR0 is the VBE linear framebuffer (<see cref="VgaPci"/>).
/// </summary>
public sealed class PlatformVga
{
    public const int PciDevice = 2;
    public const int PciFunction = 0;

    /// <summary>Where SeaBIOS puts BAR0 on QEMU's pc machine: the first prefetchable memory BAR goes to the top of the PCI window.</summary>
    public const uint FirmwareFramebufferAddress = 0xFD00_0000;

    private PlatformVga(VgaAdapter adapter, VgaIsa isa, VgaPci pci)
    {
        Adapter = adapter;
        Isa = isa;
        Pci = pci;
    }

    public VgaAdapter Adapter { get; }

    public VgaIsa Isa { get; }

    public VgaPci Pci { get; }

    public static PlatformVga Wire(PhysicalMemory memory, IoPortBus ports, PciBus pciBus, IVirtualClock clock)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(pciBus);
        ArgumentNullException.ThrowIfNull(clock);
        VgaAdapter adapter = new(clock);
        VgaIsa isa = new(adapter);
        isa.Register(ports);
        isa.MapMemory(memory);
        VgaPci pci = new(adapter, memory);
        pciBus.Register(PciDevice, PciFunction, pci);
        return new PlatformVga(adapter, isa, pci);
    }

    /// <summary>
    /// What SeaBIOS and its VGA BIOS (vgabios-stdvga) leave for a kernel: BAR0 at
    /// <see cref="FirmwareFramebufferAddress"/>, I/O and memory decoding and SERR# on (command
    /// 0x0103, as QEMU reads back), and the card in mode 3 (<see cref="VgaBiosTextMode"/>) with
    /// an 8x16 font in plane 2 (<see cref="VgaBiosFont"/>; QEMU's VGA BIOS loads its own) from
    /// a hard reset, so that a reboot leaves the same state whatever mode the guest had set.
    /// </summary>
    public void ApplyFirmwareDefaults(PciBus pciBus)
    {
        ArgumentNullException.ThrowIfNull(pciBus);
        int bar0 = (int)PciConfigRegister.Bar0 + 4 * VgaPci.FramebufferBar;
        pciBus.WriteConfig(0, PciDevice, PciFunction, bar0, 4, FirmwareFramebufferAddress);
        pciBus.WriteConfig(0, PciDevice, PciFunction, (int)PciConfigRegister.Command, 2,
            (uint)(PciCommand.IoSpace | PciCommand.MemorySpace | PciCommand.SerrEnable));
        Adapter.Reset(ResetKind.Hard); // after a reboot too: VBE off, registers cleared, memory kept
        VgaBiosTextMode.Apply(Adapter, VgaBiosFont.Cp437_8x16);
    }
}
