using GuestOs.Build.Linker;
using GuestOs.Build.Stubs;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Integration.Tests;

/// <summary>
/// Tiny Multiboot kernels written with Iced's Assembler and linked by our own toolchain
/// (StubBuilder, StubCoff, ElfLinker), for behaviour C# cannot provoke on purpose: an
/// invalid instruction, a triple fault. They boot on pcemu and on QEMU alike.
/// </summary>
public static class TestKernels
{
    public const uint IdtAddress = 0x0008_0000;
    public const uint DescriptorPointer = 0x0008_1000;
    public const uint GdtAddress = 0x0008_2000;
    public const ushort Com1 = 0x3F8;
    public const ushort DebugExit = 0xF4;

    public static byte[] Link(string name, Action<StubBuilder> emit)
    {
        var builder = new StubBuilder();
        emit(builder);
        StubObject stubs = builder.Build(name + ".obj");
        var options = new LinkerOptions { EntrySymbol = "_start", Multiboot = true };
        return new ElfLinker(options).Link(new[] { (stubs.Name, StubCoff.Write(stubs)) }).Image;
    }

    /// <summary>A flat GDT (code 0x08, data 0x10), loaded, with every segment register reloaded.</summary>
    public static void LoadFlatGdt(StubBuilder b)
    {
        Assembler a = b.Asm;
        a.mov(__dword_ptr[GdtAddress], 0);
        a.mov(__dword_ptr[GdtAddress + 4], 0);
        a.mov(__dword_ptr[GdtAddress + 8], 0x0000_FFFF);     // code: base 0, limit 4 GiB, 32-bit, ring 0
        a.mov(__dword_ptr[GdtAddress + 12], 0x00CF_9A00);
        a.mov(__dword_ptr[GdtAddress + 16], 0x0000_FFFF);    // data: base 0, limit 4 GiB, writable
        a.mov(__dword_ptr[GdtAddress + 20], 0x00CF_9200);
        a.mov(__word_ptr[DescriptorPointer], 23);
        a.mov(__dword_ptr[DescriptorPointer + 2], GdtAddress);
        a.lgdt(__[DescriptorPointer]);
        a.mov(eax, 0x10);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(ss, ax);
        a.mov(esp, 0x0009_0000);
        var reloaded = a.CreateLabel();
        a.push(0x08);
        b.EmitWithAbsolute(new byte[] { 0x68 }, "_reloaded");     // push offset _reloaded
        a.retf();
        b.Function("_reloaded");
        a.nop();
    }

    /// <summary>Points IDT entry <paramref name="vector"/> at <paramref name="handlerSymbol"/> (a ring-0 interrupt gate) and loads the IDT.</summary>
    public static void InstallInterruptGate(StubBuilder b, int vector, string handlerSymbol)
    {
        Assembler a = b.Asm;
        uint gate = IdtAddress + (uint)vector * 8;
        b.EmitWithAbsolute(new byte[] { 0xB8 }, handlerSymbol);   // mov eax, handler
        a.mov(__word_ptr[gate], ax);
        a.mov(__word_ptr[gate + 2], 0x08);
        a.mov(__word_ptr[gate + 4], 0x8E00);
        a.shr(eax, 16);
        a.mov(__word_ptr[gate + 6], ax);
        a.mov(__word_ptr[DescriptorPointer], 256 * 8 - 1);
        a.mov(__dword_ptr[DescriptorPointer + 2], IdtAddress);
        a.lidt(__[DescriptorPointer]);
    }

    /// <summary>Writes the characters of <paramref name="text"/> to COM1 (the emulated and QEMU's UART accept them at once).</summary>
    public static void Print(StubBuilder b, string text)
    {
        Assembler a = b.Asm;
        a.mov(dx, Com1);
        foreach (char c in text)
        {
            a.mov(al, (byte)c);
            a.@out(dx, al);
        }
    }

    public static void Exit(StubBuilder b, byte value)
    {
        Assembler a = b.Asm;
        a.mov(dx, DebugExit);
        a.mov(al, value);
        a.@out(dx, al);
        a.cli();
        a.hlt();
    }
}
