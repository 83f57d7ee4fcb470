using System.Runtime.InteropServices;
using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Privilege checks.
/// IPC: 0 = ipc-checker ipc=1, 1 = echo, 2 = sink. Sending or notifying 2 is refused with
/// ECALLDENIED; SENDREC to 1 works.
/// Kernel calls: 0 = call-checker calls=diagctl+abort+getinfo: DEVIO and SETALARM are refused.
/// I/O: 0 = io-checker calls=user+devio io=0x3f8:8 prio=5, 1 = raw-io prio=3: ports outside the
/// range are refused with EPERM; the scratch register inside works; a raw IN from ring 3
/// faults and stops that process.
/// </summary>
internal static unsafe class Forbidden
{
    public static void IpcChecker()
    {
        Message m = default;
        Check.Equal(Error.CallDenied, Ipc.Send(2, ref m), "send to a process outside the bitmap");
        Check.Equal(Error.CallDenied, Ipc.SendRec(2, ref m), "sendrec to a process outside the bitmap");
        Check.Equal(Error.CallDenied, Ipc.Notify(2), "notify to a process outside the bitmap");
        m.P0 = 5;
        Check.Equal(Error.Ok, Ipc.SendRec(1, ref m), "sendrec to an allowed process");
        Check.Equal(6, m.P0, "its reply");
        Check.Equal(Error.NoSuchProcess, Ipc.Send(31, ref m), "send to an empty slot");
        Check.Equal(Error.BadCall, Ipc.RawTrap(99, 1, &m), "unknown IPC function");
        Check.Equal(Error.BadAddress, Ipc.RawTrap(IpcFunction.SendRec, 1, (Message*)0x100000), "message in kernel memory");
        Check.Finish("forbidden-ipc");
    }

    public static void CallChecker()
    {
        Check.Equal(Error.CallDenied, Sys.OutByte(0x3FF, 1), "devio outside the call bitmap");
        Check.Equal(Error.CallDenied, Sys.SetAlarm(10), "setalarm outside the call bitmap");
        Check.Equal(Error.NotImplemented, Sys.Call(KernelCall.Base + 99), "unknown kernel call");
        Check.Finish("forbidden-call");
    }

    public static void IoChecker()
    {
        Check.Equal(Error.Ok, Sys.OutByte(0x3FF, 0x5A), "write the UART scratch register (in range)");
        Check.Equal(Error.Ok, Sys.InByte(0x3FF, out int value), "read it back");
        Check.Equal(0x5A, value, "scratch value");
        Check.Equal(Error.PermissionDenied, Sys.OutByte(0x60, 0xFE), "port 0x60 outside the ranges");
        Check.Equal(Error.PermissionDenied, Sys.InByte(0x3F7, out value), "port just below the range");
        Check.Equal(Error.PermissionDenied, Sys.InByte(0x400, out value), "port just above the range");
        Message m = default;
        m.Type = KernelCall.DevIo;
        m.P0 = KernelCall.DevIoInWord;
        m.P1 = 0x3FF;
        Check.Equal(Error.PermissionDenied, Sys.Call(ref m), "a word access straddling the end");
        Sys.ProcessInfo(1, out _, out _, out int flags);
        Check.That((flags & 8) != 0, "a raw IN instruction in ring 3 stopped that process");
        Check.Finish("forbidden-io");
    }

    [DllImport("*", EntryPoint = "inb")]
    [SuppressGCTransition]
    private static extern byte RawIn(ushort port);

    public static void RawIo()
    {
        RawIn(0x60);
        Sys.Print("FAIL: raw port access from ring 3 was allowed");
        Sys.Abort(Check.Failed);
    }
}
