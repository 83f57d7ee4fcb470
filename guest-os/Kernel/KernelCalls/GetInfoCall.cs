using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_GETINFO. Reads P0 (request). InfoWhoAmI: copies the caller's boot command line as
/// UTF-16 into P1 (buffer, P2 chars at most), writes P3 (own endpoint) and P4 (length).
/// InfoProcess: for endpoint P1 (or Self) writes P3 (current priority), P4 (user ticks), P5 (flags: ProcFlags).
/// InfoUptime: writes P3 (ticks since boot) and P4 (ticks per second).
/// InfoPriv: for endpoint P1 (or Self) writes P3/P4 (kernel-call bitmap, low and high words),
/// P5 (IPC bitmap), P6 (IRQ bitmap), P7 (signal manager), P8 (I/O ranges), P9 (memory ranges).
/// InfoKernel: writes P3 (process slots), P4 (kernel calls), P5 (free frames), P6 (top of
/// memory), P7 (boot modules).
/// InfoTime: writes P3 (real time, seconds since the epoch) and P4 (boot time).
/// </summary>
internal static unsafe class GetInfoCall
{
    public static int Do(Proc caller, Message* m)
    {
        switch (m->P0)
        {
            case KernelCall.InfoWhoAmI:
            {
                byte[] line = caller.CommandLine;
                int length = caller.CommandLineLength < m->P2 ? caller.CommandLineLength : m->P2;
                for (int i = 0; i < length; i++)
                {
                    char c = (char)line[i];
                    if (Paging.CopyOut((byte*)&c, caller.PageDirectory, (uint)m->P1 + (uint)i * 2, 2) != Error.Ok)
                        return Error.BadAddress;
                }
                m->P3 = caller.Endpoint;
                m->P4 = length;
                return Error.Ok;
            }
            case KernelCall.InfoProcess:
            case KernelCall.InfoPriv:
            {
                Proc p = ProcTable.Target(caller, m->P1);
                if (p == null)
                    return ProcTable.Missing(m->P1);
                if (m->P0 == KernelCall.InfoProcess)
                {
                    m->P3 = p.Priority;
                    m->P4 = (int)p.UserTicks;
                    m->P5 = p.Flags;
                    return Error.Ok;
                }
                m->P3 = (int)p.Priv.Calls;
                m->P4 = (int)(p.Priv.Calls >> 32);
                m->P5 = (int)p.Priv.IpcTargets;
                m->P6 = (int)p.Priv.Irqs;
                m->P7 = p.Priv.SignalManager;
                m->P8 = p.Priv.IoRangeCount;
                m->P9 = p.Priv.MemRangeCount;
                return Error.Ok;
            }
            case KernelCall.InfoUptime:
                m->P3 = (int)Clock.Ticks;
                m->P4 = Clock.Hz;
                return Error.Ok;
            case KernelCall.InfoKernel:
                m->P3 = ProcTable.Size;
                m->P4 = KernelCall.Count;
                m->P5 = (int)Frames.FreeFrames;
                m->P6 = (int)Frames.MemoryTop;
                m->P7 = BootImage.ModuleCount;
                return Error.Ok;
            case KernelCall.InfoTime:
                m->P3 = (int)Clock.Now;
                m->P4 = (int)Clock.BootTime;
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
