using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Virtual-8086 mode (SDM Vol. 3B, ch. 20) printed so that pcemu and QEMU can be compared: IRET with
/// EFLAGS.VM enters real-mode code at 0000:7000; with IOPL 0 (and no VME) INT n, CLI, PUSHF and HLT
/// raise #GP(0), and IN raises #GP(0) because the TSS has no I/O bitmap; the #GP monitor prints each
/// fault (CS:IP, opcode, the v86 segment registers the processor saved) and steps over it, until HLT
/// returns to ring 0. A plain memory write in v86 mode lands at segment * 16 + offset.
/// </summary>
internal static unsafe class Program
{
    private const uint GdtAddress = 0x0060_0000, TssAddress = 0x0060_1000, KernelStackTop = 0x0070_0000;
    private const ushort KernelCode = 0x08, KernelData = 0x10, TssSelector = 0x28;
    private const int TssSize = 104;
    private const uint CodeAddress = 0x7000;

    private static uint s_faults;

    [DllImport("*", EntryPoint = "cpu_ltr")] [SuppressGCTransition] private static extern void Ltr(uint selector);
    [DllImport("*", EntryPoint = "cpu_iret_v86")] [SuppressGCTransition] private static extern void IretV86(uint eip, uint cs, uint esp, uint ss);

    // mov ax, 1234h; int 40h; cli; pushf; in al, 60h; mov [0500h], ax; mov bx, 0080h; mov es, bx;
    // mov word es:[0010h], 5678h; hlt
    private static readonly byte[] s_code =
    {
        0xB8, 0x34, 0x12, 0xCD, 0x40, 0xFA, 0x9C, 0xE4, 0x60, 0xA3, 0x00, 0x05,
        0xBB, 0x80, 0x00, 0x8E, 0xC3, 0x26, 0xC7, 0x06, 0x10, 0x00, 0x78, 0x56, 0xF4,
    };

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("cpu v86");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.ExceptionHandler = &OnException;

        byte* tss = (byte*)TssAddress;
        for (int i = 0; i < TssSize; i++)
            tss[i] = 0;
        *(uint*)(tss + 4) = KernelStackTop;   // ESP0
        *(uint*)(tss + 8) = KernelData;       // SS0
        *(ushort*)(tss + 102) = TssSize;      // I/O map base at the limit: no bitmap

        ulong* gdt = (ulong*)GdtAddress;
        gdt[0] = 0;
        gdt[1] = 0x00CF_9A00_0000_FFFFUL;
        gdt[2] = 0x00CF_9200_0000_FFFFUL;
        gdt[3] = 0;
        gdt[4] = 0;
        uint limit = TssSize - 1;
        gdt[5] = (limit & 0xFFFF) | ((ulong)(TssAddress & 0xFF_FFFF) << 16) | (0x89UL << 40) | ((ulong)(TssAddress >> 24) << 56);
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 6 * 8 - 1;
        *(uint*)(descriptor + 2) = GdtAddress;
        Cpu.LoadGdt(descriptor);
        Cpu.LoadSegments(KernelCode, KernelData);
        Ltr(TssSelector);

        for (int i = 0; i < s_code.Length; i++)
            ((byte*)CodeAddress)[i] = s_code[i];
        *(uint*)0x500 = 0;
        *(uint*)0x810 = 0;
        Serial.WriteLine("to v86");
        IretV86(CodeAddress & 0xF, CodeAddress >> 4, 0x6000, 0);   // CS:IP = 0700:0000, SS:SP = 0000:6000
    }

    /// <summary>The #GP monitor: print the fault, step over the instruction, or leave v86 mode at HLT.</summary>
    private static bool OnException(Frame* frame)
    {
        if (frame->Vector != 13 || (frame->Eflags & (1u << 17)) == 0)
            return false;
        uint* v86 = (uint*)(frame + 1);   // ESP, SS, ES, DS, FS, GS pushed on entry from v86 mode
        uint ip = frame->Eip & 0xFFFF, cs = frame->Cs & 0xFFFF;
        byte opcode = *(byte*)((cs << 4) + ip);
        s_faults++;
        Serial.Write("#GP in v86 at ");
        Serial.WriteHex(cs, 4);
        Serial.Write(":");
        Serial.WriteHex(ip, 4);
        Serial.Write(" opcode ");
        Serial.WriteHex(opcode, 2);
        Serial.Write(" error 0x");
        Serial.WriteHex(frame->ErrorCode, 4);
        Serial.Write(" ss:sp ");
        Serial.WriteHex(v86[1] & 0xFFFF, 4);
        Serial.Write(":");
        Serial.WriteHex(v86[0] & 0xFFFF, 4);
        Serial.Write(" es ");
        Serial.WriteHex(v86[2] & 0xFFFF, 4);
        Serial.Write(" ax ");
        Serial.WriteHex(frame->Eax & 0xFFFF, 4);
        Serial.Write(" eflags ");
        Serial.WriteHex(frame->Eflags, 8);
        Serial.WriteLine("");
        if (opcode == 0xF4)
        {
            frame->Cs = KernelCode;
            frame->Eip = (uint)(delegate* unmanaged<void>)&Finish;
            frame->Eflags = 0x0000_0002;
            frame->Ds = frame->Es = frame->Fs = frame->Gs = KernelData;
            return true;
        }
        frame->Eip += opcode is 0xCD or 0xE4 ? 2u : 1u;
        return true;
    }

    [UnmanagedCallersOnly]
    private static void Finish()
    {
        Serial.Write("back in ring 0 after ");
        Serial.WriteDecimal(s_faults);
        Serial.WriteLine(" faults");
        Serial.Write("word at 0500h: 0x");
        Serial.WriteHex(*(ushort*)0x500, 4);
        Serial.WriteLine("");
        Serial.Write("word at 0080:0010h: 0x");
        Serial.WriteHex(*(ushort*)0x810, 4);
        Serial.WriteLine("");
        Serial.WriteLine("done");
        DebugExit.Exit(DebugExit.Passed);
    }
}
