using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// SSE/SSE2 floating point: scalar and packed ADD SUB MUL DIV SQRT MIN MAX, CMPxx (all 8 predicates),
/// (U)COMISS/SD, and the conversions. Arithmetic is host IEEE (round to nearest); conversions to
/// integers honour MXCSR.RC and give the "integer indefinite" 0x80000000 when out of range or NaN.
/// MIN/MAX return the second operand when either is NaN or both are zero, as the hardware does.
/// </summary>
public sealed partial class X86Cpu
{
    private const int FAdd = 0, FSub = 1, FMul = 2, FDiv = 3, FMin = 4, FMax = 5, FSqrt = 6;

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

            case Mnemonic.Cmpsd: CheckSse(); CmpScalarD(ref i); return true;
            case Mnemonic.Cmpss: CheckSse(); CmpScalarS(ref i); return true;
            case Mnemonic.Cmppd: CheckSse(); CmpPackedD(ref i); return true;
            case Mnemonic.Cmpps: CheckSse(); CmpPackedS(ref i); return true;
            case Mnemonic.Ucomisd: case Mnemonic.Comisd:
                CheckSse(); CompareFlags(D(XmmLo(XmmOf(i.Op0Register))), D(ReadX64(ref i, 1))); return true;
            case Mnemonic.Ucomiss: case Mnemonic.Comiss:
                CheckSse(); CompareFlags(S((uint)XmmLo(XmmOf(i.Op0Register))), S(ReadX32(ref i, 1))); return true;

