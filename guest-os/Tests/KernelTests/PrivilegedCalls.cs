using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// The calls for trusted processes and their checks. Boot: 0 = rs calls=all io=0x3f8:8
/// mem=0x1000:0x3ffff000 prio=2 (a reincarnation server), 1 = priv-driver prio=3,
/// 2 = priv-user prio=4 (default user calls). The server checks UMAP, PHYSCOPY against its
/// memory ranges, MEMSET, VIRCOPY from the driver, PRIVCTL giving the driver DEVIO and an
/// I/O range (and refusing what the server does not hold itself), VDEVIO, SDEVIO, RUNCTL,
/// SCHEDULE, STIME/SETTIME, VMCTL and the x87/SSE context calls. The user process finds
/// every one of those calls refused with ECALLDENIED.
/// </summary>
internal static unsafe class PrivilegedCalls
{
    private const int Hello = 1, DevIoDone = 2, Done = 3;
    private const int Driver = 1;

    public static void Server()
    {
        byte* buffer = stackalloc byte[64];
        byte* copy = stackalloc byte[64];
        for (int i = 0; i < 64; i++)
            buffer[i] = (byte)(i * 3 + 1);
        Check.Equal(Error.Ok, Sys.Umap(Endpoint.Self, buffer, 64, out uint physical), "umap own buffer");
        Check.Equal(Error.Ok, Sys.PhysCopy(Endpoint.None, physical, Endpoint.Self, (uint)copy, 64), "physcopy from its physical address");
        Check.That(Same(buffer, copy, 64), "physcopy copied the bytes");
        Check.Equal(Error.PermissionDenied, Sys.PhysCopy(Endpoint.None, 0x4000_0000, Endpoint.Self, (uint)copy, 16), "physcopy outside the memory ranges");
        Check.Equal(Error.PermissionDenied, Sys.PhysCopy(Endpoint.None, 0, Endpoint.Self, (uint)copy, 16), "physcopy from page 0");
        Check.Equal(Error.BadAddress, Sys.Umap(Endpoint.Self, (void*)0x8000_0000, 4, out _), "umap of an unmapped address");
        Check.Equal(Error.Ok, Sys.Memset(Endpoint.Self, copy + 8, 0x5A, 16), "memset");
        Check.That(copy[7] == buffer[7] && copy[8] == 0x5A && copy[23] == 0x5A && copy[24] == buffer[24], "memset filled exactly the range");

        Message m = default;
        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Hello && m.Source == Driver, "driver hello");
        Check.Equal(Error.Ok, Sys.VirCopy(Driver, (void*)m.P0, Endpoint.Self, copy, 16), "vircopy from the driver");
        bool pattern = true;
        for (int i = 0; i < 16; i++)
            pattern &= copy[i] == (byte)(0xC0 + i);
        Check.That(pattern, "vircopy copied the driver's bytes");
        Check.Equal(Error.BadAddress, Sys.VirCopy(Driver, (void*)0x0010_0000, Endpoint.Self, copy, 16), "vircopy from kernel memory");

        long calls = (1L << (KernelCall.Exit - KernelCall.Base)) | (1L << (KernelCall.DiagCtl - KernelCall.Base))
            | (1L << (KernelCall.Abort - KernelCall.Base)) | (1L << (KernelCall.GetInfo - KernelCall.Base))
            | (1L << (KernelCall.DevIo - KernelCall.Base));
        Check.Equal(Error.Ok, Sys.PrivCtl(KernelCall.PrivSet, Driver, (int)calls, (int)(calls >> 32), -1, 0, Endpoint.None), "privctl set");
        Check.Equal(Error.Ok, Sys.PrivCtl(KernelCall.PrivAddIo, Driver, 0x3F8, 8), "privctl add an I/O range the server holds");
        Check.Equal(Error.PermissionDenied, Sys.PrivCtl(KernelCall.PrivAddIo, Driver, 0x60, 1), "privctl refuses a range the server lacks");
        Check.Equal(Error.PermissionDenied, Sys.PrivCtl(KernelCall.PrivSet, Driver, (int)calls, 0, -1, 1 << 4, Endpoint.None), "privctl refuses an IRQ the server lacks");
        Sys.Call(KernelCall.GetInfo, out Message info, KernelCall.InfoPriv, Driver);
        Check.That(info.P3 == (int)calls && info.P8 == 1, "the driver's new call bitmap and I/O range");
        Ipc.Send(Driver, ref m);
        Ipc.Receive(Driver, ref m);
        Check.Equal(DevIoDone, m.Type, "driver report");
        Check.Equal(Error.Ok, m.P0, "the driver's DEVIO works after PRIVCTL");
        Check.Equal(0x42, m.P1, "and reads back the scratch register");

