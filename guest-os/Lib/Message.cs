using System.Runtime.InteropServices;

namespace GuestOs.Lib;

/// <summary>
/// The fixed-length IPC message (MINIX 3: 64 bytes). Offset 0: the source endpoint, stamped
/// by the kernel on delivery; offset 4: the type (a request code, a kernel-call number, a
/// reply status or <see cref="Message.Notification"/>); offsets 8..63: fourteen 32-bit
/// payload words P0..P13 whose meaning each call documents.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
public struct Message
{
    public const int Size = 64;

    /// <summary>The type of a message the kernel builds from pending NOTIFY bits.</summary>
    public const int Notification = 0x1000;

    public int Source;
    public int Type;
    public int P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13;
}

/// <summary>Process endpoints: generation * 32 + slot; boot module n is endpoint n (generation 0), each FORK into a slot takes its next generation.</summary>
public static class Endpoint
{
    public const int Any = 0x7ACE;        // RECEIVE from anyone
    public const int None = 0x6ACE;
    public const int Self = 0x8ACE;       // "the caller" in kernel-call fields
    public const int Hardware = -1;       // source of IRQ notifications
    public const int System = -2;         // the system task: kernel calls
    public const int Clock = -3;          // the clock task: alarm notifications
}

/// <summary>The IPC functions of the trap (ECX).</summary>
public static class IpcFunction
{
    public const int Send = 1;
    public const int Receive = 2;
    public const int SendRec = 3;
    public const int Notify = 4;
    public const int SendNonBlocking = 5;
    public const int SendAsync = 6;       // EAX = entry count, EBX = table of AsyncMessage
}

/// <summary>
/// One entry of a SENDA table (MINIX's asynmsg_t), in the sender's memory. The kernel
/// delivers valid entries when their destination receives and then sets
/// <see cref="Done"/> and <see cref="Result"/>; the sender may reuse a done entry.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 80)]
public struct AsyncMessage
{
    public const int Valid = 1, Done = 2;
    public const int Size = 80;

    public int Flags;
    public int Destination;
    public int Result;
    public int Reserved;
    public Message Message;
}

/// <summary>Status codes (MINIX's values where MINIX has one; negative means failure).</summary>
public static class Error
{
    public const int Ok = 0;
    public const int PermissionDenied = -1;     // EPERM: port, IRQ or grant not allowed
    public const int NoSuchProcess = -3;        // ESRCH
    public const int Interrupted = -4;          // EINTR: a signal ended the blocking IPC
    public const int NotExecutable = -8;        // ENOEXEC
    public const int TryAgain = -11;            // EAGAIN: no free process slot
    public const int NoMemory = -12;            // ENOMEM
    public const int BadAddress = -14;          // EFAULT: a buffer not mapped in the caller
    public const int InvalidArgument = -22;     // EINVAL
    public const int NotImplemented = -38;      // ENOSYS: no such kernel call
    public const int Busy = -16;                // EBUSY: the process is in a state the call cannot handle
    public const int Locked = -101;             // ELOCKED: the send would close a cycle
    public const int BadCall = -102;            // EBADCALL: no such IPC function
    public const int CallDenied = -104;         // ECALLDENIED: target or kernel call not allowed
    public const int NotReady = -105;           // ENOTREADY: non-blocking send found no receiver
    public const int DeadSourceOrDestination = -109; // EDEADSRCDST
}

