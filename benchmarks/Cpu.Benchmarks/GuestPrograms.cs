using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Cpu.Benchmarks;

/// <summary>
/// The CPU-bound guest workloads, assembled with Iced for flat 32-bit protected mode at 1 MiB:
/// each emitter runs its loop <c>n</c> times (the QEMU comparison counts instructions from that),
/// and <see cref="Forever"/> wraps one for BenchmarkDotNet, which runs a fixed instruction budget.
/// </summary>
public static class GuestPrograms
{
    public const uint LoadAddress = 0x0010_0000;

    /// <summary>A workload that never ends within any benchmark budget: int.MaxValue iterations, then again.</summary>
    public static byte[] Forever(Action<Assembler, int> workload)
    {
        var a = new Assembler(32);
        Label start = a.CreateLabel();
        a.Label(ref start);
        workload(a, int.MaxValue);
        a.jmp(start);
        return Assemble(a, LoadAddress);
    }

    /// <summary>7 instructions per iteration, 5 before the loop (2 more end the program).</summary>
    public static void IntegerLoop(Assembler a, int n)
    {
        Label top = a.CreateLabel(), done = a.CreateLabel();
        a.mov(esp, 0x0009_0000);
        a.xor(eax, eax);
        a.mov(ebx, 12345);
        a.mov(ecx, n);
        a.jecxz(done);
        a.Label(ref top);
        a.imul(ebx, ebx, 1103515245);
        a.add(ebx, 12345);
        a.mov(edx, ebx);
        a.shr(edx, 16);
        a.xor(eax, edx);
        a.dec(ecx);
        a.jnz(top);
        a.Label(ref done);
    }

    /// <summary>Per iteration: a 4 KiB copy by a load/store loop (6 x 1024) and again by REP MOVSD (one instruction), 6153 in all.</summary>
    public static void MemoryCopy(Assembler a, int n)
    {
        Label outer = a.CreateLabel(), inner = a.CreateLabel(), done = a.CreateLabel();
        a.cld();
        a.mov(ebp, n);
        a.test(ebp, ebp);
        a.jz(done);
        a.Label(ref outer);
        a.mov(esi, 0x0020_0000);
        a.mov(edi, 0x0030_0000);
        a.mov(ecx, 1024);
        a.Label(ref inner);
        a.mov(eax, __dword_ptr[esi]);
        a.mov(__dword_ptr[edi], eax);
        a.add(esi, 4);
        a.add(edi, 4);
        a.dec(ecx);
        a.jnz(inner);
        a.mov(esi, 0x0020_0000);
        a.mov(edi, 0x0030_0000);
        a.mov(ecx, 1024);
        a.rep.movsd();
        a.dec(ebp);
        a.jnz(outer);
        a.Label(ref done);
    }

    /// <summary>Per iteration: a call with a frame, memory operands, MUL, DIV and SETcc; 21 instructions.</summary>
    public static void Mixed(Assembler a, int n)
    {
        Label top = a.CreateLabel(), function = a.CreateLabel(), done = a.CreateLabel();
        a.mov(esp, 0x0009_0000);
        a.mov(esi, 0x0020_0000);
        a.mov(edi, n);
        a.test(edi, edi);
        a.jz(done);
        a.Label(ref top);
        a.push(esi);
        a.call(function);
        a.add(esp, 4);
        a.dec(edi);
        a.jnz(top);
        a.jmp(done);
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
        a.Label(ref done);
    }

    public static byte[] Assemble(Assembler a, uint address)
    {
        var writer = new ByteCodeWriter();
        a.Assemble(writer, address);
        return writer.Bytes.ToArray();
    }

    private sealed class ByteCodeWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
