namespace GuestOs.Lib;

/// <summary>
/// Kernel-call wrappers (MINIX's libsys). Every call goes through <see cref="Call(int, out Message, int, int, int, int, int, int, int)"/>:
/// it builds the request from the call number and its first payload words, SENDRECs it
/// to the system task and returns the status the kernel put in the reply's type; the
/// reply's words are the call's results. The fields of each call are documented in
/// guest-os/Kernel/KernelCalls/*Call.cs.
/// </summary>
public static unsafe class Sys
{
    public static int Call(ref Message message)
    {
        int status = Ipc.SendRec(Endpoint.System, ref message);
        return status != Error.Ok ? status : message.Type;
    }

    /// <summary>The one generic helper: a request of payload words P0..P6, the reply in <paramref name="reply"/>.</summary>
    public static int Call(int call, out Message reply, int p0 = 0, int p1 = 0, int p2 = 0, int p3 = 0, int p4 = 0, int p5 = 0, int p6 = 0)
    {
        reply = default;
        reply.Type = call;
        reply.P0 = p0;
        reply.P1 = p1;
        reply.P2 = p2;
        reply.P3 = p3;
        reply.P4 = p4;
        reply.P5 = p5;
        reply.P6 = p6;
        return Call(ref reply);
    }

    public static int Call(int call, int p0 = 0, int p1 = 0, int p2 = 0, int p3 = 0, int p4 = 0, int p5 = 0, int p6 = 0) =>
        Call(call, out _, p0, p1, p2, p3, p4, p5, p6);

    /// <summary>Prints text on the kernel console (COM1).</summary>
    public static int Print(string text)
    {
        fixed (char* p = text)
            return Call(KernelCall.DiagCtl, (int)p, text.Length);
    }

    public static void Exit(int status) => Call(KernelCall.Exit, status);

    /// <summary>Stops the whole machine (QEMU's debug-exit device) with the given code.</summary>
    public static int Abort(int code) => Call(KernelCall.Abort, code);

    public static int OutByte(int port, int value) => Call(KernelCall.DevIo, KernelCall.DevIoOutByte, port, value);

    public static int InByte(int port, out int value)
    {
        int status = Call(KernelCall.DevIo, out Message r, KernelCall.DevIoInByte, port);
        value = r.P2;
        return status;
    }

    /// <summary>A CLOCK notification after <paramref name="ticks"/> (or at tick <paramref name="ticks"/> if absolute); 0 cancels.</summary>
    public static int SetAlarm(int ticks, bool absolute = false) => SetAlarm(ticks, absolute, out _);

    public static int SetAlarm(int ticks, bool absolute, out int previousLeft)
    {
        int status = Call(KernelCall.SetAlarm, out Message r, ticks, absolute ? KernelCall.AlarmAbsolute : 0);
        previousLeft = r.P2;
        return status;
    }

    /// <summary>Own endpoint and boot command line (copied into the buffer).</summary>
    public static int WhoAmI(char* buffer, int capacity, out int endpoint, out int length)
    {
        int status = Call(KernelCall.GetInfo, out Message r, KernelCall.InfoWhoAmI, (int)buffer, capacity);
        endpoint = r.P3;
        length = r.P4;
        return status;
    }

    /// <summary>The scheduling state of a process: priority, user ticks, flags.</summary>
    public static int ProcessInfo(int endpoint, out int priority, out int ticks, out int flags)
    {
        int status = Call(KernelCall.GetInfo, out Message r, KernelCall.InfoProcess, endpoint);
        priority = r.P3;
        ticks = r.P4;
        flags = r.P5;
        return status;
    }

    /// <summary>IRQCTL: request is one of KernelCall.Irq*.</summary>
    public static int IrqCtl(int request, int irq) => Call(KernelCall.IrqCtl, request, irq);

    /// <summary>Clock ticks since boot and ticks per second.</summary>
    public static int Uptime(out int ticks, out int hz)
    {
        int status = Call(KernelCall.GetInfo, out Message r, KernelCall.InfoUptime);
        ticks = r.P3;
        hz = r.P4;
        return status;
    }

    /// <summary>SYS_TIMES for the caller: its user ticks and the uptime in ticks.</summary>
    public static int Times(out int userTicks, out int uptime)
    {
        int status = Call(KernelCall.Times, out Message r, Endpoint.Self);
        userTicks = r.P1;
        uptime = r.P2;
        return status;
    }

    public static int SetGrantTable(Grant* table, int count) => Call(KernelCall.SetGrant, (int)table, count);

