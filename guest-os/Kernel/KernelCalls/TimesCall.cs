using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>SYS_TIMES: reads P0 (endpoint, or Endpoint.Self); writes P1 (its user ticks), P2 (uptime ticks) and P3 (real time, seconds since the epoch).</summary>
internal static unsafe class TimesCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Target(caller, m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        m->P1 = (int)target.UserTicks;
        m->P2 = (int)Clock.Ticks;
        m->P3 = (int)Clock.Now;
        return Error.Ok;
    }
}
