using PcEmu.Devices.Ata;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Common;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Pic;
using PcEmu.Devices.Pit;
using PcEmu.Devices.Ps2;
using PcEmu.Devices.Rtc;
using PcEmu.Devices.Speaker;
using PcEmu.Memory;

namespace PcEmu.Machine.Platform;

/// <summary>
/// The motherboard devices beyond the PIC and COM1, wired by <see cref="Wire"/> (called once
/// from <see cref="PcMachineBuilder"/>). Port and IRQ map:
/// <list type="bullet">
/// <item>0x40-0x43 PIT (<see cref="Pit8254"/>), OUT0 on IRQ 0; 0x61 system control port B (GATE2, speaker, OUT2, refresh);
///   with an audio sink, the <see cref="PcSpeaker"/> samples up to each write to them (<see cref="SpeakerSynchronizedPorts"/>)</item>
/// <item>0x60, 0x64 8042 (<see cref="I8042Controller"/>), keyboard IRQ 1, mouse IRQ 12; its A20 and reset lines</item>
/// <item>0x70-0x71 RTC and CMOS (<see cref="Mc146818Rtc"/>), IRQ 8; memory sizes and equipment in CMOS</item>
/// <item>0x92 fast A20 and reset, 0xCF9 PIIX3 reset control (<see cref="SystemResetPorts"/>)</item>
/// <item>0xCF8, 0xCFC-0xCFF PCI configuration mechanism #1 for bus 0: 00:00.0 i440FX host bridge
///   (8086:1237), 00:01.0 PIIX3 ISA bridge (8086:7000, PIRQ routing into the PIC), 00:01.1 PIIX3 IDE (8086:7010)</item>
/// <item>0x1F0-0x1F7 and 0x3F6 primary IDE channel on IRQ 14, 0x170-0x177 and 0x376 secondary on IRQ 15;
///   the bus-master block wherever the guest puts BAR4</item>
/// <item>with the standard VGA (<see cref="PlatformVga"/>): 0x3B4-0x3BA, 0x3C0-0x3DA, Bochs VBE 0x1CE/0x1CF,
///   the window 0xA0000-0xBFFFF, PCI 00:02.0 (1234:1111) with the linear framebuffer at BAR0</item>
/// <item>RTL8139 network cards in PCI slots 3 and up (<see cref="NetworkCards"/>), INTA# through the PIRQ routing</item>
/// </list>
/// The A20 gate the CPU honours is the OR of the 8042 output port and port 0x92 bit 1, as on
/// the PIIX3. A reset request (8042 pulse, 0x92, 0xCF9) goes to <see cref="ResetRequested"/>.
/// </summary>
public sealed class PcPlatform
{
    /// <summary>Where <see cref="ApplyFirmwareDefaults"/> puts IDE BAR4 when no card has a larger I/O BAR (SeaBIOS's first I/O BAR address on QEMU's pc machine).</summary>
    public const ushort FirmwareBusMasterBase = (ushort)FirmwarePciResources.IoStart;

    /// <summary>SeaBIOS's PIRQ A-D routing on the i440FX: IRQ 10, 10, 11, 11 (level-triggered in the ELCR).</summary>
    private static readonly byte[] FirmwarePirqRoutes = { 10, 10, 11, 11 };

    private PcPlatform(
        Pit8254 pit, SystemControlPortB portB, Mc146818Rtc rtc, I8042Controller keyboardController,
        PciBus pciBus, I440fxHostBridge hostBridge, Piix3IsaBridge isaBridge, PiixIde ide, PiixIdePci idePci,
        SystemResetPorts resetPorts)
    {
        Pit = pit;
        PortB = portB;
        Rtc = rtc;
        KeyboardController = keyboardController;
        PciBus = pciBus;
        HostBridge = hostBridge;
        IsaBridge = isaBridge;
        Ide = ide;
        IdePci = idePci;
        ResetPorts = resetPorts;
    }

    public Pit8254 Pit { get; }

    public SystemControlPortB PortB { get; }

    public Mc146818Rtc Rtc { get; }

    public I8042Controller KeyboardController { get; }

    public PciBus PciBus { get; }

    public I440fxHostBridge HostBridge { get; }

