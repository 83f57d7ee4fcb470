using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SETALARM: arms the caller's watchdog timer, which expires as a notification from
/// CLOCK. Reads P0 (ticks from now, or the tick itself if P1 has AlarmAbsolute; 0 cancels).
/// Writes P2 (ticks that were left on the previous alarm, 0 if none).
/// </summary>
internal static unsafe class SetAlarmCall
{
    public static int Do(Proc caller, Message* m)
    {
        if (m->P0 < 0)
            return Error.InvalidArgument;
        Timer alarm = caller.Alarm;
        m->P2 = alarm.Armed && alarm.Expiry > Clock.Ticks ? (int)(alarm.Expiry - Clock.Ticks) : 0;
        if (m->P0 == 0)
            Timers.Cancel(alarm);
        else
            Timers.Set(alarm, (m->P1 & KernelCall.AlarmAbsolute) != 0 ? (ulong)(uint)m->P0 : Clock.Ticks + (ulong)m->P0);
        return Error.Ok;
    }
}
