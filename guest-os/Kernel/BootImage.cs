using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Turns the boot modules into processes (MINIX's boot image table, read from the module
/// command lines instead of compiled in). Module n becomes endpoint n. Its command line is
/// <c>name key=value ...</c>, lists joined by '+' (QEMU splits -initrd at commas):
/// <list type="bullet">
/// <item><c>prio=N</c> scheduling queue 0 (highest) to 7, default 4; <c>quantum=N</c> ticks, default 8.</item>
/// <item><c>ipc=all|none|N+M</c> endpoints it may send to, default all.</item>
/// <item><c>calls=all|none|user|NAME+NAME...</c> with the names of <see cref="s_callNames"/> (and
/// <c>safecopy</c> for both directions), default <c>user</c> (<see cref="UserCalls"/>).</item>
/// <item><c>io=BASE:COUNT+...</c> I/O port ranges and <c>mem=BASE:SIZE+...</c> physical memory
/// ranges (hex, four each), default none; <c>irq=N+M</c> IRQ lines, default none.</item>
/// <item><c>sigmgr=N</c> the endpoint that gets its kernel signals; default none (a fault stops it).</item>
/// </list>
/// Anything else is an argument for the program (GETINFO WhoAmI returns the whole line).
/// </summary>
internal static unsafe class BootImage
{
    public const int DefaultPriority = 4;
    public const int DefaultQuantum = 8;
    public const ulong AllCalls = (1ul << KernelCall.Count) - 1;

    /// <summary>
    /// What an ordinary process may call: exit, its own grants and alarm, information, the
    /// console, abort (the tests end the machine with it), returning from its signal
    /// handlers and its own x87/SSE context. Everything that touches hardware, other
    /// processes or privileges needs <c>calls=</c>.
    /// </summary>
    public const ulong UserCalls =
        (1ul << (KernelCall.Exit - KernelCall.Base)) | (1ul << (KernelCall.SafeCopyFrom - KernelCall.Base))
        | (1ul << (KernelCall.SafeCopyTo - KernelCall.Base)) | (1ul << (KernelCall.SetAlarm - KernelCall.Base))
        | (1ul << (KernelCall.GetInfo - KernelCall.Base)) | (1ul << (KernelCall.Abort - KernelCall.Base))
        | (1ul << (KernelCall.DiagCtl - KernelCall.Base)) | (1ul << (KernelCall.Times - KernelCall.Base))
        | (1ul << (KernelCall.SetGrant - KernelCall.Base)) | (1ul << (KernelCall.SafeMemset - KernelCall.Base))
        | (1ul << (KernelCall.SigReturn - KernelCall.Base)) | (1ul << (KernelCall.GetMContext - KernelCall.Base))
        | (1ul << (KernelCall.SetMContext - KernelCall.Base));

    private static uint[] s_moduleStart;
    private static uint[] s_moduleSize;

    public static int ModuleCount => s_moduleStart.Length;

    /// <summary>The physical ELF image of a boot module (EXEC loads from it again).</summary>
    public static byte* Module(int index, out uint size)
    {
        size = s_moduleSize[index];
        return (byte*)s_moduleStart[index];
    }

    public static void Load(uint info)
    {
        int count = Multiboot.ModuleCount(info);
        if (count > ProcTable.Size)
            Panic.Fail("too many boot modules");
        s_moduleStart = new uint[count];
        s_moduleSize = new uint[count];
        for (int i = 0; i < count; i++)
        {
            Multiboot.Module module = Multiboot.GetModule(info, i);
            s_moduleStart[i] = module.Start;
            s_moduleSize[i] = module.End - module.Start;
            Proc p = ProcTable.Slots[i];
            p.SetCommandLine(module.CommandLine, module.CommandLine.Length);
            p.PageDirectory = Paging.NewDirectory();
            uint entry = ElfLoader.Load(p.PageDirectory, (byte*)module.Start, module.End - module.Start);
            if (entry == 0)
            {
                Console.Write("kernel: boot module ");
                Console.WriteDecimal(i);
                Console.WriteLine(" is not a user ELF executable; skipped");
                continue;
            }
            p.FpuArea = Interrupts.NewFpuArea();
            p.StartAt(entry);
            p.MaxPriority = DefaultPriority;
            p.Quantum = DefaultQuantum;
            p.Priv.IpcTargets = ~0u;
            p.Priv.Calls = UserCalls;
            ParsePrivileges(p);
            p.Priority = p.MaxPriority;
            p.TicksLeft = p.Quantum;
            p.Flags = 0;
            p.Used = true;
            Scheduler.Ready(p);
            Console.Write("kernel: started process ");
            ProcTable.WriteName(p);
            Console.Write('\n');
        }
    }

    private static void ParsePrivileges(Proc p)
    {
        byte[] line = p.CommandLine;
        int length = p.CommandLineLength;
        int i = 0;
        while (i < length)
        {
            while (i < length && line[i] == (byte)' ')
                i++;
            int start = i;
            while (i < length && line[i] != (byte)' ')
                i++;
            int equals = start;
            while (equals < i && line[equals] != (byte)'=')
                equals++;
            if (equals == i)
                continue;
            int value = equals + 1;
            if (Is(line, start, equals, "prio"))
                p.MaxPriority = Clamp((int)Number(line, value, i, 10), 0, Scheduler.LowestQueue);
            else if (Is(line, start, equals, "quantum"))
                p.Quantum = Clamp((int)Number(line, value, i, 10), 1, 1000);
            else if (Is(line, start, equals, "ipc"))
                p.Priv.IpcTargets = NumberSet(line, value, i);
            else if (Is(line, start, equals, "irq"))
                p.Priv.Irqs = NumberSet(line, value, i);
            else if (Is(line, start, equals, "calls"))
                p.Priv.Calls = CallSet(line, value, i);
            else if (Is(line, start, equals, "io"))
                ParseRanges(p.Priv, true, line, value, i);
            else if (Is(line, start, equals, "mem"))
                ParseRanges(p.Priv, false, line, value, i);
            else if (Is(line, start, equals, "sigmgr"))
                p.Priv.SignalManager = (int)Number(line, value, i, 10);
        }
    }

    private static uint NumberSet(byte[] line, int start, int end)
    {
        if (Is(line, start, end, "all"))
            return ~0u;
        uint set = 0;
        for (int i = start; i < end;)
        {
            int itemEnd = ItemEnd(line, i, end);
            if (!Is(line, i, itemEnd, "none"))
                set |= 1u << (int)(Number(line, i, itemEnd, 10) & 31);
            i = itemEnd + 1;
        }
        return set;
    }

    /// <summary>Kernel-call names for <c>calls=</c>, indexed by call number - KernelCall.Base (MINIX's SYS_* names in lower case).</summary>
    private static readonly string[] s_callNames =
    {
        "exit", "devio", "irqctl", "safecopyfrom", "safecopyto", "setalarm", "getinfo", "abort", "diagctl", "times",
        "setgrant", "fork", "exec", "clear", "privctl", "vdevio", "sdevio", "vircopy", "physcopy", "umap", "memset",
        "kill", "getksig", "endksig", "sigsend", "sigreturn", "stime", "settime", "schedule", "runctl", "vmctl",
        "safememset", "getmcontext", "setmcontext", "update",
    };

    private static ulong CallSet(byte[] line, int start, int end)
    {
        ulong set = 0;
        for (int i = start; i < end;)
        {
            int e = ItemEnd(line, i, end);
            if (Is(line, i, e, "all"))
                set = AllCalls;
            else if (Is(line, i, e, "user"))
                set |= UserCalls;
            else if (Is(line, i, e, "safecopy"))
                set |= Bit(KernelCall.SafeCopyFrom) | Bit(KernelCall.SafeCopyTo);
            for (int c = 0; c < s_callNames.Length; c++)
            {
                if (Is(line, i, e, s_callNames[c]))
                    set |= 1ul << c;
            }
            i = e + 1;
        }
        return set;
    }

    private static void ParseRanges(Priv priv, bool io, byte[] line, int start, int end)
    {
        for (int i = start; i < end;)
        {
            int e = ItemEnd(line, i, end);
            int colon = i;
            while (colon < e && line[colon] != (byte)':')
                colon++;
            priv.AddRange(io, Number(line, i, colon, 16), colon < e ? Number(line, colon + 1, e, 16) : 1);
            i = e + 1;
        }
    }

    private static ulong Bit(int call) => 1ul << (call - KernelCall.Base);

    private static int ItemEnd(byte[] line, int start, int end)
    {
        while (start < end && line[start] != (byte)'+')
            start++;
        return start;
    }

    private static int Clamp(int value, int low, int high) => value < low ? low : value > high ? high : value;

    /// <summary>Parses digits in the given radix; a "0x" prefix forces hexadecimal.</summary>
    private static uint Number(byte[] line, int start, int end, uint radix)
    {
        if (end - start > 2 && line[start] == (byte)'0' && (line[start + 1] | 0x20) == (byte)'x')
        {
            radix = 16;
            start += 2;
        }
        uint value = 0;
        for (int i = start; i < end; i++)
        {
            int c = line[i] | 0x20;
            uint digit = c >= '0' && c <= '9' ? (uint)(c - '0') : c >= 'a' && c <= 'f' ? (uint)(c - 'a' + 10) : 99;
            if (digit >= radix)
                break;
            value = value * radix + digit;
        }
        return value;
    }

    private static bool Is(byte[] line, int start, int end, string word)
    {
        if (end - start != word.Length)
            return false;
        for (int i = 0; i < word.Length; i++)
        {
            if (line[start + i] != (byte)word[i])
                return false;
        }
        return true;
    }
}
