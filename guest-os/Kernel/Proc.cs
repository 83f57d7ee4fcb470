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
    public const int Blocking = Free | Sending | Receiving | Stopped;
}

/// <summary>
/// A process's privileges (MINIX's struct priv): whom it may send to, which kernel calls
/// it may make, which I/O ports and IRQ lines it may touch.
/// </summary>
internal sealed class Priv
{
    public const int MaxIoRanges = 4;

    public uint IpcTargets;            // bit n: may SEND/SENDREC/NOTIFY to process n
    public uint Calls;                 // bit n: may make kernel call KernelCall.Base + n
    public uint Irqs;                  // bit n: may register IRQ line n
    public int IoRangeCount;
    public readonly uint[] IoBase = new uint[MaxIoRanges];
    public readonly uint[] IoCount = new uint[MaxIoRanges];

    public bool MayUsePorts(uint port, uint size)
    {
        for (int i = 0; i < IoRangeCount; i++)
        {
            if (port >= IoBase[i] && port + size <= IoBase[i] + IoCount[i])
                return true;
        }
        return false;
    }
}

/// <summary>One process slot: saved context, address space, IPC state, scheduling state, privileges.</summary>
internal sealed unsafe class Proc
{
    public int Endpoint;
    public int Flags = ProcFlags.Free;
    public Frame Regs;
    public byte* FpuArea;
    public uint PageDirectory;
    public readonly Priv Priv = new();
    public byte[] CommandLine;

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
    public ulong AlarmTick;            // 0: no alarm

    public bool IsRunnable => (Flags & ProcFlags.Blocking) == 0;
}
