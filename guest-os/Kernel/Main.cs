using System.Runtime.InteropServices;

namespace GuestOs.Kernel;

/// <summary>
/// Kernel start-up: console, memory map, descriptor tables, PICs, paging, the processes of
/// the boot modules, the clock; then the kernel becomes the idle context and the first
/// timer tick schedules the first process. The kernel command line word <c>panic-test</c>
/// makes the kernel fault on purpose after start-up, to exercise the panic path.
/// </summary>
internal static unsafe class KernelMain
{
    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void Main(uint magic, uint info)
    {
        Console.Initialize();
        Console.WriteLine("kernel: MINIX-style microkernel in C#");
        if (magic != Multiboot.Magic)
            Panic.Fail("not started by a Multiboot loader");

        uint firstFree = Cpu.ImageEnd();
        uint modulesEnd = Multiboot.ModulesEnd(info);
        if (modulesEnd > firstFree)
            firstFree = modulesEnd;
        uint memoryTop = Multiboot.MemoryTop(info);
        if (memoryTop > Paging.UserBase)
            memoryTop = Paging.UserBase;          // the kernel maps physical memory only below the user space
        Frames.Initialize(firstFree, memoryTop);

        Boot.SetUpDescriptorTables();
        Pic.Initialize();
        Interrupts.Initialize();
        Paging.Initialize();
        Console.Write("kernel: memory top ");
        Console.WriteHex(Frames.MemoryTop);
        Console.Write(", ");
        Console.WriteDecimal(Multiboot.ModuleCount(info));
        Console.WriteLine(" boot modules");
        bool panicTest = Multiboot.CommandLineHas(info, "panic-test");
        BootImage.Load(info);
        if (panicTest)
            *(int*)Volatile(0) = 1;      // page 0 is unmapped: a page fault in ring 0
        Clock.Initialize();
        Interrupts.StartScheduling();
    }

    private static uint s_zero;

    private static uint Volatile(uint value)
    {
        s_zero = value;
        return s_zero;
    }
}
