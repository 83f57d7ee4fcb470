using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// The real-time clock of the kernel: boot time plus uptime (GETINFO InfoTime reads it).
/// SYS_STIME: reads P0 (the boot time, seconds since the epoch; the clock driver sets it
/// from the RTC). SYS_SETTIME: reads P0 (0: P1 is the time now; 1: P1 is an adjustment in
/// seconds, as MINIX's absolute and relative settime).
/// </summary>
internal static unsafe class TimeCall
{
    public static int STime(Proc caller, Message* m)
    {
        Clock.BootTime = (uint)m->P0;
        return Error.Ok;
    }

    public static int SetTime(Proc caller, Message* m)
    {
        if (m->P0 == 0)
            Clock.BootTime = (uint)m->P1 - (uint)(Clock.Ticks / Clock.Hz);
        else if (m->P0 == 1)
            Clock.BootTime += (uint)m->P1;
        else
            return Error.InvalidArgument;
        return Error.Ok;
    }
}
