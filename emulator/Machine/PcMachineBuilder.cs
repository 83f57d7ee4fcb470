using PcEmu.Cpu;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Common;
using PcEmu.Devices.DebugConsole;
using PcEmu.Devices.DebugExit;
using PcEmu.Devices.Pic;
using PcEmu.Devices.PostCode;
using PcEmu.Devices.Uart;
using PcEmu.Machine.Platform;
using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// The one place where the PC is wired: RAM, the port bus, the CPU, and each device at its
/// ports and IRQ. Port map so far:
/// <list type="bullet">
/// <item>0x20-0x21, 0xA0-0xA1, 0x4D0-0x4D1: the 8259A pair (<see cref="DualPic"/>), the CPU's interrupt controller</item>
/// <item>0x80: POST code (<see cref="PostCodePort"/>)</item>
/// <item>0xE9: debug console (<see cref="DebugConsolePort"/>)</item>
/// <item>0xF4-0xF7: debug exit (<see cref="DebugExitPort"/>, QEMU <c>isa-debug-exit,iobase=0xf4,iosize=4</c>)</item>
/// <item>0x3F8-0x3FF: COM1 (<see cref="Uart16550"/>), IRQ 4; COM2 0x2F8 IRQ 3, COM3 0x3E8 IRQ 4, COM4 0x2E8 IRQ 3 when given a back end</item>
/// <item>the rest of the motherboard (PIT, RTC/CMOS, 8042, PCI with the PIIX3 IDE, A20 and reset ports): <see cref="PcPlatform"/></item>
/// </list>
/// Every device's timers run on one <see cref="MachineTimers"/> over the instruction clock.
/// </summary>
public static class PcMachineBuilder
{
    public static PcMachine Build(PcMachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PhysicalMemory memory = new(options.MemoryBytes);
        IoPortBus ports = new();
        X86Cpu cpu = new(memory, ports) { Diagnostics = options.Diagnostics };
        InstructionClock clock = new(() => cpu.RetiredInstructions, options.NanosecondsPerInstruction);
        MachineTimers timers = new(clock);

        DualPic pic = new();
        new DualPicIsa(pic).Register(ports);
        cpu.InterruptController = pic;

        List<Uart16550> serialPorts = WireSerialPorts(options, ports, pic, timers);
        Uart16550 com1 = serialPorts[0];

        DebugExitPort debugExit = new();
        ports.Register(DebugExitPort.DefaultBase, DebugExitPort.DefaultPortCount, debugExit);

        PostCodePort postCode = new();
        ports.Register(PostCodePort.Port, 1, postCode);

        ports.Register(DebugConsolePort.Port, 1, new DebugConsolePort(options.DebugConsole ?? new NullSerialBackend()));

        PcPlatform platform = PcPlatform.Wire(options, memory, ports, pic, timers, a20 => cpu.A20Enabled = a20);

        // Last, once every device is on the bus: the PCI configuration a system reset returns to.
        platform.CapturePowerOnState();
        return new PcMachine(memory, ports, cpu, clock, pic, com1, debugExit, postCode, options.DebugConsole)
        {
            Timers = timers,
            Platform = platform,
            Realtime = options.Realtime,
            Reboot = options.Reboot,
            SerialPorts = serialPorts,
        };
    }

    /// <summary>
    /// COM1 always; COM2-COM4 when the options give them a back end (an absent port floats,
    /// as on QEMU without that <c>-serial</c>). Ports on one IRQ share it as a wired OR.
    /// </summary>
    private static List<Uart16550> WireSerialPorts(PcMachineOptions options, IoPortBus ports, DualPic pic, MachineTimers timers)
    {
        ISerialBackend?[] backends = { options.Com1, options.Com2, options.Com3, options.Com4 };
        Dictionary<int, WiredOrInterruptLine> irqs = new();
        List<Uart16550> uarts = new();
        for (int i = 0; i < backends.Length; i++)
        {
            if (backends[i] is not { } backend)
                continue;
            (ushort basePort, int irq) = Uart16550Isa.StandardPorts[i];
            if (!irqs.TryGetValue(irq, out WiredOrInterruptLine? line))
                irqs[irq] = line = new WiredOrInterruptLine(pic.Irq(irq));
            Uart16550 uart = new(backend, line.NewInput(), timers);
            ports.Register(basePort, Uart16550Isa.PortCount, new Uart16550Isa(uart, basePort));
            uarts.Add(uart);
        }
        return uarts;
    }
}
