using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// x87 arithmetic and comparisons: FADD/FSUB(R)/FMUL/FDIV(R) in all forms (precision control applies),
/// FSQRT, FRNDINT, FSCALE, FXTRACT, FPREM/FPREM1, FCHS/FABS, FCOM/FUCOM/FICOM/FTST/FCOMI/FUCOMI, FXAM.
/// </summary>
public sealed partial class X86Cpu
{
    private enum FpOp { Add, Sub, Mul, Div }

    private void FpArith(ref Instruction i, FpOp op, bool reverse, bool pop)
    {
        BeginFp(ref i);
        var env = NewEnv(true);
        int dst;
        Float80 a, b;
        bool empty;
        if (i.Op0Kind == OpKind.Memory)
        {
            dst = 0;
            b = ReadFpMemory(ref i, ref env);
            empty = _fpu.IsEmpty(0);
            a = _fpu.St(0);
        }
        else
        {
            int src;
            if (i.OpCount == 0)
            {
                dst = 1;
                src = 0;
            }
            else if (i.OpCount == 1)
            {
                dst = 0;
                src = StIndex(i.Op0Register);
            }
            else
            {
                dst = StIndex(i.Op0Register);
                src = StIndex(i.Op1Register);
            }
            empty = _fpu.IsEmpty(dst) || _fpu.IsEmpty(src);
            a = _fpu.St(dst);
            b = _fpu.St(src);
        }
        if (empty)
        {
            if (!StackFault(overflow: false))
                return;
            _fpu.SetSt(dst, Float80.DefaultNaN);
        }
        else
        {
            if (reverse)
                (a, b) = (b, a);
            Float80 r = op switch
            {
                FpOp.Add => Float80Math.Add(a, b, ref env),
                FpOp.Sub => Float80Math.Sub(a, b, ref env),
                FpOp.Mul => Float80Math.Mul(a, b, ref env),
                _ => Float80Math.Div(a, b, ref env),
            };
            if (!Deliver(ref env))
                return;
            _fpu.SetSt(dst, r);
        }
        if (pop)
            _fpu.Pop();
    }

    private bool FpTopOrFault()
    {
        if (!_fpu.IsEmpty(0))
            return true;
        if (StackFault(overflow: false))
            _fpu.SetSt(0, Float80.DefaultNaN);
        return false;
    }

