using System;
using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Task switching and segment limits (SDM Vol. 3A, ch. 5 and 7) printed so that pcemu and QEMU can be
/// compared: INT 32h through a task gate switches to a second TSS (back link, busy bits, NT), whose IRET
/// returns to the first; an expand-down data segment loads and reads above its limit; loading
/// SS with a not-present segment raises #SS, with a DPL 3 segment in ring 0 #GP, each with its error code.
/// </summary>
internal static unsafe class Program
{
    private const uint GdtAddress = 0x0060_0000, TssA = 0x0060_1000, TssB = 0x0060_4000, TaskBStackTop = 0x006F_0000;
    private const ushort KernelCode = 0x08, KernelData = 0x10, UserData = 0x23, TssASelector = 0x28, NotPresentData = 0x30;
    private const ushort TssBSelector = 0x38, ExpandDown = 0x40;
    private const int TssSize = 104;

    private static uint s_skip, s_faults, s_lastVector, s_lastError;
    private static uint s_taskBLink, s_taskBBusyA, s_taskBBusyB;

    [DllImport("*", EntryPoint = "cpu_ltr")] [SuppressGCTransition] private static extern void Ltr(uint selector);
    [DllImport("*", EntryPoint = "probe_load_ss")] [SuppressGCTransition] private static extern void ProbeLoadSs(uint selector);
    [DllImport("*", EntryPoint = "probe_read_es")] [SuppressGCTransition] private static extern uint ProbeReadEs(uint selector, uint offset);
    [DllImport("*", EntryPoint = "probe_task_gate")] [SuppressGCTransition] private static extern void ProbeTaskGate();
    [DllImport("*", EntryPoint = "task_b_entry_address")] [SuppressGCTransition] private static extern uint TaskBEntryAddress();

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("cpu tasks");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.ExceptionHandler = &OnException;
        Interrupts.Idt[0x32] = ((ulong)TssBSelector << 16) | (0x85UL << 40);   // task gate, DPL 0

        ClearTss(TssA);
        ClearTss(TssB);
        byte* b = (byte*)TssB;
        *(uint*)(b + 32) = TaskBEntryAddress();   // EIP
        *(uint*)(b + 36) = 0x0000_0002;           // EFLAGS
        *(uint*)(b + 56) = TaskBStackTop;         // ESP
        *(uint*)(b + 72) = KernelData;            // ES
        *(uint*)(b + 76) = KernelCode;            // CS
        *(uint*)(b + 80) = KernelData;            // SS
        *(uint*)(b + 84) = KernelData;            // DS
        *(uint*)(b + 88) = KernelData;            // FS
        *(uint*)(b + 92) = KernelData;            // GS

        ulong* gdt = (ulong*)GdtAddress;
        gdt[0] = 0;
        gdt[1] = 0x00CF_9A00_0000_FFFFUL;     // ring 0 code
        gdt[2] = 0x00CF_9200_0000_FFFFUL;     // ring 0 data
        gdt[3] = 0x00CF_FA00_0000_FFFFUL;     // ring 3 code
        gdt[4] = 0x00CF_F200_0000_FFFFUL;     // ring 3 data
        gdt[5] = TssDescriptor(TssA);
        gdt[6] = 0x00CF_1200_0000_FFFFUL;     // data, not present
        gdt[7] = TssDescriptor(TssB);
        gdt[8] = 0x0040_9600_0000_0FFFUL;     // data, expand-down, limit 0FFFh, B=1: offsets 1000h-FFFFFFFFh
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 9 * 8 - 1;
        *(uint*)(descriptor + 2) = GdtAddress;
        Cpu.LoadGdt(descriptor);
        Cpu.LoadSegments(KernelCode, KernelData);
        Ltr(TssASelector);

        Report("tss a type before", (uint)(gdt[5] >> 40) & 0xF);
        ProbeTaskGate();
        Serial.WriteLine("back in task a");
        Report("task b back link", s_taskBLink);
        Report("tss b saved eflags.nt (cleared by the iret switch)", (*(uint*)(b + 36) >> 14) & 1);
        Report("tss a type seen by task b", s_taskBBusyA);
        Report("tss b type seen by task b", s_taskBBusyB);
        Report("tss a type after", (uint)(gdt[5] >> 40) & 0xF);
        Report("tss b type after", (uint)(gdt[7] >> 40) & 0xF);
        Report("tss b saved eip is past the iret", *(uint*)(b + 32) > TaskBEntryAddress() ? 1u : 0u);

        // QEMU's TCG does not check data-segment limits, so expand-down limits are compared only by
        // loading the segment (tests/Cpu.Tests checks the limit faults on pcemu).
        *(uint*)0x0000_2000 = 0x2222_2222;
        Probe("expand-down segment load and read at 2000h", 3, () => Report("  value", ProbeReadEs(ExpandDown, 0x2000)));
        Probe("load not-present ss", 2, () => ProbeLoadSs(NotPresentData));
        Probe("load dpl 3 ss in ring 0", 2, () => ProbeLoadSs(UserData));
        Probe("load null ss in ring 0", 2, () => ProbeLoadSs(0));

        Serial.WriteLine("done");
        DebugExit.Exit(DebugExit.Passed);
    }

    /// <summary>The body of the second task, entered by the task switch (CR0.TS already cleared by the stub).</summary>
    [UnmanagedCallersOnly(EntryPoint = "task_b_main")]
    private static void TaskBMain()
    {
        Serial.WriteLine("in task b");
        s_taskBLink = *(ushort*)TssB;
        ulong* gdt = (ulong*)GdtAddress;
        s_taskBBusyA = (uint)(gdt[5] >> 40) & 0xF;
        s_taskBBusyB = (uint)(gdt[7] >> 40) & 0xF;
    }

    private static ulong TssDescriptor(uint address)
    {
        uint limit = TssSize - 1;
        return (limit & 0xFFFF) | ((ulong)(address & 0xFF_FFFF) << 16) | (0x89UL << 40) | ((ulong)(address >> 24) << 56);
    }

    private static void ClearTss(uint address)
    {
        byte* tss = (byte*)address;
        for (int i = 0; i < TssSize; i++)
            tss[i] = 0;
        *(ushort*)(tss + 102) = TssSize;      // I/O map base at the limit: no bitmap
    }

    private static void Report(string what, uint value)
    {
        Serial.Write(what);
        Serial.Write(": 0x");
        Serial.WriteHex(value, 8);
        Serial.WriteLine("");
    }

    private static void Probe(string what, uint length, Action probe)
    {
        uint before = s_faults;
        s_skip = length;
        Serial.WriteLine(what);
        probe();
        s_skip = 0;
        if (s_faults == before)
        {
            Serial.WriteLine("  no fault");
            return;
        }
        Serial.Write("  vector ");
        Serial.WriteDecimal(s_lastVector);
        Serial.Write(" error 0x");
        Serial.WriteHex(s_lastError, 4);
        Serial.WriteLine("");
    }

    /// <summary>Records a fault and steps over the probe instruction.</summary>
    private static bool OnException(Frame* frame)
    {
        if (s_skip == 0)
            return false;
        s_faults++;
        s_lastVector = frame->Vector;
        s_lastError = frame->ErrorCode;
        frame->Eip += s_skip;
        return true;
    }
}
