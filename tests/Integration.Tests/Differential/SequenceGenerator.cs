using Iced.Intel;

namespace Integration.Tests.Differential;

/// <summary>One generated sequence: its guest seed, encoded body and the instructions for disassembly.</summary>
public sealed record GeneratedSequence(int Index, uint Seed, byte[] Code, IReadOnlyList<Instruction> Instructions, uint FinalUndefinedFlags)
{
    public string Disassemble()
    {
        var formatter = new NasmFormatter();
        var output = new StringOutput();
        var text = new System.Text.StringBuilder();
        var decoder = Decoder.Create(32, new ByteArrayCodeReader(Code));
        int offset = 0;
        while (offset < Code.Length)
        {
            decoder.IP = (ulong)offset;
            Instruction i = decoder.Decode();
            formatter.Format(i, output);
            text.Append($"  {offset:x4}  {Convert.ToHexString(Code, offset, i.Length),-24} {output.ToStringAndReset()}\n");
            offset += i.Length;
        }
        return text.ToString();
    }
}

/// <summary>
/// Generates random valid instruction sequences (<see cref="InstructionCatalog"/>), encoded with
/// Iced, whose every memory access lands in the scratch area. It tracks which arithmetic flags are
/// undefined (Iced's per-instruction flag info, SDM Vol. 2) so that no instruction reads an undefined
/// flag, and it records the undefined set in the generated code: before each instruction that may
/// fault (DIV/IDIV/AAM, misaligned 16-byte operands) and at the end. Results the SDM leaves
/// undefined are avoided: BSF/BSR with a zero source is followed by CMOVZ of a defined register,
/// 16-bit SHLD/SHRD counts stay within 16.
/// </summary>
public sealed class SequenceGenerator
{
    private static readonly Register[] R32 = { Register.EAX, Register.ECX, Register.EDX, Register.EBX, Register.EBP, Register.ESI, Register.EDI };
    private static readonly Register[] R16 = { Register.AX, Register.CX, Register.DX, Register.BX, Register.BP, Register.SI, Register.DI };
    private static readonly Register[] R8 = { Register.AL, Register.CL, Register.DL, Register.BL, Register.AH, Register.CH, Register.DH, Register.BH };
    private static readonly Register[] Xmm = { Register.XMM0, Register.XMM1, Register.XMM2, Register.XMM3, Register.XMM4, Register.XMM5, Register.XMM6, Register.XMM7 };
    private static readonly HashSet<Mnemonic> ShiftFamily = new() { Mnemonic.Shl, Mnemonic.Sal, Mnemonic.Shr, Mnemonic.Sar, Mnemonic.Rol, Mnemonic.Ror, Mnemonic.Rcl, Mnemonic.Rcr, Mnemonic.Shld, Mnemonic.Shrd };

    /// <summary>
    /// The moves that must #GP on a misaligned 16-byte operand. The SDM requires alignment of every
    /// legacy-SSE m128 operand except MOVUPS/MOVUPD/MOVDQU, but QEMU's TCG checks it only for these
    /// moves, so other forms are never given a misaligned operand (a known QEMU deviation).
    /// </summary>
    private static readonly HashSet<Mnemonic> AlignedMoves = new()
    {
        Mnemonic.Movaps, Mnemonic.Movapd, Mnemonic.Movdqa, Mnemonic.Movntps, Mnemonic.Movntpd, Mnemonic.Movntdq,
    };

    private readonly Random _rng;
    private readonly List<Instruction> _body = new();
    private readonly Dictionary<Register, uint> _setupValues = new();
    private uint _undefined;
    private bool _daz;
    /// <summary>
    /// MXCSR bits not compared (stored with the EFLAGS mask, shifted left by 16): DE, because the SDM
    /// sets it for every denormal source operand (Vol. 1, 11.5.2.2) and QEMU 7.2's TCG does not.
    /// </summary>
    private readonly uint _mxcsrUndefined = 0x2;

    private readonly IReadOnlyList<InstructionCatalog.Entry> _catalog;

    private SequenceGenerator(int seed, bool integerOnly)
    {
        _rng = new Random(seed);
        _catalog = integerOnly ? InstructionCatalog.IntegerEntries : InstructionCatalog.Entries;
    }

