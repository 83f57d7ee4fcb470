using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>SYS_TIMES: reads P0 (endpoint, or Endpoint.Self); writes P1 (its user ticks) and P2 (uptime ticks).</summary>
internal static unsafe class TimesCall
{
    public static int Do(Proc caller, Message* m)
    {
        int endpoint = m->P0 == Endpoint.Self ? caller.Endpoint : m->P0;
        if (!ProcTable.Exists(endpoint))
            return Error.NoSuchProcess;
        m->P1 = (int)ProcTable.Slots[endpoint].UserTicks;
        m->P2 = (int)Clock.Ticks;
        return Error.Ok;
    }
}
