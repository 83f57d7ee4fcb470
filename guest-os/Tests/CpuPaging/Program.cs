using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// 32-bit paging as the SDM (Vol. 3A, ch. 4) defines it, printed so that pcemu and QEMU can be compared:
/// a 4 MiB PSE page aliasing 4 KiB-mapped memory, accessed and dirty bits in PTEs and in a 4 MiB PDE,
/// page faults (error code and CR2) for not-present reads and writes and for a 4 MiB PDE,
/// supervisor writes to read-only pages with CR0.WP clear (allowed) and set (#PF, error 3),
/// INVLPG after a PTE change, and clearing CR4.PGE dropping a global translation.
/// Only architecturally defined outcomes are printed (never a read through a possibly stale TLB entry).
/// </summary>
internal static unsafe class Program
{
    private const uint PageDirectory = 0x0070_0000, PageTable = 0x0070_1000;
    private const uint Present = 1, Writable = 2, Accessed = 1 << 5, Dirty = 1 << 6, Large = 1 << 7, Global = 1 << 8;
    private const uint Cr0Pg = 1u << 31, Cr0Wp = 1u << 16, Cr4Pse = 1u << 4, Cr4Pge = 1u << 7;

    private static uint s_faults, s_lastCr2, s_lastError;

    [DllImport("*", EntryPoint = "cpu_read_cr0")] [SuppressGCTransition] private static extern uint ReadCr0();
    [DllImport("*", EntryPoint = "cpu_write_cr0")] [SuppressGCTransition] private static extern void WriteCr0(uint value);
    [DllImport("*", EntryPoint = "cpu_read_cr2")] [SuppressGCTransition] private static extern uint ReadCr2();
    [DllImport("*", EntryPoint = "cpu_read_cr3")] [SuppressGCTransition] private static extern uint ReadCr3();
    [DllImport("*", EntryPoint = "cpu_write_cr3")] [SuppressGCTransition] private static extern void WriteCr3(uint value);
    [DllImport("*", EntryPoint = "cpu_read_cr4")] [SuppressGCTransition] private static extern uint ReadCr4();
    [DllImport("*", EntryPoint = "cpu_write_cr4")] [SuppressGCTransition] private static extern void WriteCr4(uint value);
    [DllImport("*", EntryPoint = "cpu_invlpg")] [SuppressGCTransition] private static extern void Invlpg(uint address);

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("cpu paging");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.ExceptionHandler = &OnException;

        uint* pd = (uint*)PageDirectory;
        uint* pt = (uint*)PageTable;
        for (int i = 0; i < 1024; i++)
        {
            pd[i] = 0;
            pt[i] = (0x0040_0000u + (uint)i * 4096) | Present | Writable;
        }
        pd[0] = 0 | Present | Writable | Large;                      // 0-4 MiB: one 4 MiB page (the program)
        pd[1] = PageTable | Present | Writable;                       // 4-8 MiB: 4 KiB pages
        pd[2] = 0x0040_0000 | Present | Writable | Large;             // 8-12 MiB: alias of 4-8 MiB
        pd[3] = 0;                                                    // 12-16 MiB: not present
        pt[0x200] = 0x0060_0000 | Present | Writable;                 // A/D test page, bits clear
        pt[0x201] = 0x0060_1000 | Present;                            // read-only
        pt[0x202] = 0x0060_2000;                                      // not present (read test)
        pt[0x203] = 0x0060_3000;                                      // not present (write test)
        Poke(0x0060_4000, 0xAAAA_0001);
        Poke(0x0060_5000, 0xBBBB_0002);
        Poke(0x0060_6000, 0xCCCC_0003);
        Poke(0x0060_7000, 0xDDDD_0004);

        WriteCr4(ReadCr4() | Cr4Pse);
        WriteCr3(PageDirectory);
        WriteCr0(ReadCr0() | Cr0Pg);
        Serial.WriteLine("paging on");