    /// <summary>Sequence <paramref name="index"/> of batch <paramref name="batchSeed"/>: the same inputs always give the same sequence.</summary>
    public static GeneratedSequence Generate(int batchSeed, int index, bool integerOnly = false)
    {
        ulong mix = SplitMix((ulong)(uint)batchSeed << 32 | (uint)index);
        var g = new SequenceGenerator((int)(mix & 0x7FFF_FFFF), integerOnly);
        uint guestSeed = (uint)(mix >> 32) | 1;
        g.Prologue();
        int count = g._rng.Next(3, 13);
        for (int n = 0; n < count; n++)
        {
            if (g.Chance(0.12))
                g.AddBranchOver();
            else
                g.AddRandomInstruction();
        }
        g._body.Add(g.MaskStore(g._undefined));
        byte[] code = Encode(g._body);
        return new GeneratedSequence(index, guestSeed, code, g._body.ToArray(), g._undefined);
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EB;
        return x ^ (x >> 31);
    }

    // ---- prologue: interesting values the guest's xorshift fill would rarely produce ----

    private void Prologue()
    {
        if (_catalog != InstructionCatalog.IntegerEntries && Chance(0.5))
        {
            // A random MXCSR: rounding control, FTZ, DAZ, sticky flags and, sometimes, unmasked exceptions (#XM).
            uint mxcsr = (uint)_rng.Next(4) << 13 | (Chance(0.3) ? 0x8000u : 0) | (Chance(0.3) ? 0x40u : 0) | (uint)_rng.Next(0x40) & (uint)_rng.Next(0x40);
            // All exceptions stay masked: QEMU 7.2's TCG sets the flags but never raises #XM (SDM Vol. 1, 11.5.1).
            mxcsr |= 0x1F80u;
            _daz = (mxcsr & 0x40) != 0;
            uint slot = DiffLayout.Scratch + 4u * (uint)_rng.Next(DiffLayout.ScratchDwords);
            _body.Add(Instruction.Create(Code.Mov_rm32_imm32, Absolute(slot), mxcsr));
            _body.Add(Instruction.Create(Code.Ldmxcsr_m32, Absolute(slot)));
        }
        int n = _rng.Next(0, 4);
        for (int k = 0; k < n; k++)
        {
            switch (_rng.Next(3))
            {
                case 0:
                    _body.Add(Instruction.Create(Code.Mov_r32_imm32, Pick(R32), Special32()));
                    break;
                case 1:
                    _body.Add(Instruction.Create(Code.Movups_xmm_xmmm128, Pick(Xmm),
                        Absolute(DiffLayout.ConstPool + 16u * (uint)_rng.Next(SpecialValues.PoolEntries))));
                    break;
                default:
                    _body.Add(Instruction.Create(Code.Mov_rm32_imm32, Absolute(DiffLayout.Scratch + 4u * (uint)_rng.Next(DiffLayout.ScratchDwords)), Special32()));
                    break;
            }
        }
    }

    // ---- forward branches: Jcc, JCXZ/JECXZ, LOOP/LOOPE/LOOPNE over the next instruction ----

    private static readonly Code[] ConditionalBranches =
    {
        Code.Jo_rel8_32, Code.Jno_rel8_32, Code.Jb_rel8_32, Code.Jae_rel8_32, Code.Je_rel8_32, Code.Jne_rel8_32,
        Code.Jbe_rel8_32, Code.Ja_rel8_32, Code.Js_rel8_32, Code.Jns_rel8_32, Code.Jp_rel8_32, Code.Jnp_rel8_32,
        Code.Jl_rel8_32, Code.Jge_rel8_32, Code.Jle_rel8_32, Code.Jg_rel8_32,
        Code.Jo_rel32_32, Code.Jb_rel32_32, Code.Je_rel32_32, Code.Jbe_rel32_32, Code.Js_rel32_32, Code.Jp_rel32_32,
        Code.Jl_rel32_32, Code.Jle_rel32_32, Code.Jno_rel32_32, Code.Jae_rel32_32, Code.Jne_rel32_32, Code.Ja_rel32_32,
        Code.Jns_rel32_32, Code.Jnp_rel32_32, Code.Jge_rel32_32, Code.Jg_rel32_32,
        Code.Jecxz_rel8_32, Code.Jcxz_rel8_32, Code.Loop_rel8_32_ECX, Code.Loop_rel8_32_CX,
        Code.Loope_rel8_32_ECX, Code.Loope_rel8_32_CX, Code.Loopne_rel8_32_ECX, Code.Loopne_rel8_32_CX,
    };

