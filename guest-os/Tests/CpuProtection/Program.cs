using System;
using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Protection checks (SDM Vol. 3A, ch. 5-7) printed so that pcemu and QEMU can be compared:
/// segment loads that fault (#NP for a not-present descriptor, #GP for a selector past the GDT limit
/// and for a system descriptor) with their error codes; ring 3 entered by IRET with the stack switch
/// back through TSS.ESP0; in ring 3, the I/O permission bitmap (COM1 allowed, port 60h denied),
/// IOPL-sensitive CLI, a ring-0 data selector, a DPL 0 interrupt gate (error code = vector * 8 + 2)
/// and a privileged MOV from CR0 all fault; a far CALL through 32-bit call gates (two parameters copied to
/// the TSS.SS0:ESP0 stack for non-conforming ring 0 code, no stack switch for conforming code, RETF 8 pops
/// them; DPL 0 gate -> #GP(selector), not-present gate -> #NP(selector)); INT 30h through a DPL 3 gate
/// returns to ring 0.
/// </summary>
internal static unsafe class Program
{
    private const uint GdtAddress = 0x0060_0000, TssAddress = 0x0060_1000, KernelStackTop = 0x0070_0000, UserStackTop = 0x0078_0000;
    private const ushort KernelCode = 0x08, KernelData = 0x10, UserCode = 0x1B, UserData = 0x23, TssSelector = 0x28, NotPresentData = 0x30,
        ConformingCode = 0x38, GateToRing0 = 0x43, GateToConforming = 0x4B, GateDpl0 = 0x53, GateNotPresent = 0x5B;
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

    [DllImport("*", EntryPoint = "probe_call_gate")] [SuppressGCTransition] private static extern uint ProbeCallGate(uint selector, uint p1, uint p2);
    [DllImport("*", EntryPoint = "call_gate_target_address")] [SuppressGCTransition] private static extern uint CallGateTargetAddress();

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
        gdt[7] = 0x00CF_9E00_0000_FFFFUL;     // ring 0 code, conforming
        uint target = CallGateTargetAddress();
        gdt[8] = CallGate(KernelCode, target, 0xEC);       // DPL 3, to ring 0 non-conforming
        gdt[9] = CallGate(ConformingCode, target, 0xEC);   // DPL 3, to ring 0 conforming
        gdt[10] = CallGate(KernelCode, target, 0x8C);      // DPL 0
        gdt[11] = CallGate(KernelCode, target, 0x6C);      // DPL 3, not present
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 12 * 8 - 1;
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
        Probe("call gate to ring 0", 3, () => ReportCall(ProbeCallGate(GateToRing0, 0x1111_1111, 0x2222_2222)));
        Probe("call gate to conforming ring 0 code", 3, () => ReportCall(ProbeCallGate(GateToConforming, 0x3333_3333, 0x4444_4444)));
        Probe("call gate with dpl 0", 3, () => ReportCall(ProbeCallGate(GateDpl0, 5, 6)));
        Probe("call gate not present", 3, () => ReportCall(ProbeCallGate(GateNotPresent, 7, 8)));
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

    /// <summary>A 32-bit call gate (SDM Vol. 3A, 5.8.3) with a parameter count of two dwords.</summary>
    private static ulong CallGate(ushort selector, uint offset, byte access) =>
        (offset & 0xFFFF) | ((ulong)selector << 16) | (2UL << 32) | ((ulong)access << 40) | ((ulong)(offset >> 16) << 48);

    /// <summary>
    /// The gate target's view (called from the stub with its RETF frame): CS and SS now, and the frame
    /// [eip, cs, p2, p1, esp, ss] - the last two only after a stack switch to TSS.SS0:ESP0.
    /// CS.RPL is not printed: through a gate to conforming code the CPL stays 3 (SDM Vol. 3A, 5.8.6),
    /// but QEMU sets it to the segment's DPL; tests/Cpu.Tests covers it.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "gate_main")]
    private static void GateMain(uint* frame, uint ss, uint cs)
    {
        Serial.Write("  in gate: cs index 0x");
        Serial.WriteHex(cs & 0xFFFC, 4);
        Serial.Write(" ss 0x");
        Serial.WriteHex(ss, 4);
        Serial.Write(" return cs 0x");
        Serial.WriteHex(frame[1], 4);
        Serial.Write(" params 0x");
        Serial.WriteHex(frame[3], 8);
        Serial.Write(" 0x");
        Serial.WriteHex(frame[2], 8);
        if (ss == KernelData)
        {
            Serial.Write(" below esp0 0x");
            Serial.WriteHex(KernelStackTop - (uint)frame, 2);
            Serial.Write(" old ss 0x");
            Serial.WriteHex(frame[5], 4);
            Serial.Write(" old esp below user top 0x");
            Serial.WriteHex(UserStackTop - frame[4], 4);
        }
        Serial.WriteLine("");
    }

    private static void ReportCall(uint espDelta)
    {
        Serial.Write("  esp after return: ");
        Serial.WriteDecimal(espDelta);
        Serial.WriteLine(" bytes above the pushed parameters");
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
