using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Turns the boot modules into processes (MINIX's boot image table, read from the module
/// command lines instead of compiled in). Module n becomes endpoint n. Its command line is
/// <c>name key=value ...</c>, lists joined by '+' (QEMU splits -initrd at commas):
/// <list type="bullet">
/// <item><c>prio=N</c> scheduling queue 0 (highest) to 7, default 4; <c>quantum=N</c> ticks, default 8.</item>
/// <item><c>ipc=all|none|N+M</c> endpoints it may send to, default all.</item>
/// <item><c>calls=all|none|user|exit+devio+irqctl+safecopy+setalarm+getinfo+abort+diagctl+times+setgrant</c>,
/// default <c>user</c> (all but devio and irqctl).</item>
/// <item><c>io=BASE:COUNT+...</c> I/O port ranges (hex), default none; <c>irq=N+M</c> IRQ lines, default none.</item>
/// </list>
/// Anything else is an argument for the program (GETINFO WhoAmI returns the whole line).
/// </summary>
internal static unsafe class BootImage
{
    public const int DefaultPriority = 4;
    public const int DefaultQuantum = 8;
    private const uint UserCalls = ~((1u << (KernelCall.DevIo - KernelCall.Base)) | (1u << (KernelCall.IrqCtl - KernelCall.Base)));

    public static void Load(uint info)
    {
        int count = Multiboot.ModuleCount(info);
        if (count > ProcTable.Size)
            Panic.Fail("too many boot modules");
        for (int i = 0; i < count; i++)
        {
            Multiboot.Module module = Multiboot.GetModule(info, i);
            Proc p = ProcTable.Slots[i];
            p.CommandLine = module.CommandLine;
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
            p.Regs.Cs = Boot.UserCode;
            p.Regs.Ds = p.Regs.Es = p.Regs.Fs = p.Regs.Gs = p.Regs.Ss = Boot.UserData;
            p.Regs.Eflags = 0x202;
            p.Regs.Eip = entry;
            p.Regs.Esp = ElfLoader.StackTop;
            p.MaxPriority = DefaultPriority;
            p.Quantum = DefaultQuantum;
            p.Priv.IpcTargets = ~0u;
            p.Priv.Calls = UserCalls;
            ParsePrivileges(p);
            p.Priority = p.MaxPriority;
            p.TicksLeft = p.Quantum;
            p.Flags = 0;
            Scheduler.Ready(p);
            Console.Write("kernel: started process ");
            ProcTable.WriteName(p);
            Console.Write('\n');
        }
    }

    private static void ParsePrivileges(Proc p)
    {
        byte[] line = p.CommandLine;
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == (byte)' ')
                i++;
            int start = i;
            while (i < line.Length && line[i] != (byte)' ')
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
                ParseIo(p.Priv, line, value, i);
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

    private static uint CallSet(byte[] line, int start, int end)
    {
        uint set = 0;
        for (int i = start; i < end;)
        {
            int e = ItemEnd(line, i, end);
            if (Is(line, i, e, "all")) set = ~0u;
            else if (Is(line, i, e, "user")) set |= UserCalls;
            else if (Is(line, i, e, "exit")) set |= Bit(KernelCall.Exit);
            else if (Is(line, i, e, "devio")) set |= Bit(KernelCall.DevIo);
            else if (Is(line, i, e, "irqctl")) set |= Bit(KernelCall.IrqCtl);
            else if (Is(line, i, e, "safecopy")) set |= Bit(KernelCall.SafeCopyFrom) | Bit(KernelCall.SafeCopyTo);
            else if (Is(line, i, e, "setalarm")) set |= Bit(KernelCall.SetAlarm);
            else if (Is(line, i, e, "getinfo")) set |= Bit(KernelCall.GetInfo);
            else if (Is(line, i, e, "abort")) set |= Bit(KernelCall.Abort);
            else if (Is(line, i, e, "diagctl")) set |= Bit(KernelCall.DiagCtl);
            else if (Is(line, i, e, "times")) set |= Bit(KernelCall.Times);
            else if (Is(line, i, e, "setgrant")) set |= Bit(KernelCall.SetGrant);
            i = e + 1;
        }
        return set;
    }

    private static void ParseIo(Priv priv, byte[] line, int start, int end)
    {
        for (int i = start; i < end && priv.IoRangeCount < Priv.MaxIoRanges;)
        {
            int e = ItemEnd(line, i, end);
            int colon = i;
            while (colon < e && line[colon] != (byte)':')
                colon++;
            priv.IoBase[priv.IoRangeCount] = Number(line, i, colon, 16);
            priv.IoCount[priv.IoRangeCount] = colon < e ? Number(line, colon + 1, e, 16) : 1;
            priv.IoRangeCount++;
            i = e + 1;
        }
    }

    private static uint Bit(int call) => 1u << (call - KernelCall.Base);

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
