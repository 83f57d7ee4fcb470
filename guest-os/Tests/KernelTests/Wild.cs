using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Faults stop only the faulting process. Boot: 0 = fault-checker prio=5, 1 = echo prio=4,
/// 2 = wild-kernel, 3 = wild-null, 4 = wild-divide, 5 = wild-opcode (prio=3). The wild ones
/// run first and fault; the checker then finds each stopped and the echo server still answering.
/// </summary>
internal static unsafe class Wild
{
    public static void WriteKernel()
    {
        *(int*)0x0010_0000 = 1;          // the kernel image: supervisor-only
        Survived("write to kernel memory");
    }

    public static void WriteNull()
    {
        *(int*)0 = 1;
        Survived("write to address 0");
    }

    public static void Divide()
    {
        int zero = Volatile(0);
        int x = 10 / zero;
        Survived(string.Concat("divide by zero gave ", x.ToString()));
    }

    public static void InvalidOpcode()
    {
        byte* code = stackalloc byte[4];
        code[0] = 0x0F;                   // ud2
        code[1] = 0x0B;
        ((delegate* unmanaged<void>)code)();
        Survived("ud2");
    }

    public static void Checker()
    {
        for (int p = 2; p <= 5; p++)
        {
            Sys.ProcessInfo(p, out _, out _, out int flags);
            Check.That((flags & 8) != 0, string.Concat("faulting process ", p.ToString(), " stopped"));
        }
        Message m = default;
        m.P0 = 1;
        Check.Equal(Error.Ok, Ipc.SendRec(1, ref m), "the echo server still answers");
        Check.Equal(2, m.P0, "echo reply");
        Check.Equal(Error.DeadSourceOrDestination, Ipc.Send(2, ref m), "send to a stopped process");
        Check.Finish("faults");
    }

    private static int s_sink;

    private static int Volatile(int value)
    {
        s_sink = value;
        return s_sink;
    }

    private static void Survived(string what)
    {
        Sys.Print(string.Concat("FAIL: survived ", what));
        Sys.Abort(Check.Failed);
    }
}