        // PSE: a 4 MiB page aliasing the same physical memory; its PDE gets A, then D.
        Poke(0x0050_0000, 0x1234_5678);
        Report("pse alias read", Peek(0x0090_0000));
        Report("pde2 after read (A D)", pd[2] & (Accessed | Dirty));
        Poke(0x0090_0004, 0x8765_4321);
        Report("pse alias write", Peek(0x0050_0004));
        Report("pde2 after write (A D)", pd[2] & (Accessed | Dirty));

        // Accessed and dirty bits of a PTE (the PDE of a page table gets A only).
        Report("pte before (A D)", pt[0x200] & (Accessed | Dirty));
        Peek(0x0060_0000);
        Report("pte after read (A D)", pt[0x200] & (Accessed | Dirty));
        Poke(0x0060_0000, 1);
        Report("pte after write (A D)", pt[0x200] & (Accessed | Dirty));
        Report("pde1 (A D)", pd[1] & (Accessed | Dirty));

        // CR0.WP: supervisor writes to a read-only page.
        Poke(0x0060_1010, 0x5555_0000);
        Report("wp=0 write, faults", s_faults);
        WriteCr0(ReadCr0() | Cr0Wp);
        Poke(0x0060_1020, 0x6666_0000);
        ReportFault("wp=1 write");
        Report("wp=1 write landed after fix", Peek(0x0060_1020));
        WriteCr0(ReadCr0() & ~Cr0Wp);

        // Not-present pages and a not-present 4 MiB PDE.
        Peek(0x0060_2ABC);
        ReportFault("not-present read");
        Poke(0x0060_3FFC, 7);
        ReportFault("not-present write");
        Peek(0x00C0_0010);
        ReportFault("not-present pde read");

        // INVLPG makes a changed PTE visible.
        Report("before remap", Peek(0x0060_4000));
        pt[0x204] = 0x0060_5000 | Present | Writable;
        Invlpg(0x0060_4000);
        Report("after remap and invlpg", Peek(0x0060_4000));

        // A CR3 reload makes a changed non-global PTE visible; clearing CR4.PGE drops a global translation.
        pt[0x204] = 0x0060_4000 | Present | Writable;
        WriteCr3(ReadCr3());
        Report("after remap and cr3 reload", Peek(0x0060_4000));
        WriteCr4(ReadCr4() | Cr4Pge);
        pt[0x206] = 0x0060_6000 | Present | Writable | Global;
        Invlpg(0x0060_6000);
        Report("global page", Peek(0x0060_6000));
        pt[0x206] = 0x0060_7000 | Present | Writable | Global;
        WriteCr4(ReadCr4() & ~Cr4Pge);
        Report("global page after remap and pge off", Peek(0x0060_6000));

        Serial.WriteLine("done");
        DebugExit.Exit(DebugExit.Passed);
    }

    /// <summary>#PF: remember CR2 and the error code, then make the page (or 4 MiB PDE) present and writable and retry.</summary>
    private static bool OnException(Frame* frame)
    {
        if (frame->Vector != 14)
            return false;
        s_faults++;
        s_lastCr2 = ReadCr2();
        s_lastError = frame->ErrorCode;
        uint* pd = (uint*)PageDirectory;
        uint* pt = (uint*)PageTable;
        uint page = s_lastCr2 & ~0xFFFu;
        if (page >= 0x0040_0000 && page < 0x0080_0000)
            pt[(page - 0x0040_0000) >> 12] = page | Present | Writable;
        else if (page >= 0x00C0_0000 && page < 0x0100_0000)
            pd[3] = 0x00C0_0000 | Present | Writable | Large;
        Invlpg(page);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Peek(uint address) => *(uint*)address;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Poke(uint address, uint value) => *(uint*)address = value;

    private static void Report(string what, uint value)
    {
        Serial.Write(what);
        Serial.Write(": 0x");
        Serial.WriteHex(value, 8);
        Serial.WriteLine("");
    }

    private static void ReportFault(string what)
    {
        Serial.Write(what);
        Serial.Write(": faults ");
        Serial.WriteDecimal(s_faults);
        Serial.Write(" cr2 0x");
        Serial.WriteHex(s_lastCr2, 8);
        Serial.Write(" error 0x");
        Serial.WriteHex(s_lastError, 1);
        Serial.WriteLine("");
    }
}