    public Piix3IsaBridge IsaBridge { get; }

    public PiixIde Ide { get; }

    public PiixIdePci IdePci { get; }

    public SystemResetPorts ResetPorts { get; }

    /// <summary>The standard VGA (<see cref="PcMachineOptions.Display"/> = <see cref="DisplayAdapter.Std"/>), or null.</summary>
    public PlatformVga? Vga { get; private set; }

    /// <summary>The PC speaker (<see cref="PcMachineOptions.Speaker"/>), or null without an audio sink.</summary>
    public PcSpeaker? Speaker { get; private init; }

    /// <summary>The RTL8139 cards (slots 3 and up).</summary>
    public NetworkCards Network { get; private init; } = null!;

    private readonly List<(IPciFunction Function, byte[] Bytes)> _pciPowerOn = new();
    private Action<bool>? _setA20;

    /// <summary>Raised with a description when the guest asks for a system reset.</summary>
    public event Action<string>? ResetRequested;

    /// <summary>Creates the devices, claims their ports and connects their IRQs and the A20 and reset lines.</summary>
    public static PcPlatform Wire(
        PcMachineOptions options, PhysicalMemory memory, IoPortBus ports, DualPic pic, IVirtualTimers timers, Action<bool> setA20)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(pic);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(setA20);

        Pit8254 pit = new(timers, pic.Irq(Pit8254Isa.Irq));
        Pit8254Isa pitPorts = new(pit);
        SystemControlPortB portB = new(pit);
        PcSpeaker? speaker = options.Speaker is null ? null : new PcSpeaker(pit, portB, options.Speaker);
        if (speaker is null)
        {
            pitPorts.Register(ports);
            portB.Register(ports);
        }
        else
        {
            ports.Register(Pit8254Isa.BasePort, Pit8254Isa.PortCount, new SpeakerSynchronizedPorts(pitPorts, speaker));
            ports.Register(SystemControlPortB.Port, 1, new SpeakerSynchronizedPorts(portB, speaker));
        }

        DateTime start = options.RtcStart ?? (options.Realtime ? DateTime.Now : Mc146818Rtc.DefaultDeterministicStart);
        Mc146818Rtc rtc = new(timers, pic.Irq(Mc146818RtcIsa.Irq), start);
        new Mc146818RtcIsa(rtc).Register(ports);
        PcCmos.Apply(rtc, new PcCmosConfiguration(memory.RamSize));

        I8042Controller keyboardController = new(pic.Irq(I8042Isa.KeyboardIrq), pic.Irq(I8042Isa.MouseIrq));
        new I8042Isa(keyboardController).Register(ports);

        PciBus pciBus = new();
        new PciConfigMechanism1(pciBus).Register(ports);
        I440fxHostBridge hostBridge = new();
        pciBus.Register(I440fxHostBridge.Device, I440fxHostBridge.Function, hostBridge);
        Piix3IsaBridge isaBridge = new(irq => pic.Irq(irq));
        pciBus.Register(Piix3IsaBridge.Device, Piix3IsaBridge.Function, isaBridge);
        pciBus.InterruptRouter = isaBridge;

        PiixIde ide = new(
            memory,
            pic.Irq(AtaChannelIsa.PrimaryIrq),
            pic.Irq(AtaChannelIsa.SecondaryIrq),
            primaryMaster: HardDisk(options.Hda),
            primarySlave: HardDisk(options.Hdb),
            secondaryMaster: options.Cdrom is null ? null : new AtapiCdrom(options.Cdrom));
        ide.Register(ports);
        PiixIdePci idePci = new(ide, ports);
        if (options.Diagnostics is { } diagnostics)
            idePci.Diagnostic += diagnostics;
        pciBus.Register(PiixIdePci.Device, PiixIdePci.Function, idePci);

        NetworkCards network = new(options.Nics, memory, ports, timers.Clock, timers, pciBus);

        SystemResetPorts resetPorts = new();
        resetPorts.Register(ports);