        int* pairs = stackalloc int[4];
        pairs[0] = 0x3FF; pairs[1] = 0x33;
        Check.Equal(Error.Ok, Sys.Call(KernelCall.VDevIo, KernelCall.DevIoOutByte, (int)pairs, 1), "vdevio out");
        pairs[0] = 0x3FF; pairs[1] = 0; pairs[2] = 0x3FF; pairs[3] = 0;
        Check.Equal(Error.Ok, Sys.Call(KernelCall.VDevIo, KernelCall.DevIoInByte, (int)pairs, 2), "vdevio in");
        Check.That(pairs[1] == 0x33 && pairs[3] == 0x33, "vdevio read the values back");
        pairs[0] = 0x3FF; pairs[1] = 0x77; pairs[2] = 0x60; pairs[3] = 0;
        Check.Equal(Error.PermissionDenied, Sys.Call(KernelCall.VDevIo, KernelCall.DevIoOutByte, (int)pairs, 2), "vdevio with a port outside the ranges");
        Sys.InByte(0x3FF, out int scratch);
        Check.Equal(0x33, scratch, "a refused vector does nothing");
        byte* bytes = stackalloc byte[4];
        bytes[0] = 1; bytes[1] = 2; bytes[2] = 3; bytes[3] = 0;
        Check.Equal(Error.Ok, Sys.Call(KernelCall.SDevIo, KernelCall.DevIoOutByte, 0x3FF, Endpoint.Self, (int)bytes, 3), "sdevio out");
        Check.Equal(Error.Ok, Sys.Call(KernelCall.SDevIo, KernelCall.DevIoInByte, 0x3FF, Endpoint.Self, (int)bytes, 2), "sdevio in");
        Check.That(bytes[0] == 3 && bytes[1] == 3 && bytes[2] == 3, "sdevio moved the bytes");
        Check.Equal(Error.PermissionDenied, Sys.Call(KernelCall.SDevIo, KernelCall.DevIoInByte, 0x3FF, Driver, (int)bytes, 1), "sdevio into another process");

        Check.Equal(Error.Ok, Sys.RunCtl(Driver, KernelCall.RunStop), "runctl stop");
        Sys.ProcessInfo(Driver, out _, out _, out int flags);
        Check.That((flags & 128) != 0, "the driver is stopped");
        Check.Equal(Error.Ok, Sys.RunCtl(Driver, KernelCall.RunResume), "runctl resume");
        Sys.ProcessInfo(Driver, out _, out _, out flags);
        Check.That((flags & 128) == 0, "the driver may run again");
        Check.Equal(Error.Ok, Sys.Schedule(Driver, 6, 5), "schedule");
        Sys.ProcessInfo(Driver, out int priority, out _, out _);
        Check.Equal(6, priority, "the driver's new priority");
        Check.Equal(Error.InvalidArgument, Sys.Schedule(Driver, 8, 5), "schedule to a queue that does not exist");

        Check.Equal(Error.Ok, Sys.Call(KernelCall.STime, 1_000_000), "stime");
        Sys.Call(KernelCall.GetInfo, out info, KernelCall.InfoTime);
        Check.That(info.P4 == 1_000_000 && info.P3 >= 1_000_000, "the boot time and the real time");
        Sys.Call(KernelCall.SetTime, 1, 10);
        Sys.Call(KernelCall.GetInfo, out info, KernelCall.InfoTime);
        Check.Equal(1_000_010, info.P4, "settime adjusts the clock");

