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

/// <summary>Process endpoints. User processes are numbered from 0 in boot-module order.</summary>
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
    public const int BadAddress = -14;          // EFAULT: a buffer not mapped in the caller
    public const int InvalidArgument = -22;     // EINVAL
    public const int NotImplemented = -38;      // ENOSYS: no such kernel call
    public const int Locked = -101;             // ELOCKED: the send would close a cycle
    public const int BadCall = -102;            // EBADCALL: no such IPC function
    public const int CallDenied = -104;         // ECALLDENIED: target or kernel call not allowed
    public const int NotReady = -105;           // ENOTREADY: non-blocking send found no receiver
    public const int DeadSourceOrDestination = -109; // EDEADSRCDST
}

/// <summary>
/// Kernel-call numbers (the m_type of a SENDREC to <see cref="Endpoint.System"/>):
/// <see cref="Base"/> plus the bit index in a process's allowed-call bitmap.
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
    public const int Count = 11;

    // DEVIO requests (P0).
    public const int DevIoInByte = 0, DevIoInWord = 1, DevIoInLong = 2;
    public const int DevIoOutByte = 3, DevIoOutWord = 4, DevIoOutLong = 5;

    // IRQCTL requests (P0).
    public const int IrqSetPolicy = 0, IrqRemovePolicy = 1, IrqEnable = 2, IrqDisable = 3;

    // GETINFO requests (P0).
    public const int InfoWhoAmI = 0, InfoProcess = 1, InfoUptime = 2;
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