        PcPlatform platform = new(pit, portB, rtc, keyboardController, pciBus, hostBridge, isaBridge, ide, idePci, resetPorts)
        {
            _setA20 = setA20,
            Network = network,
            Speaker = speaker,
        };
        keyboardController.A20Changed += _ => setA20(platform.A20Enabled);
        resetPorts.A20Changed += _ => setA20(platform.A20Enabled);
        keyboardController.ResetRequested += () => platform.ResetRequested?.Invoke("8042 reset line");
        resetPorts.ResetRequested += source => platform.ResetRequested?.Invoke(source);
        setA20(platform.A20Enabled);
        if (options.Display == DisplayAdapter.Std)
            platform.Vga = PlatformVga.Wire(memory, ports, pciBus, timers.Clock);
        return platform;
    }

    /// <summary>
    /// A system reset (what QEMU does for 0xCF9, port 0x92, 8042 command 0xFE and a triple
    /// fault): the PIT, port 0x61, the 8042 and its keyboard and mouse, the IDE channels, the
    /// VGA and ports 0x92/0xCF9 return to power-on; every PCI function's configuration space
    /// returns to what it held before the guest first ran (<see cref="CapturePowerOnState"/>);
    /// the RTC keeps its time and CMOS RAM but drops its interrupt enables (MC146818A, RESET pin).
    /// </summary>
    public void Reset()
    {
        Speaker?.Synchronize();
        Pit.Reset(ResetKind.Hard);
        PortB.Reset(ResetKind.Hard);
        Rtc.Reset(ResetKind.Hard);
        KeyboardController.Reset(ResetKind.Hard);
        Ide.Reset(ResetKind.Hard);
        Vga?.Adapter.Reset(ResetKind.Hard);
        Network.Reset();
        ResetPorts.Reset();
        foreach ((IPciFunction function, byte[] bytes) in _pciPowerOn)
            function.Config.LoadBytes(bytes);
        _setA20?.Invoke(A20Enabled);
    }

    /// <summary>Records every PCI function's configuration space for <see cref="Reset"/> (called once the machine is wired).</summary>
    public void CapturePowerOnState()
    {
        _pciPowerOn.Clear();
        foreach ((_, _, IPciFunction function) in PciBus.Functions)
            _pciPowerOn.Add((function, function.Config.SaveBytes()));
    }

    /// <summary>The A20 gate: open while the 8042 output port or port 0x92 opens it.</summary>
    public bool A20Enabled => KeyboardController.A20Enabled || ResetPorts.FastA20Enabled;

    /// <summary>
    /// What a BIOS (SeaBIOS on QEMU's pc machine) leaves for a kernel loaded without one: the
    /// 8042 self-tested with translation and interrupts on; PIRQ A-D routed to IRQ 10, 10, 11,
    /// 11 and those IRQs level-triggered; every PCI BAR placed, decoding enabled and interrupt
    /// line set as SeaBIOS does (<see cref="FirmwarePciResources"/>: IDE BAR4 at
    /// <see cref="FirmwareBusMasterBase"/> without network cards, after their I/O BARs with
    /// them); the IDE function with bus mastering allowed. The PIC and PIT are left at
    /// power-on for the kernel to program.
    /// </summary>
    public void ApplyFirmwareDefaults(DualPic pic)
    {
        ArgumentNullException.ThrowIfNull(pic);
        KeyboardController.ApplyFirmwareDefaults();
        ushort elcr = 0;
        for (int pirq = 0; pirq < FirmwarePirqRoutes.Length; pirq++)
        {
            PciBus.WriteConfig(0, Piix3IsaBridge.Device, Piix3IsaBridge.Function, Piix3IsaBridge.PirqRouteControl + pirq, 1, FirmwarePirqRoutes[pirq]);
            elcr |= (ushort)(1 << FirmwarePirqRoutes[pirq]);
        }
        pic.WriteElcr(0, (byte)elcr);
        pic.WriteElcr(1, (byte)(elcr >> 8));

        FirmwarePciResources.Assign(PciBus, IsaBridge);
        PciBus.WriteConfig(0, PiixIdePci.Device, PiixIdePci.Function, (int)PciConfigRegister.Command, 2, (uint)(PciCommand.IoSpace | PciCommand.BusMaster));
        Vga?.ApplyFirmwareDefaults(PciBus);
    }

    private static AtaDisk? HardDisk(IBlockBackend? backend) => backend is null ? null : new AtaDisk(backend);
}
