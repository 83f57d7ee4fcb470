namespace GuestOs.Kernel;

/// <summary>
/// Protection structures: the GDT (kernel code and data, user code and data, the TSS),
/// the TSS whose ESP0 is the kernel stack every ring-3 interrupt lands on, and the IDT
/// built from the stubs' <c>_interrupt_entry_table</c>: interrupt gates (IF cleared: the
/// kernel never runs with interrupts enabled, except when idle), DPL 0 except the IPC
/// vector, which ring 3 may raise with <c>int</c>.
/// </summary>
internal static unsafe class Boot
{
    public const uint KernelCode = 0x08, KernelData = 0x10, UserCode = 0x18 | 3, UserData = 0x20 | 3, TaskState = 0x28;
    public const int IpcVector = 0x30;
    public const uint KernelStackSize = 16 * 1024;

    public static uint KernelStackTop;

    public static void SetUpDescriptorTables()
    {
        ulong* gdt = (ulong*)Frames.AllocateZeroed();
        uint* tss = (uint*)Frames.AllocateZeroed();
        KernelStackTop = Frames.AllocateContiguous(KernelStackSize / Paging.PageSize) + KernelStackSize;
        tss[1] = KernelStackTop;             // ESP0
        tss[2] = KernelData;                 // SS0
        tss[25] = 104u << 16;                // I/O map base beyond the limit: no ring-3 port access

        gdt[1] = Descriptor(0, 0xFFFFF, 0x9A, 0xC);
        gdt[2] = Descriptor(0, 0xFFFFF, 0x92, 0xC);
        gdt[3] = Descriptor(0, 0xFFFFF, 0xFA, 0xC);
        gdt[4] = Descriptor(0, 0xFFFFF, 0xF2, 0xC);
        gdt[5] = Descriptor((uint)tss, 103, 0x89, 0x0);
        LoadTable(gdt, 6 * 8 - 1, idt: false);
        Cpu.LoadSegments(KernelCode, KernelData);
        Cpu.LoadTaskRegister(TaskState);

        ulong* idt = (ulong*)Frames.AllocateZeroed();
        uint* entries = Cpu.InterruptEntryTable();
        for (int vector = 0; vector < 256; vector++)
            idt[vector] = Gate(entries[vector], vector == IpcVector ? 3u : 0u);
        LoadTable(idt, 256 * 8 - 1, idt: true);
    }

    private static ulong Descriptor(uint baseAddress, uint limit, uint access, uint flags)
    {
        uint low = (limit & 0xFFFF) | ((baseAddress & 0xFFFF) << 16);
        uint high = ((baseAddress >> 16) & 0xFF) | (access << 8) | (((limit >> 16) & 0xF) << 16) | (flags << 20) | (baseAddress & 0xFF000000);
        return low | ((ulong)high << 32);
    }

    /// <summary>A present 32-bit interrupt gate (type 0xE) to the kernel code segment.</summary>
    private static ulong Gate(uint offset, uint privilege)
    {
        uint low = (offset & 0xFFFF) | (KernelCode << 16);
        uint high = (offset & 0xFFFF0000) | 0x8E00 | (privilege << 13);
        return low | ((ulong)high << 32);
    }

    private static void LoadTable(void* table, int limit, bool idt)
    {
        byte* pseudo = stackalloc byte[8];
        *(ushort*)pseudo = (ushort)limit;
        *(uint*)(pseudo + 2) = (uint)table;
        if (idt)
            Cpu.LoadIdt(pseudo);
        else
            Cpu.LoadGdt(pseudo);
    }
}
