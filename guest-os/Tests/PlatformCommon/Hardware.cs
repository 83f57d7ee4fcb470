using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>The instructions C# cannot express: the PortIo, CpuControl and Interrupts stub sets.</summary>
internal static unsafe class Cpu
{
    [DllImport("*", EntryPoint = "outb")] [SuppressGCTransition] public static extern void Out8(ushort port, byte value);
    [DllImport("*", EntryPoint = "outw")] [SuppressGCTransition] public static extern void Out16(ushort port, ushort value);
    [DllImport("*", EntryPoint = "outl")] [SuppressGCTransition] public static extern void Out32(ushort port, uint value);
    [DllImport("*", EntryPoint = "inb")] [SuppressGCTransition] public static extern byte In8(ushort port);
    [DllImport("*", EntryPoint = "inw")] [SuppressGCTransition] public static extern ushort In16(ushort port);
    [DllImport("*", EntryPoint = "inl")] [SuppressGCTransition] public static extern uint In32(ushort port);
    [DllImport("*", EntryPoint = "cpu_cli")] [SuppressGCTransition] public static extern void DisableInterrupts();
    [DllImport("*", EntryPoint = "cpu_sti_hlt")] [SuppressGCTransition] public static extern void EnableInterruptsAndHalt();
    [DllImport("*", EntryPoint = "cpu_lgdt")] [SuppressGCTransition] public static extern void LoadGdt(void* pseudoDescriptor);
    [DllImport("*", EntryPoint = "cpu_lidt")] [SuppressGCTransition] public static extern void LoadIdt(void* pseudoDescriptor);
    [DllImport("*", EntryPoint = "cpu_load_segments")] [SuppressGCTransition] public static extern void LoadSegments(uint code, uint data);
    [DllImport("*", EntryPoint = "interrupt_set_fpu_area")] [SuppressGCTransition] public static extern void SetFpuArea(void* area);
    [DllImport("*", EntryPoint = "interrupt_entry_table_address")] [SuppressGCTransition] public static extern uint* InterruptEntryTable();
}

/// <summary>The registers the interrupt stubs save, from the pointer they pass up (InterruptStubs.cs).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Frame
{
    public uint Gs, Fs, Es, Ds, Edi, Esi, Ebp, Esp, Ebx, Edx, Ecx, Eax, Vector, ErrorCode, Eip, Cs, Eflags;
}

/// <summary>
/// A flat GDT (code 0x08, data 0x10), an IDT of 32-bit interrupt gates to the stub table, the
/// 8259A pair remapped to vectors 0x20-0x2F with every IRQ masked, and one IRQ handler.
/// </summary>
internal static unsafe class Interrupts
{
    public const int IrqBase = 0x20;
    private const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;
    private const byte EndOfInterrupt = 0x20;

    private static ulong* s_gdt;
    private static ulong* s_idt;

    /// <summary>The IDT (256 gates) that <see cref="Initialize"/> built.</summary>
    public static ulong* Idt => s_idt;
    private static byte* s_fpuArea;

    /// <summary>Called with the IRQ number (0-15) before the EOI.</summary>
    public static delegate*<int, void> IrqHandler;

    /// <summary>Called for an exception (vector 0-31) or a software interrupt (0x30 and up); true resumes the (possibly edited) frame.</summary>
    public static delegate*<Frame*, bool> ExceptionHandler;

    /// <summary>Builds the tables in <paramref name="memory"/> (at least 8 KiB, never freed).</summary>
    public static void Initialize(byte* memory)
    {
        s_gdt = (ulong*)memory;
        s_idt = (ulong*)(memory + 64);
        s_fpuArea = (byte*)(((uint)memory + 64 + 2048 + 15) & ~15u);
        s_gdt[0] = 0;
        s_gdt[1] = 0x00CF_9A00_0000_FFFFUL; // ring 0 code, flat 4 GiB
        s_gdt[2] = 0x00CF_9200_0000_FFFFUL; // ring 0 data, flat 4 GiB
        byte* descriptor = stackalloc byte[8];
        Cpu.LoadGdt(PseudoDescriptor(descriptor, s_gdt, 3 * 8 - 1));
        Cpu.LoadSegments(0x08, 0x10);

        uint* entries = Cpu.InterruptEntryTable();
        for (int vector = 0; vector < 256; vector++)
        {
            uint handler = entries[vector];
            s_idt[vector] = (handler & 0xFFFFUL) | (0x08UL << 16) | (0x8E00UL << 32) | ((ulong)(handler >> 16) << 48);
        }
        Cpu.LoadIdt(PseudoDescriptor(descriptor, s_idt, 256 * 8 - 1));
        Cpu.SetFpuArea(s_fpuArea);

        // 8259A datasheet: ICW1 (edge, cascade, ICW4), ICW2 (vector base), ICW3 (cascade on IR2), ICW4 (8086 mode).
        Cpu.Out8(MasterCommand, 0x11);
        Cpu.Out8(SlaveCommand, 0x11);
        Cpu.Out8(MasterData, IrqBase);
        Cpu.Out8(SlaveData, IrqBase + 8);
        Cpu.Out8(MasterData, 0x04);
        Cpu.Out8(SlaveData, 0x02);
        Cpu.Out8(MasterData, 0x01);
        Cpu.Out8(SlaveData, 0x01);
        Mask(0xFFFF);
    }

