using Iced.Intel;

namespace Integration.Tests.Differential;

/// <summary>
/// The instruction forms the random generator draws from: every legacy-encoded Iced <see cref="Code"/>
/// of the P6 integer ISA, CMOV, CMPXCHG8B, SSE and SSE2 that runs in flat 32-bit ring 0 without
/// touching the stack, segment registers, control flow, I/O or system state; plus the string
/// instructions, XLAT and MASKMOVDQU, which the generator sets up specially. x87 and MMX forms are
/// left out (x87 has its own differential test). Also left out, with the reason:
/// RCPPS/RCPSS/RSQRTPS/RSQRTSS (approximations whose exact bits are implementation-specific,
/// SDM Vol. 2 "relative error ≤ 1.5·2^-12"), BSWAP r16 (result undefined), LDMXCSR (a random
/// value may #GP; the generator sets MXCSR itself and the record holds it, so STMXCSR is left out too), CPUID/RDTSC/descriptor-table reads (values differ by design).
/// </summary>
public static class InstructionCatalog
{
    public enum Kind { Generic, String, Xlat, MaskMove }

    public readonly record struct Entry(Code Code, Kind Kind);

    private static readonly HashSet<CpuidFeature> AllowedFeatures = new()
    {
        CpuidFeature.INTEL8086, CpuidFeature.INTEL186, CpuidFeature.INTEL286, CpuidFeature.INTEL386,
        CpuidFeature.INTEL486, CpuidFeature.CMOV, CpuidFeature.CX8, CpuidFeature.SSE, CpuidFeature.SSE2,
        CpuidFeature.MULTIBYTENOP, CpuidFeature.PAUSE,
    };

    private static readonly HashSet<Mnemonic> Excluded = new()
    {
        Mnemonic.Cpuid, Mnemonic.Rdtsc, Mnemonic.Rdpmc, Mnemonic.Rdmsr, Mnemonic.Wrmsr, Mnemonic.Bound,
        Mnemonic.Lar, Mnemonic.Lsl, Mnemonic.Verr, Mnemonic.Verw, Mnemonic.Sgdt, Mnemonic.Sidt, Mnemonic.Sldt,
        Mnemonic.Str, Mnemonic.Smsw, Mnemonic.Lmsw, Mnemonic.Lds, Mnemonic.Les, Mnemonic.Lfs, Mnemonic.Lgs,
        Mnemonic.Lss, Mnemonic.Cli, Mnemonic.Sti, Mnemonic.Hlt, Mnemonic.Into, Mnemonic.Int, Mnemonic.Int1,
        Mnemonic.Int3, Mnemonic.Ud0, Mnemonic.Ud1, Mnemonic.Ud2, Mnemonic.Salc, Mnemonic.Wait,
        Mnemonic.Ldmxcsr, Mnemonic.Stmxcsr, Mnemonic.Fxsave, Mnemonic.Fxrstor, Mnemonic.Rcpps, Mnemonic.Rcpss,
        Mnemonic.Rsqrtps, Mnemonic.Rsqrtss, Mnemonic.Emms, Mnemonic.Enter, Mnemonic.Leave,
        Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd, Mnemonic.Outsb,
        Mnemonic.Outsw, Mnemonic.Outsd, Mnemonic.Arpl, Mnemonic.Clts, Mnemonic.Invd, Mnemonic.Wbinvd,
        Mnemonic.Invlpg, Mnemonic.Ltr, Mnemonic.Lldt, Mnemonic.Lgdt, Mnemonic.Lidt, Mnemonic.Rsm,
        Mnemonic.Sysenter, Mnemonic.Sysexit, Mnemonic.Loadall,
    };

    /// <summary>
    /// BSWAP r16 (SDM: result undefined) and the undocumented TEST aliases F6 /1, F7 /1, which
    /// QEMU's TCG decodes as #UD while Intel parts execute them as TEST.
    /// </summary>
    private static readonly HashSet<Code> UndocumentedOrUndefined = new()
    {
        Code.Bswap_r16, Code.Test_rm8_imm8_F6r1, Code.Test_rm16_imm16_F7r1, Code.Test_rm32_imm32_F7r1,
    };

