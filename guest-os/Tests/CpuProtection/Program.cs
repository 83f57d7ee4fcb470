using System;
using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Protection checks (SDM Vol. 3A, ch. 5-7) printed so that pcemu and QEMU can be compared:
/// segment loads that fault (#NP for a not-present descriptor, #GP for a selector past the GDT limit
/// and for a system descriptor) with their error codes; ring 3 entered by IRET with the stack switch
/// back through TSS.ESP0; in ring 3, the I/O permission bitmap (COM1 allowed, port 60h denied),
/// IOPL-sensitive CLI, a ring-0 data selector, a DPL 0 interrupt gate (error code = vector * 8 + 2)
/// and a privileged MOV from CR0 all fault; INT 30h through a DPL 3 gate returns to ring 0.
/// </summary>
internal static unsafe class Program
{
    private const uint GdtAddress = 0x0060_0000, TssAddress = 0x0060_1000, KernelStackTop = 0x0070_0000, UserStackTop = 0x0078_0000;
    private const ushort KernelCode = 0x08, KernelData = 0x10, UserCode = 0x1B, UserData = 0x23, TssSelector = 0x28, NotPresentData = 0x30;
    private const int TssSize = 104, IoBitmapBytes = 8192;

    private static uint s_skip, s_faults, s_lastVector, s_lastError, s_lastCs;

    [DllImport("*", EntryPoint = "cpu_ltr")] [SuppressGCTransition] private static extern void Ltr(uint selector);
    [DllImport("*", EntryPoint = "cpu_iret_to")] [SuppressGCTransition] private static extern void IretTo(uint eip, uint cs, uint eflags, uint esp, uint ss);
    [DllImport("*", EntryPoint = "probe_load_ds")] [SuppressGCTransition] private static extern void ProbeLoadDs(uint selector);
    [DllImport("*", EntryPoint = "probe_cli")] [SuppressGCTransition] private static extern void ProbeCli();
    [DllImport("*", EntryPoint = "probe_in")] [SuppressGCTransition] private static extern uint ProbeIn(uint port);
    [DllImport("*", EntryPoint = "probe_read_cr0")] [SuppressGCTransition] private static extern uint ProbeReadCr0();
    [DllImport("*", EntryPoint = "probe_int31")] [SuppressGCTransition] private static extern void ProbeInt31();
    [DllImport("*", EntryPoint = "probe_int30")] [SuppressGCTransition] private static extern void ProbeInt30();

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("cpu protection");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.ExceptionHandler = &OnException;
        Interrupts.Idt[0x30] |= 3UL << 45;   // INT 30h callable from ring 3

        BuildTss();
        ulong* gdt = (ulong*)GdtAddress;
        gdt[0] = 0;
        gdt[1] = 0x00CF_9A00_0000_FFFFUL;     // ring 0 code
        gdt[2] = 0x00CF_9200_0000_FFFFUL;     // ring 0 data
        gdt[3] = 0x00CF_FA00_0000_FFFFUL;     // ring 3 code
        gdt[4] = 0x00CF_F200_0000_FFFFUL;     // ring 3 data
        uint limit = TssSize + IoBitmapBytes;  // the bitmap plus its all-ones terminator byte
        gdt[5] = (limit & 0xFFFF) | ((ulong)(TssAddress & 0xFF_FFFF) << 16) | (0x89UL << 40) | ((ulong)(limit >> 16) << 48) | ((ulong)(TssAddress >> 24) << 56);
        gdt[6] = 0x00CF_1200_0000_FFFFUL;     // data, not present
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 7 * 8 - 1;
        *(uint*)(descriptor + 2) = GdtAddress;
        Cpu.LoadGdt(descriptor);
        Cpu.LoadSegments(KernelCode, KernelData);
        Ltr(TssSelector);

        Probe("load not-present data segment", 2, () => ProbeLoadDs(NotPresentData));
        Probe("load selector past the gdt limit", 2, () => ProbeLoadDs(0x40));
        Probe("load the tss selector into ds", 2, () => ProbeLoadDs(TssSelector));
        Probe("load ring 3 data in ring 0", 2, () => ProbeLoadDs(UserData));

        Serial.WriteLine("to ring 3");
        IretTo((uint)(delegate* unmanaged<void>)&UserMain, UserCode, 0x0000_0002, UserStackTop, UserData);
    }

    [UnmanagedCallersOnly]
    private static void UserMain()
    {
        Serial.WriteLine("ring 3: com1 through the i/o bitmap");
        Probe("in from port 60h", 1, () => ProbeIn(0x60));
        Probe("cli with iopl 0", 1, () => ProbeCli());
        Probe("load ring 0 data", 2, () => ProbeLoadDs(KernelData));
        Probe("int 31h through a dpl 0 gate", 2, () => ProbeInt31());
        Probe("mov eax, cr0", 3, () => ProbeReadCr0());
        s_skip = 0;
        ProbeInt30();
        Serial.WriteLine("not reached");
    }

    [UnmanagedCallersOnly]
    private static void Finish()
    {
        Serial.Write("int 30h from cs 0x");
        Serial.WriteHex(s_lastCs, 4);
        Serial.WriteLine(" returned to ring 0 on the tss stack");
        Serial.WriteLine("done");
        DebugExit.Exit(DebugExit.Passed);
    }

    private static void BuildTss()
    {
        byte* tss = (byte*)TssAddress;
        for (int i = 0; i < TssSize + IoBitmapBytes + 1; i++)
            tss[i] = i < TssSize ? (byte)0 : (byte)0xFF;
        *(uint*)(tss + 4) = KernelStackTop;   // ESP0
        *(uint*)(tss + 8) = KernelData;       // SS0
        *(ushort*)(tss + 102) = TssSize;      // I/O map base
        tss[TssSize + 0x3F8 / 8] = 0;         // ports 3F8h-3FFh (COM1) allowed
    }

    private static void Probe(string what, uint length, Action probe)
    {
        uint before = s_faults;
        s_skip = length;
        probe();
        Serial.Write(what);
        if (s_faults == before)
        {
            Serial.WriteLine(": no fault");
            return;
        }
        Serial.Write(": vector ");
        Serial.WriteDecimal(s_lastVector);
        Serial.Write(" error 0x");
        Serial.WriteHex(s_lastError, 4);
        Serial.Write(" cs 0x");
        Serial.WriteHex(s_lastCs, 4);
        Serial.WriteLine("");
    }

    /// <summary>Records a fault and steps over the probe instruction; INT 30h continues in ring 0 at <see cref="Finish"/>.</summary>
    private static bool OnException(Frame* frame)
    {
        s_lastCs = frame->Cs;
        if (frame->Vector == 0x30)
        {
            frame->Cs = KernelCode;
            frame->Eip = (uint)(delegate* unmanaged<void>)&Finish;
            frame->Eflags = 0x0000_0002;
            frame->Ds = frame->Es = frame->Fs = frame->Gs = KernelData;
            return true;
        }
        if (s_skip == 0)
            return false;
        s_faults++;
        s_lastVector = frame->Vector;
        s_lastError = frame->ErrorCode;
        frame->Eip += s_skip;
        return true;
    }
}