    private void FpSqrt(ref Instruction i)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        Float80 v = _fpu.St(0);
        var env = NewEnv(true);
        Float80 r = Float80Math.Sqrt(v, ref env);
        // QEMU sets C2 (and clears C0, C3) for a negative operand; the SDM leaves C0, C2, C3 undefined.
        if (v.Sign)
            SetConditions(X87State.StatusC2);
        if (Deliver(ref env))
            _fpu.SetSt(0, r);
    }

    private void FpRoundToInt(ref Instruction i)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        var env = NewEnv(false);
        Float80 r = Float80Math.RoundToInt(_fpu.St(0), ref env);
        if (Deliver(ref env))
            _fpu.SetSt(0, r);
    }

    private void FpChangeSign(ref Instruction i, bool abs)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
        Float80 v = _fpu.St(0);
        _fpu.SetSt(0, abs ? v.Abs() : v.Negate());
    }

    /// <summary>FSCALE: ST(0) * 2^trunc(ST(1)), by QEMU's rules for the special operands.</summary>
    private void FpScale(ref Instruction i)
    {
        BeginFp(ref i);
        if (_fpu.IsEmpty(0) || _fpu.IsEmpty(1))
        {
            if (StackFault(overflow: false))
                _fpu.SetSt(0, Float80.DefaultNaN);
            return;
        }
        Float80 a = _fpu.St(0), b = _fpu.St(1);
        var env = NewEnv(false);
        Float80 r;
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
            r = Float80Math.InvalidResult(ref env);
        else if (b.IsNaN)
            r = QuietWithFlag(a, b, ref env);
        else if (b.IsInfinity && !a.IsNaN)
        {
            if (b.Sign)
                r = a.IsInfinity ? Float80Math.InvalidResult(ref env) : new Float80(a.Sign, 0, 0);
            else
                r = a.IsZero ? Float80Math.InvalidResult(ref env) : Float80.Infinity.WithSign(a.Sign);
        }
        else
        {
            Float80Math.RaiseDenormal(a, b, ref env);
            var trunc = new FloatEnvironment(RoundingMode.TowardZero);
            long n = ScaleCount(b, ref trunc);
            r = Float80Math.Scale(a, (int)n, 64, ref env);
        }
        if (Deliver(ref env))
            _fpu.SetSt(0, r);
    }

    /// <summary>ST(1) is a NaN: it becomes the result (quieted); an SNaN in either operand raises IE.</summary>
    private static Float80 QuietWithFlag(Float80 a, Float80 b, ref FloatEnvironment env)
    {
        if (a.IsSignalingNaN || b.IsSignalingNaN)
            env.Raise(FloatFlags.Invalid);
        return b.Quieted();
    }

    /// <summary>trunc(ST(1)) saturated to a 32-bit integer, as QEMU's floatx80_to_int32_round_to_zero.</summary>
    private static long ScaleCount(Float80 b, ref FloatEnvironment env)
    {
        if (b.IsZero)
            return 0;
        Float80 t = Float80Math.RoundToInt(b, ref env);
        if (t.IsZero)
            return 0;
        int e = t.Exponent - Float80.Bias;
        if (e >= 31)
            return t.Sign ? int.MinValue : int.MaxValue;
        long m = (long)(t.Significand >> (63 - e));
        return t.Sign ? -m : m;
    }

    /// <summary>FXTRACT: ST(0) becomes the exponent, then the significand (exponent 3FFFh) is pushed.</summary>
    private void FpExtract(ref Instruction i)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        if (!_fpu.IsEmpty(7))
        {
            if (StackFault(overflow: true))
            {
                _fpu.SetSt(0, Float80.DefaultNaN);
                _fpu.Push(Float80.DefaultNaN);
            }
            return;
        }
        Float80 v = _fpu.St(0);
        var env = NewEnv(false);
        Float80 exponent, significand;
        if (v.IsZero)
        {
            env.Raise(FloatFlags.DivideByZero);
            exponent = Float80.NegativeInfinity;
            significand = v;
        }
        else if (v.IsInvalidEncoding)
        {
            exponent = significand = Float80Math.InvalidResult(ref env);
        }
        else if (v.IsNaN)
        {
            exponent = significand = Float80Math.PickNaN(v, v, ref env);
        }
        else if (v.IsInfinity)
        {
            exponent = Float80.Infinity;
            significand = v;
        }
        else
        {
            Float80Math.RaiseDenormal(v, v, ref env);
            int e = Float80Math.NormalizedExponent(v, out ulong sig);
            exponent = Float80Math.FromInt64(e - Float80.Bias);
            significand = new Float80(v.Sign, Float80.Bias, sig);
        }
        if (!Deliver(ref env))
            return;
        _fpu.SetSt(0, exponent);
        _fpu.Push(significand);
    }

    /// <summary>
    /// FPREM/FPREM1: exact remainder when the exponents differ by less than 64 (C0, C3, C1 = quotient bits
    /// 2, 1, 0; C2 = 0); otherwise a partial remainder by 2^(32 + diff mod 32) fewer bits with C2 = 1
    /// (AMD APM Vol. 5 and QEMU; the partial step truncates for both).
    /// </summary>
    private void FpRemainder(ref Instruction i, bool truncate)
    {
        BeginFp(ref i);
        if (_fpu.IsEmpty(0) || _fpu.IsEmpty(1))
        {
            if (StackFault(overflow: false))
                _fpu.SetSt(0, Float80.DefaultNaN);
            return;
        }
        Float80 a = _fpu.St(0), b = _fpu.St(1);
        var env = NewEnv(false);
        ushort c = 0;
        Float80 r;
        ulong q;
        bool special = a.IsZero || b.IsZero || a.Exponent == Float80.MaxExponent || b.Exponent == Float80.MaxExponent
            || a.IsInvalidEncoding || b.IsInvalidEncoding;
        if (special)
        {
            r = Float80Math.Remainder(a, b, truncate, ref env, out _);
        }
        else
        {
            int ea = Float80Math.NormalizedExponent(a, out _), eb = Float80Math.NormalizedExponent(b, out _);
            int diff = ea - eb;
            if (diff < 64)
            {
                r = Float80Math.Remainder(a, b, truncate, ref env, out q);
                if ((q & 4) != 0) c |= X87State.StatusC0;
                if ((q & 2) != 0) c |= X87State.StatusC3;
                if ((q & 1) != 0) c |= X87State.StatusC1;
            }
            else
            {
                int n = 32 + diff % 32;
                var scaleEnv = new FloatEnvironment(env.Mode);
                Float80 scaled = Float80Math.Scale(b, diff - n, 64, ref scaleEnv);
                r = Float80Math.Remainder(a, scaled, true, ref env, out _);
                c = X87State.StatusC2;
            }
        }
        if (!Deliver(ref env))
            return;
        SetConditions(c);
        _fpu.SetSt(0, r);
    }

    // ---- comparisons ----

    private static ushort ConditionCodes(FloatRelation rel) => rel switch
    {
        FloatRelation.Less => X87State.StatusC0,
        FloatRelation.Equal => X87State.StatusC3,
        FloatRelation.Greater => 0,
        _ => X87State.StatusC0 | X87State.StatusC2 | X87State.StatusC3,
    };

    /// <summary>FCOM/FCOMP/FCOMPP/FUCOM*/FICOM*/FTST: C3 C2 C0 from the relation, C1 = 0.</summary>
    private void FpCompare(ref Instruction i, bool quiet, int pops, bool withZero = false)
    {
        BeginFp(ref i);
        var env = NewEnv(false);
        Float80 b;
        bool empty = _fpu.IsEmpty(0);
        if (withZero)
        {
            b = Float80.Zero;
        }
        else if (i.Op0Kind == OpKind.Memory)
        {
            b = ReadFpMemory(ref i, ref env);
        }
        else
        {
            int k = i.OpCount == 0 ? 1 : StIndex(i.OpCount == 2 ? i.Op1Register : i.Op0Register);
            empty |= _fpu.IsEmpty(k);
            b = _fpu.St(k);
        }
        if (empty)
        {
            if (!StackFault(overflow: false))
                return;
            SetConditions(ConditionCodes(FloatRelation.Unordered));
        }
        else
        {
            FloatRelation rel = Float80Math.Compare(_fpu.St(0), b, quiet, ref env);
            bool ok = Deliver(ref env);
            SetConditions(ConditionCodes(rel));
            if (!ok)
                return;
        }
        for (int k = 0; k < pops; k++)
            _fpu.Pop();
    }

    /// <summary>FCOMI/FCOMIP/FUCOMI/FUCOMIP: ZF PF CF from the relation, OF SF AF cleared (SDM Vol. 2).</summary>
    private void FpCompareEflags(ref Instruction i, bool quiet, bool pop)
    {
        BeginFp(ref i);
        int k = StIndex(i.Op1Register);
        FloatRelation rel;
        bool ok = true;
        if (_fpu.IsEmpty(0) || _fpu.IsEmpty(k))
        {
            ok = StackFault(overflow: false);
            rel = FloatRelation.Unordered;
        }
        else
        {
            var env = NewEnv(false);
            rel = Float80Math.Compare(_fpu.St(0), _fpu.St(k), quiet, ref env);
            ok = Deliver(ref env);
            _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
        }
        SetFlag(FlagZf, rel is FloatRelation.Equal or FloatRelation.Unordered);
        SetFlag(FlagPf, rel == FloatRelation.Unordered);
        SetFlag(FlagCf, rel is FloatRelation.Less or FloatRelation.Unordered);
        SetFlag(FlagOf, false);
        SetFlag(FlagSf, false);
        SetFlag(FlagAf, false);
        if (ok && pop)
            _fpu.Pop();
    }

    /// <summary>FXAM: C1 = sign; C3 C2 C0 = class (unsupported 000, NaN 001, normal 010, infinity 011, zero 100, empty 101, denormal 110).</summary>
    private void FpExamine(ref Instruction i)
    {
        BeginFp(ref i);
        Float80 v = _fpu.St(0);
        ushort c = v.Sign ? X87State.StatusC1 : (ushort)0;
        if (_fpu.IsEmpty(0))
            c |= X87State.StatusC3 | X87State.StatusC0;
        else if (v.Exponent == Float80.MaxExponent)
            c |= v.IsInfinity ? (ushort)(X87State.StatusC2 | X87State.StatusC0) : (v.Significand & Float80.IntegerBit) != 0 ? X87State.StatusC0 : (ushort)0;
        else if (v.Exponent == 0)
            c |= v.Significand == 0 ? X87State.StatusC3 : (ushort)(X87State.StatusC3 | X87State.StatusC2);
        else if ((v.Significand & Float80.IntegerBit) != 0)
            c |= X87State.StatusC2;
        SetConditions(c);
    }
}
