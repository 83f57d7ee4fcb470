using System.Runtime.InteropServices;

namespace GuestOs.Kernel;

/// <summary>The instructions C# cannot express: the PortIo, CpuControl, Boot and Interrupts stub sets.</summary>
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
    [DllImport("*", EntryPoint = "cpu_hlt")] [SuppressGCTransition] public static extern void Halt();
    [DllImport("*", EntryPoint = "cpu_read_cr0")] [SuppressGCTransition] public static extern uint ReadCr0();
    [DllImport("*", EntryPoint = "cpu_write_cr0")] [SuppressGCTransition] public static extern void WriteCr0(uint value);
    [DllImport("*", EntryPoint = "cpu_read_cr2")] [SuppressGCTransition] public static extern uint ReadCr2();
    [DllImport("*", EntryPoint = "cpu_read_cr3")] [SuppressGCTransition] public static extern uint ReadCr3();
    [DllImport("*", EntryPoint = "cpu_write_cr3")] [SuppressGCTransition] public static extern void WriteCr3(uint value);
    [DllImport("*", EntryPoint = "cpu_lgdt")] [SuppressGCTransition] public static extern void LoadGdt(void* pseudoDescriptor);
    [DllImport("*", EntryPoint = "cpu_lidt")] [SuppressGCTransition] public static extern void LoadIdt(void* pseudoDescriptor);
    [DllImport("*", EntryPoint = "cpu_ltr")] [SuppressGCTransition] public static extern void LoadTaskRegister(uint selector);
    [DllImport("*", EntryPoint = "cpu_load_segments")] [SuppressGCTransition] public static extern void LoadSegments(uint code, uint data);

    [DllImport("*", EntryPoint = "interrupt_set_fpu_area")] [SuppressGCTransition] public static extern void SetFpuArea(void* area);
    [DllImport("*", EntryPoint = "interrupt_entry_table_address")] [SuppressGCTransition] public static extern uint* InterruptEntryTable();
    [DllImport("*", EntryPoint = "image_end")] [SuppressGCTransition] public static extern uint ImageEnd();
}
