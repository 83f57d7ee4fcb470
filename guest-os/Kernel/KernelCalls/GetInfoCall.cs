using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_GETINFO. Reads P0 (request). InfoWhoAmI: copies the caller's boot command line as
/// UTF-16 into P1 (buffer, P2 chars at most), writes P3 (own endpoint) and P4 (length).
/// InfoProcess: for endpoint P1 writes P3 (current priority), P4 (user ticks), P5 (flags).
/// InfoUptime: writes P3 (ticks since boot) and P4 (ticks per second).
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
                int length = line.Length < m->P2 ? line.Length : m->P2;
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
            {
                if (!ProcTable.Exists(m->P1))
                    return Error.NoSuchProcess;
                Proc p = ProcTable.Slots[m->P1];
                m->P3 = p.Priority;
                m->P4 = (int)p.UserTicks;
                m->P5 = p.Flags;
                return Error.Ok;
            }
            case KernelCall.InfoUptime:
                m->P3 = (int)Clock.Ticks;
                m->P4 = Clock.Hz;
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