            case Mnemonic.Cvtsi2sd: CheckSse(); SetLowD(XmmOf(i.Op0Register), (int)ReadX32(ref i, 1)); return true;
            case Mnemonic.Cvtsi2ss: CheckSse(); SetLowS(XmmOf(i.Op0Register), (int)ReadX32(ref i, 1)); return true;
            case Mnemonic.Cvtsd2ss: CheckSse(); SetLowS(XmmOf(i.Op0Register), (float)D(ReadX64(ref i, 1))); return true;
            case Mnemonic.Cvtss2sd: CheckSse(); SetLowD(XmmOf(i.Op0Register), S(ReadX32(ref i, 1))); return true;
            case Mnemonic.Cvttsd2si: CheckSse(); WriteReg(i.Op0Register, ToInt32(D(ReadX64(ref i, 1)), truncate: true)); return true;
            case Mnemonic.Cvttss2si: CheckSse(); WriteReg(i.Op0Register, ToInt32(S(ReadX32(ref i, 1)), truncate: true)); return true;
            case Mnemonic.Cvtsd2si: CheckSse(); WriteReg(i.Op0Register, ToInt32(D(ReadX64(ref i, 1)), truncate: false)); return true;
            case Mnemonic.Cvtss2si: CheckSse(); WriteReg(i.Op0Register, ToInt32(S(ReadX32(ref i, 1)), truncate: false)); return true;
            case Mnemonic.Cvttpd2dq: case Mnemonic.Cvtpd2dq:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                bool t = i.Mnemonic == Mnemonic.Cvttpd2dq;
                SetXmm(XmmOf(i.Op0Register), ToInt32(D(lo), t) | (ulong)ToInt32(D(hi), t) << 32, 0);
                return true;
            }
            case Mnemonic.Cvttps2dq: case Mnemonic.Cvtps2dq:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                bool t = i.Mnemonic == Mnemonic.Cvttps2dq;
                ulong rlo = ToInt32(S((uint)lo), t) | (ulong)ToInt32(S((uint)(lo >> 32)), t) << 32;
                ulong rhi = ToInt32(S((uint)hi), t) | (ulong)ToInt32(S((uint)(hi >> 32)), t) << 32;
                SetXmm(XmmOf(i.Op0Register), rlo, rhi);
                return true;
            }
            case Mnemonic.Cvtdq2pd:
            {
                CheckSse();
                ulong v = ReadX64(ref i, 1);
                SetXmm(XmmOf(i.Op0Register), Bits((double)(int)(uint)v), Bits((double)(int)(uint)(v >> 32)));
                return true;
            }
            case Mnemonic.Cvtdq2ps:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                SetXmm(XmmOf(i.Op0Register), PackS((int)(uint)lo, (int)(uint)(lo >> 32)), PackS((int)(uint)hi, (int)(uint)(hi >> 32)));
                return true;
            }
            case Mnemonic.Cvtps2pd:
            {
                CheckSse();
                ulong v = ReadX64(ref i, 1);
                SetXmm(XmmOf(i.Op0Register), Bits((double)S((uint)v)), Bits((double)S((uint)(v >> 32))));
                return true;
            }
            case Mnemonic.Cvtpd2ps:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                SetXmm(XmmOf(i.Op0Register), PackS((float)D(lo), (float)D(hi)), 0);
                return true;
            }
        }
        return false;
    }

    private static double D(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);
    private static float S(uint bits) => BitConverter.Int32BitsToSingle((int)bits);
    private static ulong Bits(double d) => (ulong)BitConverter.DoubleToInt64Bits(d);
    private static uint Bits(float f) => (uint)BitConverter.SingleToInt32Bits(f);
    private static ulong PackS(float a, float b) => Bits(a) | (ulong)Bits(b) << 32;

    private void SetLowD(int x, double v) => Xmm[2 * x] = Bits(v);

    private void SetLowS(int x, float v) => Xmm[2 * x] = (Xmm[2 * x] & 0xFFFF_FFFF_0000_0000) | Bits(v);

    private static double OpD(int op, double a, double b) => op switch
    {
        FAdd => a + b,
        FSub => a - b,
        FMul => a * b,
        FDiv => a / b,
        FMin => a < b ? a : b,
        FMax => a > b ? a : b,
        _ => Math.Sqrt(b),
    };

    private static float OpS(int op, float a, float b) => op switch
    {
        FAdd => a + b,
        FSub => a - b,
        FMul => a * b,
        FDiv => a / b,
        FMin => a < b ? a : b,
        FMax => a > b ? a : b,
        _ => MathF.Sqrt(b),
    };

    private void ScalarD(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        double b = D(ReadX64(ref i, 1));
        SetLowD(d, OpD(op, D(XmmLo(d)), b));
    }

    private void ScalarS(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        float b = S(ReadX32(ref i, 1));
        SetLowS(d, OpS(op, S((uint)XmmLo(d)), b));
    }

    private void PackedD(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        SetXmm(d, Bits(OpD(op, D(XmmLo(d)), D(lo))), Bits(OpD(op, D(XmmHi(d)), D(hi))));
    }

    private void PackedS(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        ulong a = XmmLo(d), b = XmmHi(d);
        ulong rlo = PackS(OpS(op, S((uint)a), S((uint)lo)), OpS(op, S((uint)(a >> 32)), S((uint)(lo >> 32))));
        ulong rhi = PackS(OpS(op, S((uint)b), S((uint)hi)), OpS(op, S((uint)(b >> 32)), S((uint)(hi >> 32))));
        SetXmm(d, rlo, rhi);
    }

    /// <summary>CMPPS/CMPSS predicates 0-7: EQ LT LE UNORD NEQ NLT NLE ORD.</summary>
    private static bool Predicate(int p, double a, double b) => (p & 7) switch
    {
        0 => a == b,
        1 => a < b,
        2 => a <= b,
        3 => double.IsNaN(a) || double.IsNaN(b),
        4 => !(a == b),
        5 => !(a < b),
        6 => !(a <= b),
        _ => !double.IsNaN(a) && !double.IsNaN(b),
    };

    private void CmpScalarD(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        bool r = Predicate(i.Immediate8, D(XmmLo(d)), D(ReadX64(ref i, 1)));
        Xmm[2 * d] = r ? ulong.MaxValue : 0;
    }

    private void CmpScalarS(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        bool r = Predicate(i.Immediate8, S((uint)XmmLo(d)), S(ReadX32(ref i, 1)));
        Xmm[2 * d] = (Xmm[2 * d] & 0xFFFF_FFFF_0000_0000) | (r ? 0xFFFF_FFFFu : 0u);
    }

    private void CmpPackedD(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int p = i.Immediate8;
        SetXmm(d, Predicate(p, D(XmmLo(d)), D(lo)) ? ulong.MaxValue : 0, Predicate(p, D(XmmHi(d)), D(hi)) ? ulong.MaxValue : 0);
    }

    private void CmpPackedS(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int p = i.Immediate8;
        ulong a = XmmLo(d), b = XmmHi(d);
        static ulong Lane(int p, ulong x, ulong y, int sh) => Predicate(p, S((uint)(x >> sh)), S((uint)(y >> sh))) ? 0xFFFF_FFFFul << sh : 0;
        SetXmm(d, Lane(p, a, lo, 0) | Lane(p, a, lo, 32), Lane(p, b, hi, 0) | Lane(p, b, hi, 32));
    }

    /// <summary>(U)COMIS*: ZF PF CF = 111 unordered, 000 greater, 001 less, 100 equal; OF SF AF cleared.</summary>
    private void CompareFlags(double a, double b)
    {
        uint f;
        if (double.IsNaN(a) || double.IsNaN(b)) f = FlagZf | FlagPf | FlagCf;
        else if (a > b) f = 0;
        else if (a < b) f = FlagCf;
        else f = FlagZf;
        SetStatusFlags(f);
    }

    /// <summary>Converts to int32 with truncation or MXCSR.RC; NaN and out-of-range give 0x80000000.</summary>
    private uint ToInt32(double v, bool truncate)
    {
        if (double.IsNaN(v))
            return 0x8000_0000;
        double r = truncate ? Math.Truncate(v) : ((Mxcsr >> 13) & 3) switch
        {
            0 => Math.Round(v, MidpointRounding.ToEven),
            1 => Math.Floor(v),
            2 => Math.Ceiling(v),
            _ => Math.Truncate(v),
        };
        if (r < int.MinValue || r > int.MaxValue)
            return 0x8000_0000;
        return (uint)(int)r;
    }
}
