using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// The kernel entry point a Multiboot loader jumps to (Multiboot spec 3.2: protected mode,
/// paging off, EAX = magic, EBX = info, no usable stack). It switches to our own stack,
/// enables SSE because RyuJIT uses SSE registers even in integer code (CR0.EM = 0,
/// CR0.MP = 1, CR4.OSFXSR and CR4.OSXMMEXCPT = 1), initialises the x87, lets the corlib set up statics
/// (<c>RhInitializeRuntime</c>), and calls the C# entry <c>kmain(magic, info)</c>. If kmain returns, the CPU halts for good.
/// <c>image_end()</c> returns the first address after the image, for the kernel's memory map.
/// </summary>
public static class BootStubs
{
    public const uint StackSize = 64 * 1024;

    private const int Cr0MonitorCoprocessor = 1 << 1;
    private const int Cr0Emulation = 1 << 2;
    private const int Cr4OsFxsr = 1 << 9;
    private const int Cr4OsXmmExcept = 1 << 10;

    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;
        b.Bss("_boot_stack", StackSize, 16);

        b.Function("_start");
        // mov esp, _boot_stack + StackSize: the placeholder's addend is the stack size.
        b.EmitWithAbsolute(new byte[] { 0xBC }, "_boot_stack");
        a.add(esp, (int)StackSize);
        a.mov(esi, eax);
        a.mov(edi, ebx);
        a.mov(eax, cr0);
        a.and(eax, ~Cr0Emulation);
        a.or(eax, Cr0MonitorCoprocessor);
        a.mov(cr0, eax);
        a.mov(eax, cr4);
        a.or(eax, Cr4OsFxsr | Cr4OsXmmExcept);
        a.mov(cr4, eax);
        a.fninit();
        b.CallSymbol("_RhInitializeRuntime@0");
        a.push(edi);
        a.push(esi);
        b.CallSymbol("_kmain@8");
        var halt = b.Local("halt_forever");
        a.cli();
        a.hlt();
        a.jmp(halt);

        // image_end(): the first address after the kernel image (the linker's __image_end).
        b.Function("_image_end@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "__image_end");
        a.ret();
    }
}
