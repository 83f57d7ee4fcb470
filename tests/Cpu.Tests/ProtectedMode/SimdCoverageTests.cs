using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>
/// Instruction coverage against Iced's opcode list (which follows the Intel SDM opcode maps): every
/// legacy-encoded 32-bit-mode form whose CPUID feature is MMX, SSE, SSE2 or FXSR is encoded with
/// register operands (and again with a memory operand where it takes one) and executed; none may
/// reach the "unimplemented instruction" path, and every form with an MMX register operand must make the
/// x87-to-MMX transition (all tags valid). CPUID must advertise exactly the implemented features.
/// </summary>
public sealed class SimdCoverageTests
{
    private const uint Scratch = 0x0000_8000;

    private static readonly HashSet<CpuidFeature> s_features =
        new() { CpuidFeature.MMX, CpuidFeature.SSE, CpuidFeature.SSE2, CpuidFeature.FXSR };

    /// <summary>Builds the register and memory forms of <paramref name="code"/>; empty if some operand kind is not 32-bit legacy material.</summary>
    private static IEnumerable<Instruction> Forms(Code code)
    {
        OpCodeInfo op = code.ToOpCode();
        if (!op.IsInstruction || op.Encoding != EncodingKind.Legacy || !op.Mode32)
            yield break;
        foreach (bool useMemory in new[] { false, true })
        {
            var instr = Instruction.Create(code);
            bool hasMemory = false, ok = true;
            int regNumber = 1;
            for (int n = 0; n < op.OpCount && ok; n++)
            {
                string kind = op.GetOpKind(n).ToString();
                bool orMem = kind.EndsWith("_or_mem", StringComparison.Ordinal) || kind.StartsWith("r32_or_mem", StringComparison.Ordinal);
                if (kind == "mem" || (orMem && useMemory && !hasMemory))
                {
                    instr.SetOpKind(n, OpKind.Memory);
                    instr.MemoryBase = Register.None;
                    instr.MemoryDisplacement32 = Scratch;
                    instr.MemoryDisplSize = 4;
                    hasMemory = true;
                }
                else if (kind.StartsWith("mm_", StringComparison.Ordinal))
                    SetRegister(ref instr, n, Register.MM0 + regNumber++);
                else if (kind.StartsWith("xmm_", StringComparison.Ordinal))
                    SetRegister(ref instr, n, Register.XMM0 + regNumber++);
                else if (kind.StartsWith("r32_", StringComparison.Ordinal))
                    SetRegister(ref instr, n, Register.EAX + regNumber++);
                else if (kind == "imm8")
                {
                    instr.SetOpKind(n, OpKind.Immediate8);
                    instr.Immediate8 = 3;
                }
                else if (kind == "seg_rDI")
                    instr.SetOpKind(n, OpKind.MemorySegEDI);
                else
                    ok = false;
            }
            if (!ok || (useMemory && !hasMemory))
                continue;
            if (!code.CpuidFeatures().Any(s_features.Contains) || code.CpuidFeatures().Any(f => !s_features.Contains(f) && f != CpuidFeature.INTEL386))
                yield break;
            yield return instr;
        }
    }

    private static void SetRegister(ref Instruction instr, int n, Register r)
    {
        instr.SetOpKind(n, OpKind.Register);
        instr.SetOpRegister(n, r);
    }

    [Fact]
    public void EveryMmxSseSse2FormIsImplemented()
    {
        var missing = new List<string>();
        int count = 0;
        foreach (Code code in Enum.GetValues<Code>())
        {
            foreach (Instruction instr in Forms(code))
            {
                count++;
                string? problem = Execute(instr);
                if (problem != null)
                    missing.Add($"{code} {(instr.Op0Kind == OpKind.Memory || instr.Op1Kind == OpKind.Memory ? "mem" : "reg")}: {problem}");
            }
        }
        Assert.True(count > 300, $"only {count} forms enumerated");
        Assert.True(missing.Count == 0, $"{missing.Count} of {count} forms fail:\n" + string.Join("\n", missing));
    }

    private static string? Execute(Instruction instr)
    {
        var writer = new CodeWriterImpl();
        var encoder = Encoder.Create(32, writer);
        if (!encoder.TryEncode(instr, FlatMachine.CodeBase + 0x100, out _, out string? error))
            return "encode: " + error;

        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, 0x600);
        a.mov(cr4, eax);
        a.mov(eax, cr0);
        a.and(eax, ~0x4);
        a.mov(cr0, eax);
        a.mov(edi, Scratch + 0x400);
        a.xor(eax, eax);
        a.fninit();
        Label body = a.CreateLabel();
        a.jmp(body);
        a.Label(ref body);
        a.db(writer.Bytes.ToArray());
        a.fxsave(__[Scratch + 0x1000]);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        CpuExitReason reason = m.Run(1000);
        if (m.Diagnostics.Count > 0)
            return string.Join("; ", m.Diagnostics);
        if (reason != CpuExitReason.Halted)
            return "did not reach HLT: " + reason;
        bool mmx = instr.Mnemonic != Mnemonic.Emms && Enumerable.Range(0, instr.OpCount)
            .Any(n => instr.GetOpKind(n) == OpKind.Register && instr.GetOpRegister(n).IsMM());
        if (mmx && m.Memory.Read8(Scratch + 0x1000 + 4) != 0xFF)
            return "MMX form did not set the x87 tags to valid";
        return null;
    }

    [Fact]
    public void CpuidAdvertisesExactlyTheImplementedFeatures()
    {
        var a = new Assembler(32);
        a.xor(eax, eax);
        a.cpuid();
        a.mov(__dword_ptr[Scratch], ebx);
        a.mov(__dword_ptr[Scratch + 4], edx);
        a.mov(__dword_ptr[Scratch + 8], ecx);
        a.mov(esi, eax);
        a.mov(eax, 1);
        a.cpuid();
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.Run();
        byte[] vendor = new byte[12];
        for (int k = 0; k < 12; k++)
            vendor[k] = m.Memory.Read8(Scratch + (uint)k);
        Assert.Equal("GenuineIntel", System.Text.Encoding.ASCII.GetString(vendor));
        Assert.Equal(6u, (m.Cpu.Eax >> 8) & 0xF);                // P6 family
        // FPU PSE TSC MSR CX8 SEP PGE CMOV MMX FXSR SSE SSE2, nothing else (no SSE3 and up in ECX).
        uint expected = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 11) | (1u << 13)
            | (1u << 15) | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26);
        Assert.Equal(expected, m.Cpu.Edx);
        Assert.Equal(0u, m.Cpu.Ecx);
    }

    private sealed class CodeWriterImpl : CodeWriter
    {
        public List<byte> Bytes { get; } = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
