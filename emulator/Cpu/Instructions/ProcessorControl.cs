using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// HLT CLI STI CPUID RDTSC RDMSR WRMSR, descriptor-table and system-register instructions
/// (LGDT LIDT SGDT SIDT LLDT LTR SLDT STR LMSW SMSW), LAR LSL VERR VERW ARPL.
/// CPUID reports a GenuineIntel P6-family part with FPU PSE TSC MSR CX8 SEP PGE CMOV MMX FXSR SSE SSE2.
/// The TSC counts retired instructions.
/// </summary>
public sealed partial class X86Cpu
{
    internal const uint CpuidSignature = 0x0000_06D8; // family 6, model 13, stepping 8
    internal const uint CpuidFeaturesEdx = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 11)
        | (1u << 13) | (1u << 15) | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26);

    private uint _sysenterCs, _sysenterEsp, _sysenterEip;
    private ulong _pat = 0x0007_0406_0007_0406;

    internal void RequireCpl0()
    {
        if (!RealMode && ((FlagsRaw & FlagVm) != 0 || Cpl != 0))
            RaiseFault(VecGp, 0);
    }

    private void Hlt()
    {
        RequireCpl0();
        _halted = true;
        _exitBlock = true;
    }

    private bool IoplAllows() => RealMode || ((FlagsRaw & FlagVm) == 0 ? Cpl <= (int)((FlagsRaw & FlagIopl) >> 12) : (FlagsRaw & FlagIopl) == FlagIopl);

    private void Cli()
    {
        if (!IoplAllows())
            RaiseFault(VecGp, 0);
        FlagsRaw &= ~FlagIf;
    }

    private void Sti()
    {
        if (!IoplAllows())
            RaiseFault(VecGp, 0);
        if ((FlagsRaw & FlagIf) == 0)
        {
            FlagsRaw |= FlagIf;
            InhibitInterrupts();
        }
        _exitBlock = true;
    }

    private void Cpuid()
    {
        uint leaf = R[0];
        switch (leaf)
        {
            case 0:
                R[0] = 2;
                R[3] = 0x756E_6547; // "Genu"
                R[2] = 0x4965_6E69; // "ineI"
                R[1] = 0x6C65_746E; // "ntel"
                break;
            case 1:
                R[0] = CpuidSignature;
                R[3] = 0x0001_0000; // 1 logical processor, brand index 0
                R[1] = 0;
                R[2] = CpuidFeaturesEdx;
                break;
            case 2:
                R[0] = 0x0000_0001;
                R[3] = R[1] = R[2] = 0;
                break;
            case 0x8000_0000:
                R[0] = 0x8000_0000;
                R[3] = R[1] = R[2] = 0;
                break;
            default:
                R[0] = R[3] = R[1] = R[2] = 0;
                break;
        }
    }

    private void Rdtsc()
    {
        if ((Cr4Value & Cr4Tsd) != 0 && Cpl != 0 && !RealMode)
            RaiseFault(VecGp, 0);
        R[0] = (uint)_retired;
        R[2] = (uint)(_retired >> 32);
    }

    private void Rdmsr()
    {
        RequireCpl0();
        ulong v;
        switch (R[1])
        {
            case 0x10: v = _retired; break;
            case 0x1B: v = 0; break;
            case 0xFE: v = 0; break;
            case 0x174: v = _sysenterCs; break;
            case 0x175: v = _sysenterEsp; break;
            case 0x176: v = _sysenterEip; break;
            case 0x1A0: v = 0; break;
            case 0x277: v = _pat; break;
            default: RaiseFault(VecGp, 0); return;
        }
        R[0] = (uint)v;
        R[2] = (uint)(v >> 32);
    }

    private void Wrmsr()
    {
        RequireCpl0();
        ulong v = ((ulong)R[2] << 32) | R[0];
        switch (R[1])
        {
            case 0x10: break;
            case 0x1B: break;
            case 0x174: _sysenterCs = (uint)v; break;
            case 0x175: _sysenterEsp = (uint)v; break;
            case 0x176: _sysenterEip = (uint)v; break;
            case 0x1A0: break;
            case 0x277: _pat = v; break;
            default: RaiseFault(VecGp, 0); return;
        }
        _exitBlock = true;
    }

    /// <summary>SYSENTER (SDM Vol. 2): flat ring-0 CS/SS from IA32_SYSENTER_CS, ESP/EIP from the MSRs.</summary>
    private void Sysenter()
    {
        if (RealMode || (_sysenterCs & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        MaterializeFlags();
        FlagsRaw &= ~(FlagVm | FlagIf | FlagRf);
        ushort cs = (ushort)(_sysenterCs & 0xFFFC);
        Seg[SegCs] = Segment.Flat(cs, DescCode | DescReadable, true);
        Seg[SegSs] = Segment.Flat((ushort)(cs + 8), DescWritable, true);
        SetCpl(0);
        R[4] = _sysenterEsp;
        Ip = _sysenterEip;
        _exitBlock = true;
    }

    /// <summary>SYSEXIT: back to ring 3 with CS = SYSENTER_CS+16, SS = +24, EIP = EDX, ESP = ECX.</summary>
    private void Sysexit()
    {
        if (RealMode || (FlagsRaw & FlagVm) != 0 || Cpl != 0 || (_sysenterCs & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        ushort cs = (ushort)((_sysenterCs & 0xFFFC) + 16);
        Segment code = Segment.Flat((ushort)(cs | 3), DescCode | DescReadable, true);
        code.Access |= 0x60;
        Segment stack = Segment.Flat((ushort)((cs + 8) | 3), DescWritable, true);
        stack.Access |= 0x60;
        Seg[SegCs] = code;
        Seg[SegSs] = stack;
        SetCpl(3);
        R[4] = R[1];
        Ip = R[2];
        _exitBlock = true;
    }

    private void LoadDescriptorTable(ref Instruction i)
    {
        RequireCpl0();
        if (i.Op0Kind != OpKind.Memory)
            RaiseUd();
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        ushort limit = ReadMem16(seg, ea);
        uint baseAddr = ReadMem32(seg, Address16(ref i) ? (ea + 2) & 0xFFFF : ea + 2);
        if (i.Code is Code.Lgdt_m1632_16 or Code.Lidt_m1632_16)
            baseAddr &= 0x00FF_FFFF;
        if (i.Mnemonic == Mnemonic.Lgdt)
            Gdtr = new DescriptorTable(baseAddr, limit);
        else
            Idtr = new DescriptorTable(baseAddr, limit);
    }

    private void StoreDescriptorTable(ref Instruction i)
    {
        if (i.Op0Kind != OpKind.Memory)
            RaiseUd();
        DescriptorTable t = i.Mnemonic == Mnemonic.Sgdt ? Gdtr : Idtr;
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        WriteMem16(seg, ea, t.Limit);
        WriteMem32(seg, Address16(ref i) ? (ea + 2) & 0xFFFF : ea + 2, t.Base);
    }

    private void RequireProtectedMode()
    {
        if (RealMode || (FlagsRaw & FlagVm) != 0)
            RaiseUd();
    }

    private void Lldt(ref Instruction i)
    {
        RequireProtectedMode();
        RequireCpl0();
        LoadLdt((ushort)ReadOp(ref i, 0, 2));
    }

    private void Ltr(ref Instruction i)
    {
        RequireProtectedMode();
        RequireCpl0();
        LoadTr((ushort)ReadOp(ref i, 0, 2));
    }

    private void StoreSystemSelector(ref Instruction i, ushort value)
    {
        if (i.Mnemonic is Mnemonic.Sldt or Mnemonic.Str)
            RequireProtectedMode();
        if (i.Op0Kind == OpKind.Register)
            WriteReg(i.Op0Register, i.Mnemonic == Mnemonic.Smsw && RegSize(i.Op0Register) == 4 ? Cr0Value : value);
        else
            WriteMem16(MemSeg(ref i), Ea(ref i), value);
    }

    private void Lmsw(ref Instruction i)
    {
        RequireCpl0();
        uint v = ReadOp(ref i, 0, 2) & 0xF;
        uint keepPe = Cr0Value & Cr0Pe;
        WriteCr0((Cr0Value & ~0xFu) | v | keepPe);
    }

    /// <summary>Reads a descriptor for LAR/LSL/VERR/VERW; returns false (ZF=0) when not visible at CPL/RPL.</summary>
    private bool TryVisibleDescriptor(ushort sel, out Descriptor d)
    {
        d = default;
        if ((sel & 0xFFFC) == 0)
            return false;
        uint limit = (sel & 4) != 0 ? Ldtr.Limit : Gdtr.Limit;
        if ((sel & 0xFFF8u) + 7 > limit)
            return false;
        d = ReadDescriptor(sel);
        bool conformingCode = d.IsCode && d.Conforming;
        if (!conformingCode && (d.Dpl < Cpl || d.Dpl < (sel & 3)))
            return false;
        return true;
    }

    private void Lar(ref Instruction i)
    {
        RequireProtectedMode();
        ushort sel = (ushort)ReadOp(ref i, 1, 2);
        bool ok = TryVisibleDescriptor(sel, out Descriptor d);
        if (ok && d.IsSystem && d.Type is 0 or 8 or 0xA or 0xD)
            ok = false;
        if (ok)
            WriteReg(i.Op0Register, d.High & 0x00F0_FF00);
        SetFlag(FlagZf, ok);
    }

    private void Lsl(ref Instruction i)
    {
        RequireProtectedMode();
        ushort sel = (ushort)ReadOp(ref i, 1, 2);
        bool ok = TryVisibleDescriptor(sel, out Descriptor d);
        if (ok && d.IsSystem && d.Type is not (1 or 2 or 3 or 9 or 0xB))
            ok = false;
        if (ok)
            WriteReg(i.Op0Register, d.Limit);
        SetFlag(FlagZf, ok);
    }

    private void Verify(ref Instruction i)
    {
        RequireProtectedMode();
        ushort sel = (ushort)ReadOp(ref i, 0, 2);
        bool ok = TryVisibleDescriptor(sel, out Descriptor d) && !d.IsSystem;
        if (ok)
            ok = i.Mnemonic == Mnemonic.Verr ? d.Readable : d.Writable;
        SetFlag(FlagZf, ok);
    }

    private void Arpl(ref Instruction i)
    {
        RequireProtectedMode();
        uint dst = ReadRmw(ref i, 2);
        uint src = ReadReg(i.Op1Register);
        if ((dst & 3) < (src & 3))
        {
            WriteRmw(ref i, 2, (dst & ~3u) | (src & 3));
            SetFlag(FlagZf, true);
        }
        else
        {
            SetFlag(FlagZf, false);
        }
    }
}