    private static readonly HashSet<Mnemonic> StringMnemonics = new()
    {
        Mnemonic.Movsb, Mnemonic.Movsw, Mnemonic.Movsd, Mnemonic.Cmpsb, Mnemonic.Cmpsw, Mnemonic.Cmpsd,
        Mnemonic.Scasb, Mnemonic.Scasw, Mnemonic.Scasd, Mnemonic.Lodsb, Mnemonic.Lodsw, Mnemonic.Lodsd,
        Mnemonic.Stosb, Mnemonic.Stosw, Mnemonic.Stosd,
    };

    public static IReadOnlyList<Entry> Entries { get; } = Build();

    /// <summary>The entries without SSE/SSE2 (for hunting integer bugs alone).</summary>
    public static IReadOnlyList<Entry> IntegerEntries { get; } = Entries
        .Where(e => !e.Code.CpuidFeatures().Any(f => f is CpuidFeature.SSE or CpuidFeature.SSE2)).ToList();

    private static List<Entry> Build()
    {
        var list = new List<Entry>();
        foreach (Code code in Enum.GetValues<Code>())
        {
            OpCodeInfo op = code.ToOpCode();
            if (!op.IsInstruction || op.Encoding != EncodingKind.Legacy || !op.Mode32 || op.Fwait || op.IsReservedNop)
                continue;
            if (code.CpuidFeatures().Any(f => !AllowedFeatures.Contains(f)))
                continue;
            Mnemonic m = code.Mnemonic();
            if (Excluded.Contains(m) || UndocumentedOrUndefined.Contains(code))
                continue;
            if (StringMnemonics.Contains(m) && code.IsStringInstruction())
            {
                list.Add(new Entry(code, Kind.String));
                continue;
            }
            if (code == Code.Xlat_m8)
            {
                list.Add(new Entry(code, Kind.Xlat));
                continue;
            }
            if (m == Mnemonic.Maskmovdqu)
            {
                list.Add(new Entry(code, Kind.MaskMove));
                continue;
            }
            if (code.FlowControl() != FlowControl.Next || code.IsPrivileged() || code.IsStackInstruction()
                || code.IsSaveRestoreInstruction() || op.IsInputOutput)
                continue;
            if (!AllOperandKindsSupported(op))
                continue;
            list.Add(new Entry(code, Kind.Generic));
        }
        return list;
    }

    private static bool AllOperandKindsSupported(OpCodeInfo op)
    {
        for (int i = 0; i < op.OpCount; i++)
        {
            switch (op.GetOpKind(i))
            {
                case OpCodeOperandKind.mem: case OpCodeOperandKind.mem_offs:
                case OpCodeOperandKind.r8_or_mem: case OpCodeOperandKind.r16_or_mem: case OpCodeOperandKind.r32_or_mem:
                case OpCodeOperandKind.xmm_or_mem:
                case OpCodeOperandKind.r8_reg: case OpCodeOperandKind.r8_opcode:
                case OpCodeOperandKind.r16_reg: case OpCodeOperandKind.r16_rm: case OpCodeOperandKind.r16_opcode:
                case OpCodeOperandKind.r32_reg: case OpCodeOperandKind.r32_rm: case OpCodeOperandKind.r32_opcode:
                case OpCodeOperandKind.xmm_reg: case OpCodeOperandKind.xmm_rm:
                case OpCodeOperandKind.imm8: case OpCodeOperandKind.imm8_const_1: case OpCodeOperandKind.imm8sex16:
                case OpCodeOperandKind.imm8sex32: case OpCodeOperandKind.imm16: case OpCodeOperandKind.imm32:
                case OpCodeOperandKind.al: case OpCodeOperandKind.cl: case OpCodeOperandKind.ax: case OpCodeOperandKind.eax:
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
