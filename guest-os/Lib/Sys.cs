namespace GuestOs.Lib;

/// <summary>
/// Kernel-call wrappers (MINIX's libsys): each builds the request message, SENDRECs it to
/// the system task and returns the status the kernel put in the reply's type.
/// </summary>
public static unsafe class Sys
{
    public static int Call(ref Message message)
    {
        int status = Ipc.SendRec(Endpoint.System, ref message);
        return status != Error.Ok ? status : message.Type;
    }

    public static int Call(int call)
    {
        Message m = default;
        m.Type = call;
        return Call(ref m);
    }

    /// <summary>Prints text on the kernel console (COM1).</summary>
    public static int Print(string text)
    {
        fixed (char* p = text)
        {
            Message m = default;
            m.Type = KernelCall.DiagCtl;
            m.P0 = (int)p;
            m.P1 = text.Length;
            return Call(ref m);
        }
    }

    public static void Exit(int status)
    {
        Message m = default;
        m.Type = KernelCall.Exit;
        m.P0 = status;
        Call(ref m);
    }

    /// <summary>Stops the whole machine (QEMU's debug-exit device) with the given code.</summary>
    public static int Abort(int code)
    {
        Message m = default;
        m.Type = KernelCall.Abort;
        m.P0 = code;
        return Call(ref m);
    }

    public static int OutByte(int port, int value)
    {
        Message m = default;
        m.Type = KernelCall.DevIo;
        m.P0 = KernelCall.DevIoOutByte;
        m.P1 = port;
        m.P2 = value;
        return Call(ref m);
    }

    public static int InByte(int port, out int value)
    {
        Message m = default;
        m.Type = KernelCall.DevIo;
        m.P0 = KernelCall.DevIoInByte;
        m.P1 = port;
        int status = Call(ref m);
        value = m.P2;
        return status;
    }

    public static int SetAlarm(int ticks)
    {
        Message m = default;
        m.Type = KernelCall.SetAlarm;
        m.P0 = ticks;
        return Call(ref m);
    }

    /// <summary>Own endpoint (P0 of the reply) and boot command line (copied into the buffer).</summary>
    public static int WhoAmI(char* buffer, int capacity, out int endpoint, out int length)
    {
        Message m = default;
        m.Type = KernelCall.GetInfo;
        m.P0 = KernelCall.InfoWhoAmI;
        m.P1 = (int)buffer;
        m.P2 = capacity;
        int status = Call(ref m);
        endpoint = m.P3;
        length = m.P4;
        return status;
    }

    /// <summary>The scheduling state of a process: priority (P3), user ticks (P4), flags (P5).</summary>
    public static int ProcessInfo(int endpoint, out int priority, out int ticks, out int flags)
    {
        Message m = default;
        m.Type = KernelCall.GetInfo;
        m.P0 = KernelCall.InfoProcess;
        m.P1 = endpoint;
        int status = Call(ref m);
        priority = m.P3;
        ticks = m.P4;
        flags = m.P5;
        return status;
    }

    /// <summary>IRQCTL: request is one of KernelCall.Irq*.</summary>
    public static int IrqCtl(int request, int irq)
    {
        Message m = default;
        m.Type = KernelCall.IrqCtl;
        m.P0 = request;
        m.P1 = irq;
        return Call(ref m);
    }

    /// <summary>Clock ticks since boot and ticks per second.</summary>
    public static int Uptime(out int ticks, out int hz)
    {
        Message m = default;
        m.Type = KernelCall.GetInfo;
        m.P0 = KernelCall.InfoUptime;
        int status = Call(ref m);
        ticks = m.P3;
        hz = m.P4;
        return status;
    }

    /// <summary>SYS_TIMES for the caller: its user ticks and the uptime in ticks.</summary>
    public static int Times(out int userTicks, out int uptime)
    {
        Message m = default;
        m.Type = KernelCall.Times;
        m.P0 = Endpoint.Self;
        int status = Call(ref m);
        userTicks = m.P1;
        uptime = m.P2;
        return status;
    }

    public static int SetGrantTable(Grant* table, int count)
    {
        Message m = default;
        m.Type = KernelCall.SetGrant;
        m.P0 = (int)table;
        m.P1 = count;
        return Call(ref m);
    }

    /// <summary>Copies from a grant of <paramref name="granter"/> into own memory.</summary>
    public static int SafeCopyFrom(int granter, int grant, int offset, void* destination, int bytes)
    {
        Message m = default;
        m.Type = KernelCall.SafeCopyFrom;
        m.P0 = granter;
        m.P1 = grant;
        m.P2 = offset;
        m.P3 = (int)destination;
        m.P4 = bytes;
        return Call(ref m);
    }

    /// <summary>Copies own memory into a grant of <paramref name="granter"/>.</summary>
    public static int SafeCopyTo(int granter, int grant, int offset, void* source, int bytes)
    {
        Message m = default;
        m.Type = KernelCall.SafeCopyTo;
        m.P0 = granter;
        m.P1 = grant;
        m.P2 = offset;
        m.P3 = (int)source;
        m.P4 = bytes;
        return Call(ref m);
    }
}
