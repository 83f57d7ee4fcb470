using PcEmu.Cpu;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.DebugExit;
using PcEmu.Devices.Pic;
using PcEmu.Devices.PostCode;
using PcEmu.Devices.Uart;
using PcEmu.Machine.Boot;
using PcEmu.Machine.Platform;
using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// A PC as <see cref="PcMachineBuilder"/> wired it. <see cref="BootMultiboot"/> loads a
/// kernel the way QEMU's <c>-kernel</c> does; <see cref="Run"/> executes it in slices,
/// moving host input (serial bytes into the UARTs, <see cref="Input"/> events into the 8042)
/// into the devices and flushing the back ends between slices, until the guest exits through
/// the debug-exit port, the CPU shuts down or the guest asks for a reset (unless
/// <see cref="Reboot"/>: then the machine resets and reloads the kernel), the CPU halts with
/// nothing able to wake it, or the budget runs out.
/// <para>
/// Virtual time (PcMachine.Time.cs): the CPU runs at most until the next device event on
/// <see cref="Timers"/>, then the due timers fire. A HLT with interrupts enabled moves the
/// clock to the next event (deterministic mode) or sleeps until it is due in host time
/// (<see cref="Realtime"/>); with no timer armed it waits (in host time) for host input
/// while a serial back end or an attached input source may still deliver some; otherwise it
/// is a halt forever.
/// </para>
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>Instructions per slice: host I/O and device catch-up happen between slices.</summary>
    public const ulong SliceInstructions = 1 << 20;

    private const uint EflagsIf = 1u << 9;

    private readonly ISerialBackend? _debugConsole;
    private readonly PcPlatform _platform = null!;
    private readonly MachineTimers _timers = null!;
    private readonly IReadOnlyList<Uart16550> _serialPorts = null!;
    private Action? _reloadKernel;
    private volatile bool _stopRequested;

    internal PcMachine(
        PhysicalMemory memory,
        IoPortBus ports,
        X86Cpu cpu,
        InstructionClock clock,
        DualPic pic,
        Uart16550 com1,
        DebugExitPort debugExit,
        PostCodePort postCode,
        ISerialBackend? debugConsole)
    {
        Memory = memory;
        Ports = ports;
        Cpu = cpu;
        Clock = clock;
        Pic = pic;
        Com1 = com1;
        DebugExit = debugExit;
        PostCode = postCode;
        _debugConsole = debugConsole;
        debugExit.ExitRequested += _ => cpu.RequestStop();
        Input = new HostInputQueue(() => _wake.Set());
    }

    /// <summary>Host keyboard and mouse input (any thread); see <see cref="HostInputQueue"/>.</summary>
    public HostInputQueue Input { get; }

    /// <summary>The virtual-time scheduler every device's timers run on.</summary>
    public required MachineTimers Timers
    {
        get => _timers;
        init
        {
            _timers = value;
            value.OnHorizonShortened(Cpu.RequestStop);
        }
    }

    /// <summary>The motherboard devices beyond the PIC and COM1.</summary>
    public required PcPlatform Platform
    {
        get => _platform;
        init
        {
            _platform = value;
            value.ResetRequested += OnResetRequested;
            value.Network.FrameArrived += () => _wake.Set();
        }
    }

    /// <summary>Pace virtual time to the host clock (<see cref="PcMachineOptions.Realtime"/>).</summary>
    public bool Realtime { get; init; }

    /// <summary>Reset requests and triple faults reboot the kernel (<see cref="PcMachineOptions.Reboot"/>).</summary>
    public bool Reboot { get; init; }

    /// <summary>The wired UARTs, COM1 first, then COM2-COM4 as configured.</summary>
    public required IReadOnlyList<Uart16550> SerialPorts
    {
        get => _serialPorts;
        init => _serialPorts = value;
    }

    /// <summary>How many times the machine has reset and reloaded the kernel.</summary>
    public int Reboots { get; private set; }

    public PhysicalMemory Memory { get; }

    public IoPortBus Ports { get; }

    public X86Cpu Cpu { get; }

    public InstructionClock Clock { get; }

    public DualPic Pic { get; }

    public Uart16550 Com1 { get; }

    public DebugExitPort DebugExit { get; }

    public PostCodePort PostCode { get; }

    /// <summary>Loads a multiboot kernel and its modules and puts the CPU at the kernel's entry.</summary>
    public MultibootBootState BootMultiboot(byte[] kernel, string kernelName, string commandLine, IReadOnlyList<BootModule> modules)
    {
        MultibootBootState state = MultibootLoader.Load(Memory, kernel, kernelName, commandLine, modules);
        Platform.ApplyFirmwareDefaults(Pic);
        Cpu.EnterMultibootState(state.EntryPoint, state.InfoAddress);
        _reloadKernel = () => BootMultiboot(kernel, kernelName, commandLine, modules);
        return state;
    }

    /// <summary>Asks a running <see cref="Run"/> to return <see cref="MachineExitKind.Stopped"/> (any thread).</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Cpu.RequestStop();
        _wake.Set();
    }

    /// <summary>
    /// Runs for at most <paramref name="maxInstructions"/> more instructions' worth of virtual
    /// time (unbounded when null): time spent halted counts as the instructions that would have
    /// run in it, so a guest idling on a timer still reaches the limit.
    /// </summary>
    public MachineResult Run(ulong? maxInstructions = null)
    {
        long startTime = Clock.NowNanoseconds;
        long timeLimit = TimeLimit(startTime, maxInstructions);
        BeginPacing();
        try
        {
            while (true)
            {
                if (DebugExit.ExitCode is { } code)
                    return Result(MachineExitKind.GuestExit, code);
                if (_resetReason is { } resetReason)
                {
                    if (!TryReboot(resetReason))
                        return Result(MachineExitKind.Shutdown, reason: resetReason + NoRebootNote);
                    continue;
                }
                if (_stopRequested)
                    return Result(MachineExitKind.Stopped);
                ulong budget = SliceInstructions;
                if (maxInstructions is { } max)
                {
                    ulong used = (ulong)((Clock.NowNanoseconds - startTime) / Clock.NanosecondsPerInstruction);
                    if (used >= max)
                        return Result(MachineExitKind.InstructionLimit);
                    budget = Math.Min(budget, max - used);
                }

                PumpHostInput();
                foreach (Uart16550 uart in _serialPorts)
                    uart.Synchronize();
                CpuExitReason reason = RunCpuUntilNextEvent(budget);
                FlushBackends();

                switch (reason)
                {
                    case CpuExitReason.Shutdown:
                        string shutdown = Cpu.ShutdownReason ?? "CPU shutdown";
                        if (!TryReboot(shutdown))
                            return Result(MachineExitKind.Shutdown, reason: shutdown);
                        break;
                    case CpuExitReason.Halted when DebugExit.ExitCode is null && _resetReason is null:
                        if ((Cpu.Eflags & EflagsIf) == 0)
                            return Result(MachineExitKind.HaltedForever, reason: "the CPU halted with interrupts disabled");
                        if (Pic.InterruptPending || InputArrived() || (TimerMayWakeCpu() && IdleUntilNextEvent(timeLimit)))
                            break;
                        if (!WaitForHostInput())
                            return Result(MachineExitKind.HaltedForever, reason: "the CPU halted and no interrupt source can wake it");
                        break;
                }
            }
        }
        finally
        {
            FlushBackends();
        }
    }

    private MachineResult Result(MachineExitKind kind, uint? code = null, string? reason = null) =>
        new(kind, Cpu.RetiredInstructions, code, reason);

    /// <summary>Moves waiting host input into the devices: serial bytes, keyboard and mouse events, network frames.</summary>
    private bool PumpHostInput()
    {
        int spaceBefore = TotalReceiveSpace();
        PumpSerialInput();
        bool events = Input.Deliver(Platform.KeyboardController);
        bool frames = Platform.Network.Poll();
        return events || frames || TotalReceiveSpace() != spaceBefore;
    }

    /// <summary>
    /// Moves host input into each UART's receive FIFO, never more than it has room for. Called
    /// only between CPU runs, which end at device events (timer deadlines) or slice ends, so
    /// input bytes enter the guest at those boundaries and never in the middle of an instruction.
    /// </summary>
    private void PumpSerialInput()
    {
        Span<byte> buffer = stackalloc byte[16];
        foreach (Uart16550 uart in _serialPorts)
        {
            int space = uart.ReceiveSpace;
            if (space == 0)
                continue;
            int count = uart.Backend.Read(buffer[..Math.Min(space, buffer.Length)]);
            for (int i = 0; i < count; i++)
                uart.Receive(buffer[i]);
        }
    }

    /// <summary>Free receive space summed over the UARTs: it shrinks when input arrives.</summary>
    private int TotalReceiveSpace()
    {
        int space = 0;
        foreach (Uart16550 uart in _serialPorts)
            space += uart.ReceiveSpace;
        return space;
    }

    private bool AnySerialInputMayArrive()
    {
        foreach (Uart16550 uart in _serialPorts)
        {
            if (uart.Backend.InputMayArrive)
                return true;
        }
        return false;
    }

    /// <summary>
    /// While the CPU is halted with interrupts on: waits until host input reaches COM1 or
    /// could wake the CPU. Returns false when no input can ever arrive.
    /// </summary>
    private bool WaitForHostInput()
    {
        while (!_stopRequested)
        {
            if (Pic.InterruptPending)
                return true;
            if (PumpHostInput())
                return true;
            if (!AnySerialInputMayArrive() && !Input.SourceAttached && !Platform.Network.FramesMayArrive)
                return false;
            _wake.WaitOne(1);
        }
        return true;
    }

    private void FlushBackends()
    {
        Platform.Speaker?.Synchronize();
        foreach (Uart16550 uart in _serialPorts)
            uart.Backend.Flush();
        _debugConsole?.Flush();
    }
}
