using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Machine.Tests.Support;

/// <summary>
/// Tiny flat 32-bit multiboot kernels assembled with Iced: one ELF segment at 1 MiB holding
/// the multiboot header, then the code at <see cref="Entry"/>.
/// </summary>
internal static class TestKernels
{
    public const uint LoadAddress = 0x100000;
    public const uint Entry = LoadAddress + 0x10;
    public const ushort Com1 = 0x3F8;
    public const ushort DebugExit = 0xF4;

    /// <summary>Prints <paramref name="text"/> on COM1, then writes <paramref name="exitValue"/> to port 0xF4.</summary>
    public static byte[] PrintAndExit(string text, byte exitValue) => Build(a =>
    {
        a.mov(dx, Com1);
        foreach (char c in text)
        {
            a.mov(al, (byte)c);
            a.@out(dx, al);
        }
        a.mov(dx, DebugExit);
        a.mov(al, exitValue);
        a.@out(dx, al);
        a.hlt();
    });

    /// <summary>Spins forever.</summary>
    public static byte[] Spin() => Build(a =>
    {
        Label loop = a.CreateLabel();
        a.Label(ref loop);
        a.jmp(loop);
    });

    /// <summary>CLI; HLT.</summary>
    public static byte[] HaltWithInterruptsOff() => Build(a =>
    {
        a.cli();
        a.hlt();
    });

    /// <summary>INT 0x30 with the empty IDT the multiboot state leaves: #GP, #DF, triple fault.</summary>
    public static byte[] TripleFault() => Build(a =>
    {
        a.@int(0x30);
        a.hlt();
    });

    /// <summary>Stores EAX (the loader magic) and EBX (the info address) to port 0xE9, then exits with 0x10.</summary>
    public static byte[] ReportRegisters() => Build(a =>
    {
        a.mov(dx, 0xE9);
        a.mov(ecx, 4);
        Label loopEax = a.CreateLabel();
        a.Label(ref loopEax);
        a.@out(dx, al);
        a.shr(eax, 8);
        a.dec(ecx);
        a.jnz(loopEax);
        a.mov(eax, ebx);
        a.mov(ecx, 4);
        Label loopEbx = a.CreateLabel();
        a.Label(ref loopEbx);
        a.@out(dx, al);
        a.shr(eax, 8);
        a.dec(ecx);
        a.jnz(loopEbx);
        a.mov(dx, DebugExit);
        a.mov(al, 0x10);
        a.@out(dx, al);
        a.hlt();
    });

    private static byte[] Build(Action<Assembler> emit)
    {
        Assembler assembler = new(32);
        emit(assembler);
        using MemoryStream code = new();
        assembler.Assemble(new StreamCodeWriter(code), Entry);

        byte[] segment = new byte[0x10 + code.Length];
        Elf32Builder.MultibootHeader().CopyTo(segment, 0);
        code.ToArray().CopyTo(segment, 0x10);
        Elf32Builder elf = new() { Entry = Entry };
        elf.AddSegment(LoadAddress, segment);
        return elf.Build();
    }
}