/// <summary>
/// Kernel-call numbers (the m_type of a SENDREC to <see cref="Endpoint.System"/>), named
/// after MINIX's SYS_* calls: <see cref="Base"/> plus the bit index in a process's
/// allowed-call bitmap. The message fields of each call are listed at the top of its
/// guest-os/Kernel/KernelCalls/*Call.cs file.
/// </summary>
public static class KernelCall
{
    public const int Base = 0x600;
    public const int Exit = Base + 0;
    public const int DevIo = Base + 1;
    public const int IrqCtl = Base + 2;
    public const int SafeCopyFrom = Base + 3;
    public const int SafeCopyTo = Base + 4;
    public const int SetAlarm = Base + 5;
    public const int GetInfo = Base + 6;
    public const int Abort = Base + 7;
    public const int DiagCtl = Base + 8;
    public const int Times = Base + 9;
    public const int SetGrant = Base + 10;
    public const int Fork = Base + 11;
    public const int Exec = Base + 12;
    public const int Clear = Base + 13;
    public const int PrivCtl = Base + 14;
    public const int VDevIo = Base + 15;
    public const int SDevIo = Base + 16;
    public const int VirCopy = Base + 17;
    public const int PhysCopy = Base + 18;
    public const int Umap = Base + 19;
    public const int Memset = Base + 20;
    public const int Kill = Base + 21;
    public const int GetKSig = Base + 22;
    public const int EndKSig = Base + 23;
    public const int SigSend = Base + 24;
    public const int SigReturn = Base + 25;
    public const int STime = Base + 26;
    public const int SetTime = Base + 27;
    public const int Schedule = Base + 28;
    public const int RunCtl = Base + 29;
    public const int VmCtl = Base + 30;
    public const int SafeMemset = Base + 31;
    public const int GetMContext = Base + 32;
    public const int SetMContext = Base + 33;
    public const int Update = Base + 34;
    public const int Count = 35;

    // DEVIO, VDEVIO and SDEVIO requests (P0).
    public const int DevIoInByte = 0, DevIoInWord = 1, DevIoInLong = 2;
    public const int DevIoOutByte = 3, DevIoOutWord = 4, DevIoOutLong = 5;

    // IRQCTL requests (P0).
    public const int IrqSetPolicy = 0, IrqRemovePolicy = 1, IrqEnable = 2, IrqDisable = 3;

    // GETINFO requests (P0).
    public const int InfoWhoAmI = 0, InfoProcess = 1, InfoUptime = 2, InfoPriv = 3, InfoKernel = 4, InfoTime = 5;

    // PRIVCTL requests (P0).
    public const int PrivSet = 0, PrivAddIo = 1, PrivAddMem = 2, PrivAllow = 3, PrivDisallow = 4;

    // RUNCTL requests (P1).
    public const int RunStop = 0, RunResume = 1;

    // VMCTL requests (P0).
    public const int VmMap = 0, VmUnmap = 1;

    // SETALARM flags (P1).
    public const int AlarmAbsolute = 1;
}

/// <summary>Signal numbers (the classic UNIX values); a signal set is a 32-bit map, bit n for signal n.</summary>
public static class Signal
{
    public const int Ill = 4, Trap = 5, Fpe = 8, Kill = 9, Usr1 = 10, Segv = 11, Usr2 = 12, Term = 15;
}

/// <summary>
/// What SIGSEND pushes on the user stack below the interrupted stack pointer (MINIX's
/// sigframe and sigcontext): the handler's return address (the caller-supplied
/// trampoline), its argument (the signal number), a dummy return address for the
/// trampoline, the trampoline's argument (the address of <see cref="Context"/>), then the
/// saved context itself: the 19 registers of the kernel frame and the 512-byte FXSAVE area.
/// The trampoline calls SIGRETURN with that address.
/// </summary>
public static class SignalFrame
{
    public const int RegisterWords = 19;
    public const int FpuBytes = 512;
    public const int ContextSize = RegisterWords * 4 + 12 + FpuBytes;   // padded so the FPU area is 16-byte aligned
    public const int FpuOffset = RegisterWords * 4 + 12;
    public const int EipWord = 14, EaxWord = 11, EspWord = 17;          // indices into the saved registers
}

/// <summary>
/// One entry of a process's grant table (MINIX's cp_grant, direct grants only): the
/// grantee may copy <see cref="Size"/> bytes at <see cref="Address"/> in the granter's
/// memory, in the directions <see cref="Flags"/> allows.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct Grant
{
    public const int Used = 1, Read = 2, Write = 4;

    public int Flags;
    public int Grantee;
    public uint Address;
    public uint Size;
}
