using System.Runtime.InteropServices;

namespace GuestOs.Kernel;

/// <summary>
/// The one kernel entry: every exception, IRQ and IPC trap arrives here with the frame the
/// stubs saved. A frame from ring 3 is saved into the current process; then the event is
/// handled; then the scheduler picks the next process, whose context is copied to the top
/// of the kernel stack and returned for the stub to resume (that is the context switch).
/// When nothing is runnable the kernel idles in ring 0 with interrupts enabled, on its own
/// stack; an interrupt while idle arrives here as a ring-0 frame.
/// </summary>
internal static unsafe class Interrupts
{
    public const int IrqBase = Pic.VectorBase;
    private const uint IdleStackSize = 4096;

    public static Proc Current;          // null while idle
    private static uint s_idleStackTop;
    private static byte* s_idleFpuArea;
    private static uint s_currentDirectory;

    public static void Initialize()
    {
        s_idleStackTop = Frames.AllocateContiguous(IdleStackSize / Paging.PageSize) + IdleStackSize;
        s_idleFpuArea = NewFpuArea();
        s_currentDirectory = Paging.KernelDirectory;
    }

    /// <summary>A 512-byte FXSAVE area in its reset state (FCW 0x37F, MXCSR 0x1F80), 16-byte aligned.</summary>
    public static byte* NewFpuArea()
    {
        byte* area = (byte*)Frames.AllocateZeroed();
        *(ushort*)area = 0x037F;
        *(uint*)(area + 24) = 0x1F80;
        return area;
    }

    /// <summary>Becomes the idle context: the first timer tick enters Dispatch and starts a process.</summary>
    public static void StartScheduling()
    {
        Current = null;
        Cpu.SetFpuArea(s_idleFpuArea);
        IdleLoop();
    }

    /// <summary>Stops using an address space that is about to be freed (CR3 moves to the kernel's).</summary>
    public static void LeaveAddressSpace(uint directory)
    {
        if (s_currentDirectory != directory)
            return;
        Cpu.WriteCr3(Paging.KernelDirectory);
        s_currentDirectory = Paging.KernelDirectory;
    }

    /// <summary>Drops stale translations after a mapping of the loaded address space changed.</summary>
    public static void FlushTlb(uint directory)
    {
        if (s_currentDirectory == directory)
            Cpu.WriteCr3(directory);
    }

    [UnmanagedCallersOnly(EntryPoint = "InterruptDispatch")]
    private static Frame* Dispatch(Frame* frame)
    {
        bool fromUser = (frame->Cs & 3) == 3;
        int vector = (int)frame->Vector;
        Proc caller = Current;
        if (fromUser)
            caller.Regs = *frame;
        else if (vector < 32)
            Panic.KernelException(frame);

        if (vector < 32)
            Faults.UserException(caller, vector);
        else if (vector >= IrqBase && vector < IrqBase + 16)
            Irq.Handle(vector - IrqBase);
        else if (vector == Boot.IpcVector && fromUser)
            Ipc.Trap(caller);

        return Resume(Scheduler.Pick());
    }

    private static Frame* Resume(Proc next)
    {
        Current = next;
        uint directory = next == null ? Paging.KernelDirectory : next.PageDirectory;
        if (directory != s_currentDirectory)
        {
            Cpu.WriteCr3(directory);
            s_currentDirectory = directory;
        }
        if (next == null)
        {
            Cpu.SetFpuArea(s_idleFpuArea);
            Frame* idle = (Frame*)(s_idleStackTop - Frame.Size);
            *idle = default;
            idle->Ds = idle->Es = idle->Fs = idle->Gs = Boot.KernelData;
            idle->Cs = Boot.KernelCode;
            idle->Eip = (uint)(delegate* unmanaged<void>)&IdleEntry;
            idle->Eflags = 0x202;
            return idle;
        }
        Cpu.SetFpuArea(next.FpuArea);
        Frame* resume = (Frame*)(Boot.KernelStackTop - Frame.Size);
        *resume = next.Regs;
        return resume;
    }

    [UnmanagedCallersOnly]
    private static void IdleEntry() => IdleLoop();

    private static void IdleLoop()
    {
        while (true)
        {
            Cpu.EnableInterruptsAndHalt();
        }
    }
}