    /// <summary>Sets the IRQ mask (bit n masks IRQ n); IRQ 2, the cascade, follows the slave's lines.</summary>
    public static void Mask(ushort mask)
    {
        if ((mask & 0xFF00) != 0xFF00)
            mask &= 0xFFFB;
        Cpu.Out8(MasterData, (byte)mask);
        Cpu.Out8(SlaveData, (byte)(mask >> 8));
    }

    private static byte* PseudoDescriptor(byte* descriptor, void* table, ushort limit)
    {
        *(ushort*)descriptor = limit;
        *(uint*)(descriptor + 2) = (uint)table;
        return descriptor;
    }

    [UnmanagedCallersOnly(EntryPoint = "InterruptDispatch")]
    private static Frame* Dispatch(Frame* frame)
    {
        int vector = (int)frame->Vector;
        if (vector < 32)
        {
            if (ExceptionHandler != null && ExceptionHandler(frame))
                return frame;
            Serial.Write("exception ");
            Serial.WriteDecimal((uint)vector);
            Serial.Write(" at eip 0x");
            Serial.WriteHex(frame->Eip, 8);
            Serial.WriteLine("");
            DebugExit.Exit(DebugExit.Failed);
        }
        else if (vector >= IrqBase + 16)
        {
            if (ExceptionHandler != null)
                ExceptionHandler(frame);
        }
        else if (vector >= IrqBase && vector < IrqBase + 16)
        {
            int irq = vector - IrqBase;
            if (IrqHandler != null)
                IrqHandler(irq);
            if (irq >= 8)
                Cpu.Out8(SlaveCommand, EndOfInterrupt);
            Cpu.Out8(MasterCommand, EndOfInterrupt);
        }
        return frame;
    }
}

/// <summary>COM1 at 0x3F8, polled, 115200 8N1.</summary>
internal static class Serial
{
    private const ushort Com1 = 0x3F8;

    public static void Initialize()
    {
        Cpu.Out8(Com1 + 1, 0x00);
        Cpu.Out8(Com1 + 3, 0x80);
        Cpu.Out8(Com1, 1);
        Cpu.Out8(Com1 + 1, 0);
        Cpu.Out8(Com1 + 3, 0x03);
        Cpu.Out8(Com1 + 2, 0xC7);
        Cpu.Out8(Com1 + 4, 0x03);
    }

    public static void Write(char c)
    {
        while ((Cpu.In8(Com1 + 5) & 0x20) == 0)
        {
        }
        Cpu.Out8(Com1, (byte)c);
    }

    public static void Write(string text)
    {
        for (int i = 0; i < text.Length; i++)
            Write(text[i]);
    }

    public static void WriteLine(string text)
    {
        Write(text);
        Write('\n');
    }

    public static void WriteHex(uint value, int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            uint digit = (value >> shift) & 0xF;
            Write((char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
        }
    }

    public static void WriteDecimal(uint value)
    {
        if (value >= 10)
            WriteDecimal(value / 10);
        Write((char)('0' + value % 10));
    }
}

/// <summary>QEMU's isa-debug-exit at 0xF4: exit code (value &lt;&lt; 1) | 1. Verdicts from 0x10 up.</summary>
internal static unsafe class DebugExit
{
    public const int Passed = 0x10;
    public const int Failed = 0x11;
    public const int Panicked = 0x7F;

    public static void Exit(int code)
    {
        Cpu.Out8(0xF4, (byte)code);
        while (true)
        {
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "GuestPanic")]
    private static void Panic(char* message, int length)
    {
        Serial.Write("panic: ");
        for (int i = 0; i < length; i++)
            Serial.Write(message[i]);
        Serial.Write('\n');
        Exit(Panicked);
    }
}