        int frames = Processes.FreeFrames();
        Check.Equal(Error.Ok, Sys.VmCtl(KernelCall.VmMap, Endpoint.Self, 0x8000_0000, 8192), "vmctl map two pages");
        int* mapped = (int*)0x8000_1000;
        *mapped = 1234;
        Check.Equal(1234, *mapped, "the new pages work");
        Check.Equal(Error.Ok, Sys.VmCtl(KernelCall.VmUnmap, Endpoint.Self, 0x8000_0000, 8192), "vmctl unmap");
        Check.Equal(Error.BadAddress, Sys.Umap(Endpoint.Self, mapped, 4, out _), "the pages are gone");
        Check.Equal(frames - 1, Processes.FreeFrames(), "their frames came back (the page table stays)");
        Check.Equal(Error.InvalidArgument, Sys.VmCtl(KernelCall.VmMap, Endpoint.Self, 0x0010_0000, 4096), "vmctl in kernel space refused");

        byte* fpu = stackalloc byte[512];
        Check.Equal(Error.Ok, Sys.Call(KernelCall.GetMContext, Endpoint.Self, (int)fpu), "getmcontext");
        Check.Equal(0x037F, *(ushort*)fpu, "x87 control word");
        *(uint*)(fpu + 24) = 0xFFFF_1F80;
        Check.Equal(Error.Ok, Sys.Call(KernelCall.SetMContext, Endpoint.Self, (int)fpu), "setmcontext with reserved MXCSR bits");
        *(uint*)(fpu + 24) = 0;
        Sys.Call(KernelCall.GetMContext, Endpoint.Self, (int)fpu);
        Check.Equal(0x1F80, (int)*(uint*)(fpu + 24), "the reserved bits were cleared");

        Ipc.Receive(Endpoint.Any, ref m);
        Check.That(m.Type == Done && m.Source == 2, "the unprivileged process finished");
        Check.Finish("privileged-calls");
    }

    public static void DriverRole()
    {
        byte* secret = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
            secret[i] = (byte)(0xC0 + i);
        Message m = default;
        m.Type = Hello;
        m.P0 = (int)secret;
        Ipc.SendRec(0, ref m);
        m = default;
        m.Type = DevIoDone;
        m.P0 = Sys.OutByte(0x3FF, 0x42);
        Sys.InByte(0x3FF, out m.P1);
        Ipc.Send(0, ref m);
        Echo.Sink();
    }

    public static void User()
    {
        byte* b = stackalloc byte[16];
        Check.Equal(Error.CallDenied, Sys.PrivCtl(KernelCall.PrivSet, Endpoint.Self, -1, -1, -1, -1, Endpoint.None), "privctl refused to an unprivileged process");
        Check.Equal(Error.CallDenied, Sys.VirCopy(Driver, b, Endpoint.Self, b, 4), "vircopy refused to an untrusted process");
        Check.Equal(Error.CallDenied, Sys.PhysCopy(Endpoint.None, 0x10_0000, Endpoint.Self, (uint)b, 4), "physcopy refused");
        Check.Equal(Error.CallDenied, Sys.Umap(Endpoint.Self, b, 4, out _), "umap refused");
        Check.Equal(Error.CallDenied, Sys.Fork(Endpoint.Self, out _), "fork refused");
        Check.Equal(Error.CallDenied, Sys.Kill(Driver, Signal.Kill), "kill refused");
        Check.Equal(Error.CallDenied, Sys.Clear(Driver), "clear refused");
        Check.Equal(Error.CallDenied, Sys.VmCtl(KernelCall.VmMap, Endpoint.Self, 0x8000_0000, 4096), "vmctl refused");
        Check.Equal(Error.CallDenied, Sys.Call(KernelCall.STime, 5), "stime refused");
        Message m = default;
        m.Type = Done;
        Ipc.Send(0, ref m);
        Echo.Sink();
    }

    private static bool Same(byte* a, byte* b, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }
}