    /// <summary>
    /// A conditional branch over the next generated instruction (with its set-up). Both machines take
    /// the same path, so a flag stays defined only if it is defined on both paths.
    /// </summary>
    private void AddBranchOver()
    {
        uint undefinedBefore = _undefined;
        int mark = _body.Count;
        AddRandomInstruction();
        List<Instruction> skipped = _body.GetRange(mark, _body.Count - mark);
        int length = Encode(skipped).Length;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            Code code = Pick(ConditionalBranches);
            Instruction probe = Instruction.CreateBranch(code, 0x10);
            if ((ToEflags(probe.RflagsRead) & undefinedBefore) != 0)
                continue;
            int branchLength = Encode(new[] { probe }).Length;
            if (length + branchLength > 127 && code.ToOpCode().GetOpKind(0) == OpCodeOperandKind.br32_1)
                continue;
            _body.Insert(mark, Instruction.CreateBranch(code, (ulong)(branchLength + length)));
            _undefined |= undefinedBefore;
            return;
        }
    }

    // ---- one random instruction with its set-up ----

    private void AddRandomInstruction()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            InstructionCatalog.Entry entry = Pick(_catalog);
            var pending = new List<Instruction>();
            _setupValues.Clear();
            Instruction main;
            bool mayFault = false;
            var after = new List<Instruction>();
            switch (entry.Kind)
            {
                case InstructionCatalog.Kind.String: main = BuildString(entry.Code, pending); break;
                case InstructionCatalog.Kind.Xlat: main = BuildXlat(pending); break;
                case InstructionCatalog.Kind.MaskMove: main = BuildMaskMove(pending); break;
                default:
                    if (!TryBuildGeneric(entry.Code, pending, out main, out mayFault, after))
                        continue;
                    break;
            }
            if ((ToEflags(main.RflagsRead) & _undefined) != 0)
                continue;
            _body.AddRange(pending);
            if (_daz && entry.Code.Mnemonic() is Mnemonic.Minps or Mnemonic.Minpd or Mnemonic.Minss or Mnemonic.Minsd
                    or Mnemonic.Maxps or Mnemonic.Maxpd or Mnemonic.Maxss or Mnemonic.Maxsd)
                continue;                                    // QEMU 7.2 returns a denormal source unflushed under DAZ (SDM Vol. 1, 10.2.3.4: it is zero)
            if (mayFault)
                _body.Add(MaskStore(_undefined));
            _body.Add(main);
            UpdateUndefined(main);
            foreach (Instruction post in after)
            {
                _body.Add(post);
                UpdateUndefined(post);
            }
            return;
        }
    }

    /// <summary>Iced's <see cref="RflagsBits"/> (OF=1 SF=2 ZF=4 AF=8 CF=16 PF=32) as EFLAGS bits.</summary>
    public static uint ToEflags(RflagsBits bits)
    {
        uint f = 0;
        if ((bits & RflagsBits.OF) != 0) f |= 0x800;
        if ((bits & RflagsBits.SF) != 0) f |= 0x80;
        if ((bits & RflagsBits.ZF) != 0) f |= 0x40;
        if ((bits & RflagsBits.AF) != 0) f |= 0x10;
        if ((bits & RflagsBits.PF) != 0) f |= 0x4;
        if ((bits & RflagsBits.CF) != 0) f |= 0x1;
        return f;
    }

    private void UpdateUndefined(in Instruction i)
    {
        uint undefinedNow = ToEflags(i.RflagsUndefined);
        uint defined = ToEflags(i.RflagsModified & ~i.RflagsUndefined);
        if (ShiftFamily.Contains(i.Mnemonic))
        {
            int countOperand = i.OpCount - 1;
            undefinedNow |= 0x800;                          // SDM: OF is undefined unless the count is 1
            if (i.GetOpKind(countOperand) == OpKind.Register)
            {
                _undefined |= undefinedNow;                 // count in CL: may be zero, flags may stay as they were
                return;
            }
            int count = (int)(i.GetImmediate(countOperand) & 31);
            if (count == 0)
                return;                                     // SDM: a masked count of 0 affects no flag
            int bits = i.Op0Kind == OpKind.Register ? i.Op0Register.GetSize() * 8 : i.MemorySize.GetSize() * 8;
            if (count == 1)
                undefinedNow &= ~0x800u;
            if (i.Mnemonic is Mnemonic.Rcl or Mnemonic.Rcr && bits < 32 && count % (bits + 1) == 0)
            {
                _undefined |= undefinedNow;                 // no rotation: CF keeps its value
                return;
            }
        }
        if (i.Code.IsStringInstruction() && (i.HasRepePrefix || i.HasRepnePrefix) && i.RflagsModified != RflagsBits.None)
        {
            _undefined |= undefinedNow;                     // REP with ECX = 0 leaves the flags alone
            return;
        }
        _undefined = (_undefined & ~defined) | undefinedNow;
    }

    private bool TryBuildGeneric(Code code, List<Instruction> pending, out Instruction main, out bool mayFault, List<Instruction> after)
    {
        main = default;
        mayFault = false;
        OpCodeInfo op = code.ToOpCode();
        Mnemonic m = code.Mnemonic();
        var avoid = new HashSet<Register>();
        var operands = new object[op.OpCount];
        int memoryOperand = -1;
        for (int k = 0; k < op.OpCount; k++)
        {
            operands[k] = op.GetOpKind(k) switch
            {
                OpCodeOperandKind.r8_or_mem => Chance(0.6) ? Pick(R8) : (object)MemoryMarker,
                OpCodeOperandKind.r16_or_mem => Chance(0.6) ? Pick(R16) : MemoryMarker,
                OpCodeOperandKind.r32_or_mem => Chance(0.6) ? Pick(R32) : MemoryMarker,
                OpCodeOperandKind.xmm_or_mem => Chance(0.6) ? Pick(Xmm) : MemoryMarker,
                OpCodeOperandKind.mem or OpCodeOperandKind.mem_offs => MemoryMarker,
                OpCodeOperandKind.r8_reg or OpCodeOperandKind.r8_opcode => Pick(R8),
                OpCodeOperandKind.r16_reg or OpCodeOperandKind.r16_rm or OpCodeOperandKind.r16_opcode => Pick(R16),
                OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_rm or OpCodeOperandKind.r32_opcode => Pick(R32),
                OpCodeOperandKind.xmm_reg or OpCodeOperandKind.xmm_rm => Pick(Xmm),
                OpCodeOperandKind.imm8 => ShiftFamily.Contains(m) ? (int)Pick(SpecialValues.Counts) : (int)Byte8(),
                OpCodeOperandKind.imm8_const_1 => 1,
                OpCodeOperandKind.imm8sex16 or OpCodeOperandKind.imm8sex32 => (int)(sbyte)Byte8(),
                OpCodeOperandKind.imm16 => (int)(Special32() & 0xFFFF),
                OpCodeOperandKind.imm32 => (int)Special32(),
                OpCodeOperandKind.al => Register.AL,
                OpCodeOperandKind.cl => Register.CL,
                OpCodeOperandKind.ax => Register.AX,
                OpCodeOperandKind.eax => Register.EAX,
                _ => throw new InvalidOperationException($"operand kind {op.GetOpKind(k)} of {code}"),
            };
            if (ReferenceEquals(operands[k], MemoryMarker))
                memoryOperand = k;
        }

        // Instruction-specific set-up, emitted before the memory operand's.
        if (m is Mnemonic.Div or Mnemonic.Idiv or Mnemonic.Aam)
        {
            mayFault = true;                                 // #DE is part of the test
            if (m != Mnemonic.Aam && Chance(0.75))
                pending.Add(DivisionSetup(m, op.GetOpKind(0)));
            avoid.Add(Register.EAX);
            avoid.Add(Register.EDX);
        }
        bool is16 = op.GetOpKind(0) is OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r16_reg;
        if (m is Mnemonic.Shld or Mnemonic.Shrd && is16)
        {
            if (operands[2] is Register)
                pending.Add(Instruction.Create(Code.Mov_r8_imm8, Register.CL, _rng.Next(0, 17)));
            else
                operands[2] = _rng.Next(0, 17);             // SDM: a count above 16 leaves a 16-bit result undefined
            avoid.Add(Register.ECX);
        }
        int memSize = 0;
        uint? target = null;
        if (m is Mnemonic.Bt or Mnemonic.Bts or Mnemonic.Btr or Mnemonic.Btc && memoryOperand == 0 && operands[1] is Register offsetReg)
        {
            // A register bit offset reaches beyond the operand (SDM BT): keep it within the scratch area.
            Register full = offsetReg.GetFullRegister32();
            avoid.Add(full);
            int bitOffset = _rng.Next(-256, 512);
            pending.Add(Instruction.Create(Code.Mov_r32_imm32, full, bitOffset));
            target = DiffLayout.Scratch + 128 + 4u * (uint)_rng.Next(0, 48);
        }

        bool noAccess = m is Mnemonic.Lea or Mnemonic.Nop;
        Register segment = Chance(0.2) ? Pick(Segments) : Register.None;
        if (memoryOperand >= 0)
        {
            operands[memoryOperand] = new MemoryOperand(Register.None, Register.None, 1, DiffLayout.Scratch, 4);
            Instruction probe = Create(code, operands);
            memSize = Math.Max(1, probe.MemorySize.GetSize());
            bool moffs = op.GetOpKind(memoryOperand) == OpCodeOperandKind.mem_offs;
            if (moffs)
            {
                operands[memoryOperand] = new MemoryOperand(Register.None, Register.None, 1,
                    DiffLayout.Scratch + (uint)_rng.Next(0, DiffLayout.ScratchSize - memSize + 1) - DiffLayout.SegmentBase(segment), 4, false, segment);
            }
            else if (noAccess)
            {
                operands[memoryOperand] = RandomAddress();
            }
            else
            {
                bool misaligned;
                operands[memoryOperand] = MakeMemory(memSize, avoid, pending, target, AlignedMoves.Contains(m), segment, out misaligned);
                mayFault |= misaligned;
            }
        }
        main = Create(code, operands);
        if (main.Code != code)
            return false;
        // LOCK on a memory destination. A misplaced LOCK is #UD by the SDM, but QEMU 7.2's TCG ignores
        // it on most instructions (shifts, MOV, MUL/DIV, ...), so that is not generated.
        if (op.CanUseLockPrefix && main.Op0Kind == OpKind.Memory && Chance(0.15))
            main.HasLockPrefix = true;
        // The SDM makes a write through CS #GP(0); QEMU's TCG checks neither segment types nor limits
        // in protected mode, so CS overrides are kept to operands that are only read.
        if (segment == Register.CS && WritesMemory(main))
            return false;
        if (m is Mnemonic.Bsf or Mnemonic.Bsr)
        {
            // SDM: the destination is undefined when the source is zero (ZF=1): overwrite it then.
            Register dst = main.Op0Register;
            Register src = dst.GetSize() == 2 ? Pick(R16) : Pick(R32);
            after.Add(Instruction.Create(dst.GetSize() == 2 ? Code.Cmove_r16_rm16 : Code.Cmove_r32_rm32, dst, src));
        }
        if (m == Mnemonic.Cmpxchg8b)
        {
            // SDM: only ZF changes. QEMU 7.2's TCG rebuilds the other EFLAGS bits from a stale lazy-flag
            // state (it returns e.g. the operand of a preceding SHL, reserved bits included), so ZF is
            // captured with SETZ and the flags are then redefined by a CMP.
            after.Add(Instruction.Create(Code.Sete_rm8, Pick(R8)));
            after.Add(Instruction.Create(Code.Cmp_r32_rm32, Pick(R32), Pick(R32)));
        }
        if (memoryOperand >= 0 && !noAccess)
            Validate(main, memSize);
        return true;
    }

    private static readonly object MemoryMarker = new();

    private static readonly InstructionInfoFactory InfoFactory = new();

    private static bool WritesMemory(in Instruction i)
    {
        foreach (UsedMemory used in InfoFactory.GetInfo(i).GetUsedMemory())
        {
            if (used.Access is not (OpAccess.Read or OpAccess.CondRead or OpAccess.NoMemAccess))
                return true;
        }
        return false;
    }

    private static readonly Register[] Segments = { Register.ES, Register.CS, Register.SS, Register.DS, Register.FS, Register.GS };

    private Instruction DivisionSetup(Mnemonic m, OpCodeOperandKind kind)
    {
        bool signed = m == Mnemonic.Idiv;
        return kind switch
        {
            OpCodeOperandKind.r8_or_mem => signed ? Instruction.Create(Code.Cbw) : Instruction.Create(Code.Mov_r8_imm8, Register.AH, 0),
            OpCodeOperandKind.r16_or_mem => signed ? Instruction.Create(Code.Cwd) : Instruction.Create(Code.Mov_r16_imm16, Register.DX, 0),
            _ => signed ? Instruction.Create(Code.Cdq) : Instruction.Create(Code.Mov_r32_imm32, Register.EDX, 0),
        };
    }

    private static Instruction Create(Code code, object[] o) => o.Length switch
    {
        0 => Instruction.Create(code),
        1 => o[0] switch
        {
            Register r => Instruction.Create(code, r),
            MemoryOperand mem => Instruction.Create(code, mem),
            int imm => Instruction.Create(code, imm),
            _ => throw new InvalidOperationException(),
        },
        2 => (o[0], o[1]) switch
        {
            (Register a, Register b) => Instruction.Create(code, a, b),
            (Register a, MemoryOperand b) => Instruction.Create(code, a, b),
            (MemoryOperand a, Register b) => Instruction.Create(code, a, b),
            (Register a, int b) => Instruction.Create(code, a, b),
            (MemoryOperand a, int b) => Instruction.Create(code, a, b),
            (int a, int b) => Instruction.Create(code, a, b),
            _ => throw new InvalidOperationException($"{code}: {o[0]}, {o[1]}"),
        },
        3 => (o[0], o[1], o[2]) switch
        {
            (Register a, Register b, int c) => Instruction.Create(code, a, b, c),
            (Register a, MemoryOperand b, int c) => Instruction.Create(code, a, b, c),
            (MemoryOperand a, Register b, int c) => Instruction.Create(code, a, b, c),
            (Register a, Register b, Register c) => Instruction.Create(code, a, b, c),
            (MemoryOperand a, Register b, Register c) => Instruction.Create(code, a, b, c),
            _ => throw new InvalidOperationException($"{code}: {o[0]}, {o[1]}, {o[2]}"),
        },
        _ => throw new InvalidOperationException(code.ToString()),
    };

    // ---- string instructions, XLAT, MASKMOVDQU ----

    private Instruction BuildString(Code code, List<Instruction> pending)
    {
        Mnemonic m = code.Mnemonic();
        int addressSize = Chance(0.3) ? 16 : 32;
        bool compares = m is Mnemonic.Cmpsb or Mnemonic.Cmpsw or Mnemonic.Cmpsd or Mnemonic.Scasb or Mnemonic.Scasw or Mnemonic.Scasd;
        RepPrefixKind rep = compares
            ? _rng.Next(3) switch { 0 => RepPrefixKind.Repe, 1 => RepPrefixKind.Repne, _ => RepPrefixKind.None }
            : Chance(0.5) ? RepPrefixKind.Repe : RepPrefixKind.None;
        if (rep != RepPrefixKind.None)
            pending.Add(SetupPointer(Register.ECX, (uint)_rng.Next(0, 21), addressSize));
        bool usesSource = m is Mnemonic.Movsb or Mnemonic.Movsw or Mnemonic.Movsd or Mnemonic.Cmpsb or Mnemonic.Cmpsw or Mnemonic.Cmpsd
            or Mnemonic.Lodsb or Mnemonic.Lodsw or Mnemonic.Lodsd;
        bool usesDestination = m is not (Mnemonic.Lodsb or Mnemonic.Lodsw or Mnemonic.Lodsd);
        if (usesSource)
            pending.Add(SetupPointer(Register.ESI, DiffLayout.Scratch + 96 + (uint)_rng.Next(0, DiffLayout.ScratchSize - 196), addressSize));
        if (usesDestination)
            pending.Add(SetupPointer(Register.EDI, DiffLayout.Scratch + 96 + (uint)_rng.Next(0, DiffLayout.ScratchSize - 196), addressSize));
        return m switch
        {
            Mnemonic.Movsb => Instruction.CreateMovsb(addressSize, Register.None, rep),
            Mnemonic.Movsw => Instruction.CreateMovsw(addressSize, Register.None, rep),
            Mnemonic.Movsd => Instruction.CreateMovsd(addressSize, Register.None, rep),
            Mnemonic.Cmpsb => Instruction.CreateCmpsb(addressSize, Register.None, rep),
            Mnemonic.Cmpsw => Instruction.CreateCmpsw(addressSize, Register.None, rep),
            Mnemonic.Cmpsd => Instruction.CreateCmpsd(addressSize, Register.None, rep),
            Mnemonic.Scasb => Instruction.CreateScasb(addressSize, rep),
            Mnemonic.Scasw => Instruction.CreateScasw(addressSize, rep),
            Mnemonic.Scasd => Instruction.CreateScasd(addressSize, rep),
            Mnemonic.Lodsb => Instruction.CreateLodsb(addressSize, Register.None, rep),
            Mnemonic.Lodsw => Instruction.CreateLodsw(addressSize, Register.None, rep),
            Mnemonic.Lodsd => Instruction.CreateLodsd(addressSize, Register.None, rep),
            Mnemonic.Stosb => Instruction.CreateStosb(addressSize, rep),
            Mnemonic.Stosw => Instruction.CreateStosw(addressSize, rep),
            _ => Instruction.CreateStosd(addressSize, rep),
        };
    }

    private Instruction BuildXlat(List<Instruction> pending)
    {
        bool a16 = Chance(0.3);
        pending.Add(SetupPointer(Register.EBX, DiffLayout.Scratch + (uint)_rng.Next(0, DiffLayout.ScratchSize - 256), a16 ? 16 : 32));
        return Instruction.Create(Code.Xlat_m8, new MemoryOperand(a16 ? Register.BX : Register.EBX, Register.AL));
    }

    private Instruction BuildMaskMove(List<Instruction> pending)
    {
        int addressSize = Chance(0.3) ? 16 : 32;
        pending.Add(SetupPointer(Register.EDI, DiffLayout.Scratch + (uint)_rng.Next(0, DiffLayout.ScratchSize - 16), addressSize));
        return Instruction.CreateMaskmovdqu(addressSize, Pick(Xmm), Pick(Xmm));
    }

    /// <summary>
    /// <c>mov reg32, value</c>; with 16-bit addressing the upper half is random, which the CPU must
    /// ignore (and keep).
    /// </summary>
    private Instruction SetupPointer(Register reg32, uint value, int addressSize)
    {
        if (addressSize == 16)
            value = (value & 0xFFFF) | ((uint)_rng.Next(0, 0x10000) << 16);
        _setupValues[reg32] = value;
        return Instruction.Create(Code.Mov_r32_imm32, reg32, value);
    }

    // ---- memory operands ----

    private MemoryOperand MakeMemory(int size, HashSet<Register> avoid, List<Instruction> pending, uint? fixedTarget, bool mayMisalign, Register segment, out bool misaligned)
    {
        MemoryOperand operand = MakeOffset(size, avoid, pending, fixedTarget, mayMisalign, DiffLayout.SegmentBase(segment), out misaligned);
        return new MemoryOperand(operand.Base, operand.Index, operand.Scale, operand.Displacement, operand.DisplSize, false, segment);
    }

    /// <summary>A memory operand (and the register set-up it needs) whose linear address, with the segment base added, is in the scratch area.</summary>
    private MemoryOperand MakeOffset(int size, HashSet<Register> avoid, List<Instruction> pending, uint? fixedTarget, bool mayMisalign, uint segmentBase, out bool misaligned)
    {
        misaligned = false;
        uint target;
        if (fixedTarget is { } t)
        {
            target = t;
        }
        else if (size >= 16)
        {
            target = DiffLayout.Scratch + 16u * (uint)_rng.Next(0, DiffLayout.ScratchSize / 16);
            if (mayMisalign && Chance(0.1))
            {
                target = DiffLayout.Scratch + 16u * (uint)_rng.Next(0, DiffLayout.ScratchSize / 16 - 1) + (uint)_rng.Next(1, 16);
                misaligned = true;                            // #GP for the forms that require alignment
            }
        }
        else
        {
            target = DiffLayout.Scratch + (uint)_rng.Next(0, DiffLayout.ScratchSize - size + 1);
            if (Chance(0.5))
                target &= ~(uint)(size - 1 & 7);
        }

        target -= segmentBase;
        var free32 = R32.Where(r => !avoid.Contains(r)).ToArray();
        if (Chance(0.3))
            return Memory16(target, avoid, pending);
        switch (_rng.Next(10))
        {
            case 0: case 1:
                return new MemoryOperand(Register.None, Register.None, 1, target, 4);
            case 2: case 3: case 4: case 5:
            {
                Register b = Pick(free32);
                int disp = Displacement();
                pending.Add(SetupPointer(b, target - (uint)disp, 32));
                return new MemoryOperand(b, Register.None, 1, disp, disp == 0 ? 0 : 4);
            }
            case 6:
            {
                Register x = Pick(free32);
                int scale = 1 << _rng.Next(4);
                int k = _rng.Next(-8, 9);
                pending.Add(SetupPointer(x, (uint)k, 32));
                return new MemoryOperand(Register.None, x, scale, (int)(target - (uint)(k * scale)), 4);
            }
            default:
            {
                Register b = Pick(free32);
                Register x = Pick(free32.Where(r => r != b).ToArray());
                int scale = 1 << _rng.Next(4);
                int k = _rng.Next(-8, 9);
                int disp = Displacement();
                pending.Add(SetupPointer(x, (uint)k, 32));
                pending.Add(SetupPointer(b, target - (uint)(k * scale) - (uint)disp, 32));
                return new MemoryOperand(b, x, scale, disp, disp == 0 ? 0 : 4);
            }
        }
    }

    private MemoryOperand Memory16(uint target, HashSet<Register> avoid, List<Instruction> pending)
    {
        Register[] bases = new[] { Register.BX, Register.BP, Register.None }.Where(r => r == Register.None || !avoid.Contains(r.GetFullRegister32())).ToArray();
        Register[] indexes = new[] { Register.SI, Register.DI, Register.None }.Where(r => r == Register.None || !avoid.Contains(r.GetFullRegister32())).ToArray();
        Register b = Pick(bases), x = Pick(indexes);
        int disp = _rng.Next(3) switch { 0 => 0, 1 => (sbyte)Byte8(), _ => (short)_rng.Next(0, 0x10000) };
        if (b == Register.None && x == Register.None)
            return new MemoryOperand(Register.None, Register.None, 1, target, 2);
        uint rest = target - (uint)disp;
        if (x != Register.None && b != Register.None)
        {
            uint xv = (uint)_rng.Next(0, 0x10000);
            pending.Add(SetupPointer(x.GetFullRegister32(), xv, 16));
            rest -= xv;
        }
        pending.Add(SetupPointer((b != Register.None ? b : x).GetFullRegister32(), rest & 0xFFFF, 16));
        return new MemoryOperand(b != Register.None ? b : x, b != Register.None ? x : Register.None, 1, disp, disp == 0 ? 0 : 2);
    }

    private MemoryOperand RandomAddress()
    {
        if (Chance(0.3))
            return new MemoryOperand(Pick(new[] { Register.BX, Register.BP }), Pick(new[] { Register.SI, Register.DI, Register.None }), 1, (sbyte)Byte8(), 1);
        return new MemoryOperand(Pick(R32), Chance(0.5) ? Pick(R32) : Register.None, 1 << _rng.Next(4), Displacement(), 4);
    }

    private int Displacement() => _rng.Next(3) switch { 0 => 0, 1 => (sbyte)Byte8(), _ => _rng.Next(-0x10000, 0x10000) };

    /// <summary>Decodes the encoded instruction and checks that its effective address is the intended scratch range.</summary>
    private void Validate(in Instruction main, int size)
    {
        byte[] bytes = Encode(new[] { main });
        Instruction d = Decoder.Create(32, new ByteArrayCodeReader(bytes), DecoderOptions.NoInvalidCheck).Decode();
        if (d.Code != main.Code)
            throw new InvalidOperationException($"{main} re-decoded as {d}");
        bool a16 = d.MemoryBase.GetSize() == 2 || d.MemoryIndex.GetSize() == 2 || (d.MemoryBase == Register.None && d.MemoryIndex == Register.None && d.MemoryDisplSize == 2);
        uint ea = d.MemoryDisplacement32 + Value(d.MemoryBase) + Value(d.MemoryIndex) * (uint)d.MemoryIndexScale;
        if (a16)
            ea &= 0xFFFF;
        ea += DiffLayout.SegmentBase(d.MemorySegment);
        if (ea < DiffLayout.Scratch || ea + size > DiffLayout.Scratch + DiffLayout.ScratchSize)
            throw new InvalidOperationException($"generator bug: {main} addresses 0x{ea:x}");
    }

    private uint Value(Register r)
    {
        if (r == Register.None)
            return 0;
        uint v = _setupValues.TryGetValue(r.GetFullRegister32(), out uint known) ? known : throw new InvalidOperationException($"no set-up value for {r}");
        return r.GetSize() == 2 ? v & 0xFFFF : v;
    }

    // ---- helpers ----

    private Instruction MaskStore(uint eflagsMask) => Instruction.Create(Code.Mov_rm32_imm32, Absolute(DiffLayout.CurrentMask), (int)(eflagsMask | _mxcsrUndefined << 16));

    private static MemoryOperand Absolute(uint address) => new(Register.None, Register.None, 1, address, 4);

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private byte Byte8() => Chance(0.3) ? (byte)Pick(SpecialValues.Integers) : (byte)_rng.Next(256);

    private uint Special32() => _rng.Next(4) switch
    {
        0 => Pick(SpecialValues.Integers),
        1 => (uint)_rng.Next(0, 256),
        _ => (uint)_rng.Next() ^ ((uint)_rng.Next(2) << 31),
    };

    public static byte[] Encode(IEnumerable<Instruction> instructions)
    {
        var writer = new ByteListWriter();
        var encoder = Encoder.Create(32, writer);
        foreach (Instruction i in instructions)
        {
            if (!encoder.TryEncode(i, 0, out _, out string? error))
                throw new InvalidOperationException($"cannot encode {i}: {error}");
        }
        return writer.Bytes.ToArray();
    }

    private sealed class ByteListWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
