using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// An infinite loop loses priority. Boot: 0 = looper prio=3 quantum=2, 1 = echo prio=4,
/// 2 = loop-checker prio=5. The checker (lowest) can only run once the looper has burnt
/// quanta down to its level; it then finds the looper demoted and the echo server answering.
/// </summary>
internal static class Priority
{
    public static void Loop()
    {
        int x = 0;
        while (true)
            x++;
    }

    public static void Checker()
    {
        Sys.ProcessInfo(0, out int priority, out int ticks, out _);
        Check.That(priority > 3, string.Concat("the looping process dropped from queue 3 to ", priority.ToString()));
        Check.That(ticks > 0, "it used CPU time");
        Message m = default;
        m.P0 = 10;
        Check.Equal(Error.Ok, Ipc.SendRec(1, ref m), "the system still answers");
        Check.Equal(11, m.P0, "echo reply");
        Check.Finish("priority");
    }
}
