using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>Blocking and state flags of a process slot (MINIX's p_rts_flags and p_misc_flags).</summary>
internal static class ProcFlags
{
    public const int Free = 1;            // empty slot
    public const int Sending = 2;         // blocked in SEND, waiting for the destination to receive
    public const int Receiving = 4;       // blocked in RECEIVE
    public const int Stopped = 8;         // exited or killed by a fault
    public const int ReplyPending = 16;   // in SENDREC: only the reply may complete the receive
    public const int Signaled = 32;       // kernel signals pending, not yet fetched by the signal manager (GETKSIG)
    public const int SigPending = 64;     // signals fetched, the signal manager has not finished (ENDKSIG)
    public const int Paused = 128;        // stopped by RUNCTL
    public const int NoPriv = 256;        // PRIVCTL disallowed it from running
    public const int Blocking = Free | Sending | Receiving | Stopped | Signaled | SigPending | Paused | NoPriv;
}

/// <summary>
/// A process's privileges (MINIX's struct priv): whom it may send to, which kernel calls
/// it may make, which I/O ports, IRQ lines and physical memory ranges it may touch, and
/// which process handles its kernel signals.
/// </summary>
internal sealed class Priv
{
    public const int MaxRanges = 4;
    public static readonly Priv Nothing = new();

    public uint IpcTargets;            // bit n: may SEND/SENDREC/NOTIFY to the process in slot n
    public ulong Calls;                // bit n: may make kernel call KernelCall.Base + n
    public uint Irqs;                  // bit n: may register IRQ line n
    public int SignalManager = Endpoint.None;   // gets its kernel signals (faults, KILL); None: a fault stops it
    public int IoRangeCount;
    public readonly uint[] IoBase = new uint[MaxRanges];
    public readonly uint[] IoCount = new uint[MaxRanges];
    public int MemRangeCount;
    public readonly uint[] MemBase = new uint[MaxRanges];
    public readonly uint[] MemSize = new uint[MaxRanges];

    public bool MayUsePorts(uint port, uint size) => InRanges(IoBase, IoCount, IoRangeCount, port, size);

    public bool MayUseMemory(uint physical, uint size) => InRanges(MemBase, MemSize, MemRangeCount, physical, size);

    /// <summary>Adds a range (PRIVCTL, boot options); false when all four are in use.</summary>
    public bool AddRange(bool io, uint start, uint size)
    {
        if (io ? IoRangeCount == MaxRanges : MemRangeCount == MaxRanges)
            return false;
        if (io)
        {
            IoBase[IoRangeCount] = start;
            IoCount[IoRangeCount++] = size;
        }
        else
        {
            MemBase[MemRangeCount] = start;
            MemSize[MemRangeCount++] = size;
        }
        return true;
    }

    public void CopyFrom(Priv other)
    {
        IpcTargets = other.IpcTargets;
        Calls = other.Calls;
        Irqs = other.Irqs;
        SignalManager = other.SignalManager;
        IoRangeCount = other.IoRangeCount;
        MemRangeCount = other.MemRangeCount;
        for (int i = 0; i < MaxRanges; i++)
        {
            IoBase[i] = other.IoBase[i];
            IoCount[i] = other.IoCount[i];
            MemBase[i] = other.MemBase[i];
            MemSize[i] = other.MemSize[i];
        }
    }

    private static bool InRanges(uint[] bases, uint[] sizes, int count, uint start, uint size)
    {
        for (int i = 0; i < count; i++)
        {
            if (start >= bases[i] && (ulong)start + size <= (ulong)bases[i] + sizes[i])
                return true;
        }
        return false;
    }
}

/// <summary>One process slot: saved context, address space, IPC state, scheduling state, privileges.</summary>
internal sealed unsafe class Proc
{
    public int Endpoint;               // generation * ProcTable.Size + Slot
    public int Slot;
    public bool Used;                  // the slot has held a process (ProcTable.Missing)
    public int Flags = ProcFlags.Free;
    public Frame Regs;
    public byte* FpuArea;
    public uint PageDirectory;
    public readonly Priv Priv = new();
    public const int MaxCommandLine = 256;
    public readonly byte[] CommandLine = new byte[MaxCommandLine];
    public int CommandLineLength;

    // IPC.
    public int SendTo;                 // destination while Sending
    public int GetFrom;                // wanted source while Receiving
    public uint MessageAddress;        // the caller's message buffer while blocked
    public Proc CallerQueue;           // processes blocked sending to this one, in arrival order
    public Proc NextCaller;
    public ulong NotifyPending;        // one bit per source (Ipc.SourceBit)
    public uint PendingIrqs;           // IRQ lines raised since the last HARDWARE notification
    public uint AsyncTable;            // user address of the SENDA table
    public int AsyncCount;
    public uint AsyncPending;          // bit n: process n has undelivered SENDA entries for this one
    public uint GrantTable;            // user address of the grant table (SETGRANT)
    public int GrantCount;

    // Scheduling and accounting.
    public int Priority;
    public int MaxPriority;
    public int Quantum;
    public int TicksLeft;
    public bool Queued;
    public Proc NextReady;
    public ulong UserTicks;
    public readonly Timer Alarm;       // SETALARM

    // Kernel signals (MINIX's p_pending): marked by faults and KILL, fetched by the signal manager.
    public uint PendingSignals;

    public Proc() => Alarm = new Timer { Owner = this };

    public bool IsRunnable => (Flags & ProcFlags.Blocking) == 0;

    /// <summary>Fresh ring-3 registers and x87/SSE state: the process starts at <paramref name="entry"/> with the stack empty.</summary>
    public void SetCommandLine(byte[] line, int length)
    {
        CommandLineLength = length < MaxCommandLine ? length : MaxCommandLine;
        for (int i = 0; i < CommandLineLength; i++)
            CommandLine[i] = line[i];
    }

    public void StartAt(uint entry)
    {
        Regs = default;
        Regs.Cs = Boot.UserCode;
        Regs.Ds = Regs.Es = Regs.Fs = Regs.Gs = Regs.Ss = Boot.UserData;
        Regs.Eflags = 0x202;
        Regs.Eip = entry;
        Regs.Esp = ElfLoader.StackTop;
        Signals.ResetFpu(FpuArea);
    }
}
