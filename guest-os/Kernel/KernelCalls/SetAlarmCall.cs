using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SETALARM: a notification from CLOCK after P0 ticks (0 cancels). Writes P1 (ticks
/// that were left on the previous alarm, 0 if none).
/// </summary>
internal static unsafe class SetAlarmCall
{
    public static int Do(Proc caller, Message* m)
    {
        if (m->P0 < 0)
            return Error.InvalidArgument;
        m->P1 = caller.AlarmTick == 0 ? 0 : (int)(caller.AlarmTick - Clock.Ticks);
        caller.AlarmTick = m->P0 == 0 ? 0 : Clock.Ticks + (ulong)m->P0;
        return Error.Ok;
    }
}
