using Iced.Intel;
using SF = PcEmu.Cpu.SseSoftFloat;

namespace PcEmu.Cpu;

/// <summary>
/// SSE/SSE2 floating point: scalar and packed ADD SUB MUL DIV SQRT MIN MAX, CMPxx (all 8 predicates),
/// (U)COMISS/SD, RCP/RSQRT and the conversions, computed by <see cref="SseSoftFloat"/> under MXCSR
/// (rounding control, DAZ, FTZ). The exception flags of all lanes are gathered first; an unmasked one
/// raises #XM (CR4.OSXMMEXCPT=1) or #UD without writing the destination (SDM Vol. 1, 11.5.1-11.5.3).
/// </summary>
public sealed partial class X86Cpu
{
    private const int FAdd = 0, FSub = 1, FMul = 2, FDiv = 3, FMin = 4, FMax = 5, FSqrt = 6, FRcp = 7, FRsqrt = 8;

    private bool ExecuteSseFloat(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            case Mnemonic.Addsd: CheckSse(); ScalarD(ref i, FAdd); return true;
            case Mnemonic.Subsd: CheckSse(); ScalarD(ref i, FSub); return true;
            case Mnemonic.Mulsd: CheckSse(); ScalarD(ref i, FMul); return true;
            case Mnemonic.Divsd: CheckSse(); ScalarD(ref i, FDiv); return true;
            case Mnemonic.Minsd: CheckSse(); ScalarD(ref i, FMin); return true;
            case Mnemonic.Maxsd: CheckSse(); ScalarD(ref i, FMax); return true;
            case Mnemonic.Sqrtsd: CheckSse(); ScalarD(ref i, FSqrt); return true;
            case Mnemonic.Addss: CheckSse(); ScalarS(ref i, FAdd); return true;
            case Mnemonic.Subss: CheckSse(); ScalarS(ref i, FSub); return true;
            case Mnemonic.Mulss: CheckSse(); ScalarS(ref i, FMul); return true;
            case Mnemonic.Divss: CheckSse(); ScalarS(ref i, FDiv); return true;
            case Mnemonic.Minss: CheckSse(); ScalarS(ref i, FMin); return true;
            case Mnemonic.Maxss: CheckSse(); ScalarS(ref i, FMax); return true;
            case Mnemonic.Sqrtss: CheckSse(); ScalarS(ref i, FSqrt); return true;
            case Mnemonic.Rcpss: CheckSse(); ScalarS(ref i, FRcp); return true;
            case Mnemonic.Rsqrtss: CheckSse(); ScalarS(ref i, FRsqrt); return true;
            case Mnemonic.Addpd: CheckSse(); PackedD(ref i, FAdd); return true;
            case Mnemonic.Subpd: CheckSse(); PackedD(ref i, FSub); return true;
            case Mnemonic.Mulpd: CheckSse(); PackedD(ref i, FMul); return true;
            case Mnemonic.Divpd: CheckSse(); PackedD(ref i, FDiv); return true;
            case Mnemonic.Minpd: CheckSse(); PackedD(ref i, FMin); return true;
            case Mnemonic.Maxpd: CheckSse(); PackedD(ref i, FMax); return true;
            case Mnemonic.Sqrtpd: CheckSse(); PackedD(ref i, FSqrt); return true;
            case Mnemonic.Addps: CheckSse(); PackedS(ref i, FAdd); return true;
            case Mnemonic.Subps: CheckSse(); PackedS(ref i, FSub); return true;
            case Mnemonic.Mulps: CheckSse(); PackedS(ref i, FMul); return true;
            case Mnemonic.Divps: CheckSse(); PackedS(ref i, FDiv); return true;
            case Mnemonic.Minps: CheckSse(); PackedS(ref i, FMin); return true;
            case Mnemonic.Maxps: CheckSse(); PackedS(ref i, FMax); return true;
            case Mnemonic.Sqrtps: CheckSse(); PackedS(ref i, FSqrt); return true;
            case Mnemonic.Rcpps: CheckSse(); PackedS(ref i, FRcp); return true;
            case Mnemonic.Rsqrtps: CheckSse(); PackedS(ref i, FRsqrt); return true;

            case Mnemonic.Cmpsd: CheckSse(); CmpScalarD(ref i); return true;
            case Mnemonic.Cmpss: CheckSse(); CmpScalarS(ref i); return true;
            case Mnemonic.Cmppd: CheckSse(); CmpPackedD(ref i); return true;
            case Mnemonic.Cmpps: CheckSse(); CmpPackedS(ref i); return true;
            case Mnemonic.Ucomisd: case Mnemonic.Comisd:
                CheckSse(); CompareFlags(SF.F64, XmmLo(XmmOf(i.Op0Register)), ReadX64(ref i, 1), i.Mnemonic == Mnemonic.Comisd); return true;
            case Mnemonic.Ucomiss: case Mnemonic.Comiss:
                CheckSse(); CompareFlags(SF.F32, (uint)XmmLo(XmmOf(i.Op0Register)), ReadX32(ref i, 1), i.Mnemonic == Mnemonic.Comiss); return true;
        }
        return ExecuteSseConversion(ref i);
    }

    /// <summary>Gathers the flags of one instruction into MXCSR; an unmasked exception raises #XM or #UD (no result is written).</summary>
    private void SimdCommit(uint flags)
    {
        if (flags == 0)
            return;
        uint unmasked = flags & ~(Mxcsr >> 7) & 0x3F;
        if (unmasked == 0)
        {
            Mxcsr |= flags;
            return;
        }
        // An unmasked pre-computation exception (IE DE ZE) suppresses the post-computation flags.
        Mxcsr |= (unmasked & (SF.FlagI | SF.FlagD | SF.FlagZ)) != 0 ? flags & (SF.FlagI | SF.FlagD | SF.FlagZ) : flags;
        if ((Cr4Value & Cr4Osxmmexcpt) != 0)
            RaiseFault(VecXm);
        RaiseUd();
    }

    /// <summary>One lane of an arithmetic operation. RCP/RSQRT are computed exactly (1/x, 1/sqrt(x)) as QEMU does,
    /// without flags; real processors return a 12-bit approximation (SDM: relative error at most 1.5 * 2^-12).</summary>
    private ulong Arith(int frac, int op, ulong a, ulong b, ref uint flags)
    {
        uint mx = Mxcsr;
        ulong one = frac == SF.F64 ? 0x3FF0_0000_0000_0000ul : 0x3F80_0000ul;
        uint ignored = 0;
        return op switch
        {
            FAdd => SF.Add(frac, a, b, false, mx, ref flags),
            FSub => SF.Add(frac, a, b, true, mx, ref flags),
            FMul => SF.Mul(frac, a, b, mx, ref flags),
            FDiv => SF.Div(frac, a, b, mx, ref flags),
            FMin => SF.MinMax(frac, a, b, false, mx, ref flags),
            FMax => SF.MinMax(frac, a, b, true, mx, ref flags),
            FSqrt => SF.Sqrt(frac, b, mx, ref flags),
            FRcp => SF.Div(frac, one, b, mx, ref ignored),
            _ => SF.Div(frac, one, SF.Sqrt(frac, b, mx, ref ignored), mx, ref ignored),
        };
    }

    private ulong ArithPairS(int op, ulong a, ulong b, ref uint flags) =>
        Arith(SF.F32, op, (uint)a, (uint)b, ref flags) | Arith(SF.F32, op, a >> 32, b >> 32, ref flags) << 32;

    private void ScalarD(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        uint f = 0;
        ulong r = Arith(SF.F64, op, XmmLo(d), ReadX64(ref i, 1), ref f);
        SimdCommit(f);
        Xmm[2 * d] = r;
    }

    private void ScalarS(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        uint f = 0;
        ulong r = Arith(SF.F32, op, (uint)XmmLo(d), ReadX32(ref i, 1), ref f);
        SimdCommit(f);
        Xmm[2 * d] = (Xmm[2 * d] & 0xFFFF_FFFF_0000_0000) | r;
    }

    private void PackedD(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        uint f = 0;
        ulong rlo = Arith(SF.F64, op, XmmLo(d), lo, ref f), rhi = Arith(SF.F64, op, XmmHi(d), hi, ref f);
        SimdCommit(f);
        SetXmm(d, rlo, rhi);
    }

    private void PackedS(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        uint f = 0;
        ulong rlo = ArithPairS(op, XmmLo(d), lo, ref f), rhi = ArithPairS(op, XmmHi(d), hi, ref f);
        SimdCommit(f);
        SetXmm(d, rlo, rhi);
    }

    private void CmpScalarD(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        uint f = 0;
        bool r = SF.Compare(SF.F64, XmmLo(d), ReadX64(ref i, 1), i.Immediate8, Mxcsr, ref f);
        SimdCommit(f);
        Xmm[2 * d] = r ? ulong.MaxValue : 0;
    }

    private void CmpScalarS(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        uint f = 0;
        bool r = SF.Compare(SF.F32, (uint)XmmLo(d), ReadX32(ref i, 1), i.Immediate8, Mxcsr, ref f);
        SimdCommit(f);
        Xmm[2 * d] = (Xmm[2 * d] & 0xFFFF_FFFF_0000_0000) | (r ? 0xFFFF_FFFFu : 0u);
    }

    private void CmpPackedD(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int p = i.Immediate8;
        uint f = 0;
        bool rlo = SF.Compare(SF.F64, XmmLo(d), lo, p, Mxcsr, ref f), rhi = SF.Compare(SF.F64, XmmHi(d), hi, p, Mxcsr, ref f);
        SimdCommit(f);
        SetXmm(d, rlo ? ulong.MaxValue : 0, rhi ? ulong.MaxValue : 0);
    }

    private void CmpPackedS(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int p = i.Immediate8;
        uint f = 0;
        ulong rlo = CmpPairS(p, XmmLo(d), lo, ref f), rhi = CmpPairS(p, XmmHi(d), hi, ref f);
        SimdCommit(f);
        SetXmm(d, rlo, rhi);
    }

    private ulong CmpPairS(int p, ulong a, ulong b, ref uint f) =>
        (SF.Compare(SF.F32, (uint)a, (uint)b, p, Mxcsr, ref f) ? 0xFFFF_FFFFul : 0) | (SF.Compare(SF.F32, a >> 32, b >> 32, p, Mxcsr, ref f) ? 0xFFFF_FFFF_0000_0000ul : 0);

    /// <summary>(U)COMIS*: ZF PF CF = 111 unordered, 000 greater, 001 less, 100 equal; OF SF AF cleared.</summary>
    private void CompareFlags(int frac, ulong a, ulong b, bool signalQuiet)
    {
        uint f = 0;
        int order = SF.OrderedCompare(frac, a, b, signalQuiet, Mxcsr, ref f);
        SimdCommit(f);
        SetStatusFlags(order switch
        {
            0 => 0,
            1 => FlagCf,
            2 => FlagZf,
            _ => FlagZf | FlagPf | FlagCf,
        });
    }
}
