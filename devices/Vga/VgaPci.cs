using PcEmu.Devices.Pci;
using PcEmu.Memory;

namespace PcEmu.Devices.Vga;

/// <summary>
/// PCI glue for the Bochs/QEMU standard VGA: function 1234:1111, class 03/00/00 (VGA-compatible
/// display controller), BAR0 a 16 MiB prefetchable memory BAR holding the VBE linear
/// framebuffer. When the guest moves, enables or disables BAR0 the framebuffer is unmapped
/// from the old address and mapped at the new one. The legacy ports and window stay with
/// <see cref="VgaIsa"/> (a VGA decodes them regardless of its BARs). No interrupt pin.
/// </summary>
public sealed class VgaPci : IPciFunction
{
    public const ushort VendorId = 0x1234;
    public const ushort DeviceId = 0x1111;
    public const uint ClassCode = 0x03_00_00;
    public const byte RevisionId = 0x02;
    public const int FramebufferBar = 0;

    /// <summary>Where the framebuffer sits when firmware without PCI enumeration uses Bochs VBE (VBE_DISPI_LFB_PHYSICAL_ADDRESS).</summary>
    public const uint DefaultFramebufferAddress = 0xE000_0000;

    private readonly PhysicalMemory _memory;

    public VgaPci(VgaAdapter vga, PhysicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(vga);
        ArgumentNullException.ThrowIfNull(memory);
        Adapter = vga;
        _memory = memory;
        Framebuffer = new VgaLinearFramebuffer(vga.Vbe);
        Config = new PciConfigSpace(VendorId, DeviceId, ClassCode, RevisionId);
        Config.DefineBar(FramebufferBar, new PciBarDefinition(PciBarKind.Memory32, BochsVbe.MemorySize, Prefetchable: true));
        // A VGA-compatible function's I/O space bit governs its legacy ports (PCI 2.2, 6.2.2), so it
        // is writable though there is no I/O BAR; the legacy decode itself stays on, as on QEMU.
        int command = (int)PciConfigRegister.Command;
        Config.SetWriteMask(command, 2, Config.GetWriteMask(command, 2) | (uint)PciCommand.IoSpace);
        Config.BarRemapped += OnBarRemapped;
    }

    public VgaAdapter Adapter { get; }

    public PciConfigSpace Config { get; }

    /// <summary>The framebuffer's MMIO device (offsets from the BAR).</summary>
    public IMmioDevice Framebuffer { get; }

    /// <summary>The address BAR0 is mapped at now, or null.</summary>
    public uint? FramebufferAddress { get; private set; }

    private void OnBarRemapped(PciBarMapping mapping)
    {
        if (mapping.Bar != FramebufferBar)
            return;
        if (mapping.OldAddress is { } old)
            _memory.UnmapMmio(old, Framebuffer);
        FramebufferAddress = mapping.NewAddress;
        if (mapping.NewAddress is { } address)
            _memory.MapMmio(address, BochsVbe.MemorySize, Framebuffer, "vga-lfb");
    }
}

/// <summary>The VBE linear framebuffer as an MMIO region.</summary>
public sealed class VgaLinearFramebuffer(BochsVbe vbe) : IMmioDevice
{
    public uint ReadMmio(uint offset, int size) => vbe.ReadFramebuffer(offset, size);

    public void WriteMmio(uint offset, int size, uint value) => vbe.WriteFramebuffer(offset, size, value);
}
