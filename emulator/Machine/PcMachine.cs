using PcEmu.Cpu;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.DebugExit;
using PcEmu.Devices.Pic;
using PcEmu.Devices.PostCode;
using PcEmu.Devices.Uart;
using PcEmu.Machine.Boot;
using PcEmu.Memory;

namespace PcEmu.Machine;

/// <summary>
/// A PC as <see cref="PcMachineBuilder"/> wired it. <see cref="BootMultiboot"/> loads a
/// kernel the way QEMU's <c>-kernel</c> does; <see cref="Run"/> executes it in slices,
/// moving host serial input into COM1 and flushing the back ends between slices, until the
/// guest exits through the debug-exit port, the CPU shuts down, the CPU halts with nothing
/// able to wake it, or the instruction budget runs out.
/// <para>
/// A HLT with interrupts enabled waits (in host time) for serial input while the COM1 back
/// end may still deliver some, since a received byte can raise IRQ 4; otherwise it is a halt
/// forever. There are no timers yet: virtual time does not advance while the CPU is halted
/// (so the UART's character timeout cannot fire then); the virtual-time scheduler will
/// advance the clock to the next device event instead.
/// </para>
/// </summary>
public sealed class PcMachine
{
    /// <summary>Instructions per slice: host I/O and device catch-up happen between slices.</summary>
    public const ulong SliceInstructions = 1 << 20;

    private const uint EflagsIf = 1u << 9;

    private readonly ISerialBackend? _debugConsole;
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
    }

    public PhysicalMemory Memory { get; }

    public IoPortBus Ports { get; }

    public X86Cpu Cpu { get; }

    public IVirtualClock Clock { get; }

    public DualPic Pic { get; }

    public Uart16550 Com1 { get; }

    public DebugExitPort DebugExit { get; }

    public PostCodePort PostCode { get; }

    /// <summary>Loads a multiboot kernel and its modules and puts the CPU at the kernel's entry.</summary>
    public MultibootBootState BootMultiboot(byte[] kernel, string kernelName, string commandLine, IReadOnlyList<BootModule> modules)
    {
        MultibootBootState state = MultibootLoader.Load(Memory, kernel, kernelName, commandLine, modules);
        Cpu.EnterMultibootState(state.EntryPoint, state.InfoAddress);
        return state;
    }

    /// <summary>Asks a running <see cref="Run"/> to return <see cref="MachineExitKind.Stopped"/> (any thread).</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Cpu.RequestStop();
    }

    /// <summary>Runs for at most <paramref name="maxInstructions"/> more instructions (unbounded when null).</summary>
    public MachineResult Run(ulong? maxInstructions = null)
    {
        ulong start = Cpu.RetiredInstructions;
        try
        {
            while (true)
            {
                if (DebugExit.ExitCode is { } code)
                    return Result(MachineExitKind.GuestExit, code);
                if (_stopRequested)
                    return Result(MachineExitKind.Stopped);
                ulong budget = SliceInstructions;
                if (maxInstructions is { } max)
                {
                    ulong used = Cpu.RetiredInstructions - start;
                    if (used >= max)
                        return Result(MachineExitKind.InstructionLimit);
                    budget = Math.Min(budget, max - used);
                }

                PumpSerialInput();
                Com1.Synchronize();
                CpuExitReason reason = Cpu.Run(budget);
                FlushBackends();

                switch (reason)
                {
                    case CpuExitReason.Shutdown:
                        return Result(MachineExitKind.Shutdown, reason: Cpu.ShutdownReason ?? "CPU shutdown");
                    case CpuExitReason.Halted when DebugExit.ExitCode is null:
                        if ((Cpu.Eflags & EflagsIf) == 0)
                            return Result(MachineExitKind.HaltedForever, reason: "the CPU halted with interrupts disabled");
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

    /// <summary>Moves host input into COM1's receive FIFO, never more than it has room for.</summary>
    private void PumpSerialInput()
    {
        int space = Com1.ReceiveSpace;
        if (space == 0)
            return;
        Span<byte> buffer = stackalloc byte[16];
        int count = Com1.Backend.Read(buffer[..Math.Min(space, buffer.Length)]);
        for (int i = 0; i < count; i++)
            Com1.Receive(buffer[i]);
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
            if (!Com1.Backend.InputMayArrive)
                return false;
            int spaceBefore = Com1.ReceiveSpace;
            PumpSerialInput();
            if (Com1.ReceiveSpace != spaceBefore)
                return true;
            Thread.Sleep(1);
        }
        return true;
    }

    private void FlushBackends()
    {
        Com1.Backend.Flush();
        _debugConsole?.Flush();
    }
}
