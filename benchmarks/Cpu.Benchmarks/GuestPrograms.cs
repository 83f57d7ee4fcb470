using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Cpu.Benchmarks;

/// <summary>
/// Small CPU-bound guest programs, assembled with Iced and loaded at 1 MiB in flat 32-bit
/// protected mode. Each loops forever, so a benchmark runs exactly the instruction budget
/// it asks for.
/// </summary>
public static class GuestPrograms
{
    public const uint LoadAddress = 0x0010_0000;

    /// <summary>Integer arithmetic and a conditional branch: a counter, an LCG and a bit mix.</summary>
    public static byte[] IntegerLoop()
    {
        var a = new Assembler(32);
        var top = a.CreateLabel();
        a.xor(eax, eax);
        a.mov(ebx, 12345);
        a.Label(ref top);
        a.imul(ebx, ebx, 1103515245);
        a.add(ebx, 12345);
        a.mov(ecx, ebx);
        a.shr(ecx, 16);
        a.xor(eax, ecx);
        a.inc(edx);
        a.test(edx, 1);
        a.jnz(top);
        a.add(eax, 3);
        a.jmp(top);
        return Assemble(a);
    }

    /// <summary>Copies 64 KiB with a load/store loop, then again with REP MOVSD, forever.</summary>
    public static byte[] MemoryCopy()
    {
        var a = new Assembler(32);
        var outer = a.CreateLabel();
        var inner = a.CreateLabel();
        a.Label(ref outer);
        a.mov(esi, 0x0020_0000);
        a.mov(edi, 0x0030_0000);
        a.mov(ecx, 16384);
        a.Label(ref inner);
        a.mov(eax, __dword_ptr[esi]);
        a.mov(__dword_ptr[edi], eax);
        a.add(esi, 4);
        a.add(edi, 4);
        a.dec(ecx);
        a.jnz(inner);
        a.mov(esi, 0x0020_0000);
        a.mov(edi, 0x0030_0000);
        a.mov(ecx, 16384);
        a.cld();
        a.rep.movsd();
        a.jmp(outer);
        return Assemble(a);
    }

    /// <summary>Calls, stack traffic, memory operands, 64-bit multiply and division.</summary>
    public static byte[] Mixed()
    {
        var a = new Assembler(32);
        var top = a.CreateLabel();
        var function = a.CreateLabel();
        a.mov(esp, 0x0009_0000);
        a.mov(esi, 0x0020_0000);
        a.Label(ref top);
        a.push(esi);
        a.call(function);
        a.add(esp, 4);
        a.jmp(top);
        a.Label(ref function);
        a.push(ebp);
        a.mov(ebp, esp);
        a.mov(eax, __dword_ptr[ebp + 8]);
        a.mov(ecx, __dword_ptr[eax]);
        a.add(ecx, 7);
        a.mov(__dword_ptr[eax], ecx);
        a.mov(eax, ecx);
        a.mov(ebx, 1000003);
        a.mul(ebx);
        a.or(ebx, 1);
        a.div(ebx);
        a.movzx(eax, dl);
        a.cmp(eax, 128);
        a.setb(cl);
        a.pop(ebp);
        a.ret();
        return Assemble(a);
    }

    private static byte[] Assemble(Assembler a)
    {
        var writer = new ByteCodeWriter();
        a.Assemble(writer, LoadAddress);
        return writer.Bytes.ToArray();
    }

    private sealed class ByteCodeWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
