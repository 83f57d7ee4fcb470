using PcEmu.Memory;

namespace PcEmu.Devices.Pci;

/// <summary>
/// The Intel 82371SB PIIX3 PCI-to-ISA bridge, function 0 (configuration space and interrupt
/// routing), at 00:01.0: 8086:7000, class 06/01/00 (ISA bridge), multi-function (the IDE
/// and USB functions are separate devices). 82371SB datasheet, section 2.2.
/// <para>
/// PCI interrupt routing: a function in slot <c>d</c> driving INTx# (x = 0 for INTA#)
/// drives PIRQ[(x + d - 1) mod 4]# (the swizzle of QEMU's and SeaBIOS's i440FX board), and
/// PIRQRC[A:D] (0x60-0x63) send each PIRQ to an ISA IRQ: bit 7 set = not routed, bits 3-0 =
/// the IRQ (3-7, 9-12, 14 or 15; other values are reserved and route nowhere). PCI interrupts
/// are level-triggered and shared: an ISA IRQ is asserted while any PIRQ routed to it is.
/// The ISA IRQ wires come from the machine (<c>isaIrq(n)</c>); the PIC's ELCR must mark
/// those IRQs level-triggered, as firmware does.
/// </para>
/// <para>Known gaps: the other PIIX3 function 0 registers (X-bus, top of memory, motherboard IRQs/DMA, SMI) are storage only; APIC routing is absent.</para>
/// </summary>
public sealed class Piix3IsaBridge : IPciFunction, IPciInterruptRouter
{
    public const ushort VendorIntel = 0x8086;
    public const ushort DeviceId = 0x7000;
    public const uint ClassIsaBridge = 0x06_01_00;
    public const int Device = 1;
    public const int Function = 0;
    /// <summary>PIRQRC[A]; B, C and D follow.</summary>
    public const int PirqRouteControl = 0x60;
    public const int PirqCount = 4;

    private const byte RouteDisabled = 0x80;
    private const byte RouteIrqMask = 0x0F;
    private const int IsaIrqCount = 16;

    private readonly IInterruptLine?[] _isaIrqs = new IInterruptLine?[IsaIrqCount];
    private readonly bool[] _intx = new bool[PciBus.DeviceCount * PirqCount];
    private readonly bool[] _driven = new bool[IsaIrqCount];

    /// <param name="isaIrq">The interrupt controller input for ISA IRQ n, or null where PCI interrupts may not go.</param>
    public Piix3IsaBridge(Func<int, IInterruptLine?> isaIrq)
    {
        ArgumentNullException.ThrowIfNull(isaIrq);
        for (int irq = 0; irq < IsaIrqCount; irq++)
            _isaIrqs[irq] = IsRoutable(irq) ? isaIrq(irq) : null;

        Config = new PciConfigSpace(VendorIntel, DeviceId, ClassIsaBridge, 0, PciHeaderType.MultiFunction);
        Config.SetWord((int)PciConfigRegister.Command, (ushort)(PciCommand.IoSpace | PciCommand.MemorySpace | PciCommand.BusMaster));
        Config.SetWord((int)PciConfigRegister.Status, (ushort)PciStatus.DevselMedium);
        Config.SetByte((int)PciConfigRegister.InterruptLine, 0);
        Config.SetWriteMask((int)PciConfigRegister.InterruptLine, 1, 0);
        // Power-on values and writable bits (datasheet, section 2.2).
        SetRegister(0x4C, 0x4D, 0x7F); // IORT
        SetRegister(0x4E, 0x03, 0xFF); // XBCS
        SetRegister(0x4F, 0x00, 0xFF);
        for (int i = 0; i < PirqCount; i++)
            SetRegister(PirqRouteControl + i, RouteDisabled, RouteDisabled | RouteIrqMask);
        SetRegister(0x69, 0x02, 0xFE); // TOM
        SetRegister(0x6A, 0x00, 0xD7); // MSTAT
        SetRegister(0x70, 0x80, 0xCF); // MBIRQ0
        SetRegister(0x71, 0x80, 0xCF); // MBIRQ1
        SetRegister(0x76, 0x0C, 0x8F); // MBDMA0
        SetRegister(0x77, 0x0C, 0x8F); // MBDMA1
        SetRegister(0x78, 0x02, 0xFF); // PCSC
        SetRegister(0x79, 0x00, 0xFF);
        SetRegister(0x80, 0x00, 0x7F); // APICBASE
        SetRegister(0x82, 0x00, 0x0F); // DLC
        for (int offset = 0xA0; offset <= 0xAF; offset++)
            SetRegister(offset, 0x00, 0xFF); // SMI and power management
    }

    public PciConfigSpace Config { get; }

    /// <summary>The ISA IRQ PIRQ <paramref name="pirq"/> (0 = PIRQA#) is routed to, or null.</summary>
    public int? PirqRoute(int pirq)
    {
        byte route = Config.GetByte(PirqRouteControl + pirq);
        int irq = route & RouteIrqMask;
        return (route & RouteDisabled) == 0 && IsRoutable(irq) ? irq : null;
    }

    /// <summary>The PIRQ a function's pin reaches: <c>(pin + device - 1) mod 4</c>.</summary>
    public static int Swizzle(int device, int pin) => (pin + device - 1) & (PirqCount - 1);

    public void SetIntx(int device, int pin, bool level)
    {
        if ((uint)device >= PciBus.DeviceCount || (uint)pin >= PirqCount)
            return;
        _intx[device * PirqCount + pin] = level;
        UpdateIsaIrqs();
    }

    void IPciFunction.ConfigWritten(int offset, int size)
    {
        if (offset < PirqRouteControl + PirqCount && offset + size > PirqRouteControl)
            UpdateIsaIrqs();
    }

    private static bool IsRoutable(int irq) => irq is >= 3 and <= 7 or >= 9 and <= 12 or 14 or 15;

    private void SetRegister(int offset, byte value, byte writable)
    {
        Config.SetByte(offset, value);
        Config.SetWriteMask(offset, 1, writable);
    }

    /// <summary>Recomputes every ISA IRQ the PIRQs drive and changes only the wires whose level changed.</summary>
    private void UpdateIsaIrqs()
    {
        Span<bool> pirq = stackalloc bool[PirqCount];
        for (int i = 0; i < _intx.Length; i++)
        {
            if (_intx[i])
                pirq[Swizzle(i / PirqCount, i % PirqCount)] = true;
        }
        Span<bool> level = stackalloc bool[IsaIrqCount];
        for (int p = 0; p < PirqCount; p++)
        {
            if (pirq[p] && PirqRoute(p) is { } irq)
                level[irq] = true;
        }
        for (int irq = 0; irq < IsaIrqCount; irq++)
        {
            if (level[irq] == _driven[irq])
                continue;
            _driven[irq] = level[irq];
            _isaIrqs[irq]?.Set(level[irq]);
        }
    }
}