    /// <summary>Copies from a grant of <paramref name="granter"/> into own memory.</summary>
    public static int SafeCopyFrom(int granter, int grant, int offset, void* destination, int bytes) =>
        Call(KernelCall.SafeCopyFrom, granter, grant, offset, (int)destination, bytes);

    /// <summary>Copies own memory into a grant of <paramref name="granter"/>.</summary>
    public static int SafeCopyTo(int granter, int grant, int offset, void* source, int bytes) =>
        Call(KernelCall.SafeCopyTo, granter, grant, offset, (int)source, bytes);

    /// <summary>Fills part of a grant of <paramref name="granter"/> with a byte.</summary>
    public static int SafeMemset(int granter, int grant, int offset, int value, int bytes) =>
        Call(KernelCall.SafeMemset, granter, grant, offset, value, bytes);

    /// <summary>FORK: copies process <paramref name="parent"/> into a free slot; the child's endpoint.</summary>
    public static int Fork(int parent, out int child)
    {
        int status = Call(KernelCall.Fork, out Message r, parent);
        child = r.P1;
        return status;
    }

    /// <summary>EXEC: replaces the memory image of a process with boot module <paramref name="module"/>.</summary>
    public static int Exec(int endpoint, int module, string commandLine)
    {
        fixed (char* p = commandLine)
            return Call(KernelCall.Exec, endpoint, module, (int)p, commandLine.Length);
    }

    /// <summary>CLEAR: ends a process and frees its slot and memory.</summary>
    public static int Clear(int endpoint) => Call(KernelCall.Clear, endpoint);

    /// <summary>PRIVCTL: the words after the endpoint depend on the request (PrivCtlCall.cs).</summary>
    public static int PrivCtl(int request, int endpoint, int p2 = 0, int p3 = 0, int p4 = 0, int p5 = 0, int p6 = 0) =>
        Call(KernelCall.PrivCtl, request, endpoint, p2, p3, p4, p5, p6);

    public static int VirCopy(int sourceEndpoint, void* source, int destinationEndpoint, void* destination, int bytes) =>
        Call(KernelCall.VirCopy, sourceEndpoint, (int)source, destinationEndpoint, (int)destination, bytes);

    /// <summary>PHYSCOPY: endpoint Endpoint.None means "a physical address".</summary>
    public static int PhysCopy(int sourceEndpoint, uint source, int destinationEndpoint, uint destination, int bytes) =>
        Call(KernelCall.PhysCopy, sourceEndpoint, (int)source, destinationEndpoint, (int)destination, bytes);

    /// <summary>UMAP: the physical address of a range of a process's memory (physically contiguous).</summary>
    public static int Umap(int endpoint, void* address, int bytes, out uint physical)
    {
        int status = Call(KernelCall.Umap, out Message r, endpoint, (int)address, bytes);
        physical = (uint)r.P3;
        return status;
    }

    public static int Memset(int endpoint, void* address, int value, int bytes) =>
        Call(KernelCall.Memset, endpoint, value, (int)address, bytes);

    public static int Kill(int endpoint, int signal) => Call(KernelCall.Kill, endpoint, signal);

    /// <summary>GETKSIG: a process with pending kernel signals managed by the caller (Endpoint.None if none) and its signal map.</summary>
    public static int GetKSig(out int endpoint, out int signals)
    {
        int status = Call(KernelCall.GetKSig, out Message r);
        endpoint = r.P0;
        signals = r.P1;
        return status;
    }

    public static int EndKSig(int endpoint) => Call(KernelCall.EndKSig, endpoint);

    /// <summary>SIGSEND: runs <paramref name="handler"/>(signal) in the process, returning through <paramref name="trampoline"/>(context).</summary>
    public static int SigSend(int endpoint, int signal, void* handler, void* trampoline) =>
        Call(KernelCall.SigSend, endpoint, signal, (int)handler, (int)trampoline);

    /// <summary>SIGRETURN: resumes the context SIGSEND saved; returns only on error.</summary>
    public static int SigReturn(void* context) => Call(KernelCall.SigReturn, (int)context);

    public static int Schedule(int endpoint, int priority, int quantum) => Call(KernelCall.Schedule, endpoint, priority, quantum);

    public static int RunCtl(int endpoint, int request) => Call(KernelCall.RunCtl, endpoint, request);

    /// <summary>UPDATE: swaps the running images of two stopped processes (live update).</summary>
    public static int Update(int endpoint, int other) => Call(KernelCall.Update, endpoint, other);

    public static int VmCtl(int request, int endpoint, uint address, int bytes, bool writable = true) =>
        Call(KernelCall.VmCtl, request, endpoint, (int)address, bytes, writable ? 1 : 0);
}
