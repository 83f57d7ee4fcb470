namespace PcEmu.Cpu.X87;

/// <summary>
/// Correctly rounded add, subtract, multiply, divide and square root on <see cref="Float80"/> (SDM Vol. 1,
/// 4.8 and 8.5): the exact result is formed in 128 bits with a sticky bit and rounded once. Operands
/// with an invalid encoding give the real indefinite with IE; NaNs propagate by the x87 rule (a QNaN
/// beats an SNaN, otherwise the larger significand, SDM Vol. 1, table 4-7); denormal operands set DE.
/// </summary>
public static partial class Float80Math
{
    public static Float80 Add(Float80 a, Float80 b, ref FloatEnvironment env) => AddSub(a, b, false, ref env);

    public static Float80 Sub(Float80 a, Float80 b, ref FloatEnvironment env) => AddSub(a, b, true, ref env);

    private static Float80 AddSub(Float80 a, Float80 b, bool subtract, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN || b.IsNaN)
            return PickNaN(a, b, ref env);
        RaiseDenormal(a, b, ref env);
        bool aSign = a.Sign, bSign = b.Sign ^ subtract;
        if (a.IsInfinity)
        {
            if (b.IsInfinity && aSign != bSign)
                return InvalidResult(ref env);
            return a;
        }
        if (b.IsInfinity)
            return Float80.Infinity.WithSign(bSign);
        if (a.IsZero && b.IsZero)
            return new Float80(aSign == bSign ? aSign : env.Mode == RoundingMode.Down, 0, 0);
        if (a.IsZero)
            return RepackOperand(bSign, b, ref env);
        if (b.IsZero)
            return RepackOperand(aSign, a, ref env);

        Unpack(a, out int ea, out ulong sa);
        Unpack(b, out int eb, out ulong sb);
        if (ea < eb || (ea == eb && sa < sb))
        {
            (ea, eb) = (eb, ea);
            (sa, sb) = (sb, sa);
            (aSign, bSign) = (bSign, aSign);
        }
        // Integer bit at bit 126: one bit of headroom for the carry, 63 guard bits below.
        UInt128 x = (UInt128)sa << 63;
        UInt128 y = ShiftRightJam((UInt128)sb << 63, ea - eb);
        UInt128 sum = aSign == bSign ? x + y : x - y;
        if (sum == UInt128.Zero)
            return new Float80(env.Mode == RoundingMode.Down, 0, 0);
        return NormalizeRoundPack(aSign, ea + 1, sum, env.Precision, ref env);
    }

    public static Float80 Mul(Float80 a, Float80 b, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN || b.IsNaN)
            return PickNaN(a, b, ref env);
        RaiseDenormal(a, b, ref env);
        bool sign = a.Sign ^ b.Sign;
        if (a.IsInfinity || b.IsInfinity)
        {
            if (a.IsZero || b.IsZero)
                return InvalidResult(ref env);
            return Float80.Infinity.WithSign(sign);
        }
        if (a.IsZero || b.IsZero)
            return new Float80(sign, 0, 0);
        Unpack(a, out int ea, out ulong sa);
        Unpack(b, out int eb, out ulong sb);
        ulong hi = Math.BigMul(sa, sb, out ulong lo);
        UInt128 p = new(hi, lo);
        // sa*sb/2^126 lies in [1, 4): bit 127 carries exponent ea+eb-bias+1.
        return NormalizeRoundPack(sign, ea + eb - Float80.Bias + 1, p, env.Precision, ref env);
    }

    public static Float80 Div(Float80 a, Float80 b, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN || b.IsNaN)
            return PickNaN(a, b, ref env);
        bool sign = a.Sign ^ b.Sign;
        if (a.IsInfinity)
        {
            if (b.IsInfinity)
                return InvalidResult(ref env);
            RaiseDenormal(b, b, ref env);
            return Float80.Infinity.WithSign(sign);
        }
        if (b.IsInfinity)
        {
            RaiseDenormal(a, a, ref env);
            return new Float80(sign, 0, 0);
        }
        if (b.IsZero)
        {
            if (a.IsZero)
                return InvalidResult(ref env);
            RaiseDenormal(a, a, ref env);
            env.Raise(FloatFlags.DivideByZero);
            return Float80.Infinity.WithSign(sign);
        }
        RaiseDenormal(a, b, ref env);
        if (a.IsZero)
            return new Float80(sign, 0, 0);
        Unpack(a, out int ea, out ulong sa);
        Unpack(b, out int eb, out ulong sb);
        int exp = ea - eb + Float80.Bias;
        UInt128 num;
        if (sa >= sb)
        {
            num = (UInt128)sa << 63;
        }
        else
        {
            num = (UInt128)sa << 64;
            exp--;
        }
        // Two 64-bit quotient digits: q1 in [2^63, 2^64), then 64 more bits and the sticky remainder.
        UInt128 q1 = num / sb;
        UInt128 r1 = num - q1 * sb;
        UInt128 num2 = r1 << 64;
        UInt128 q2 = num2 / sb;
        UInt128 r2 = num2 - q2 * sb;
        UInt128 q = (q1 << 64) | q2 | (r2 != UInt128.Zero ? UInt128.One : UInt128.Zero);
        return RoundPack(sign, exp, q, env.Precision, ref env);
    }

    public static Float80 Sqrt(Float80 a, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN)
            return PickNaN(a, a, ref env);
        if (a.IsZero)
            return a;
        if (a.Sign)
            return InvalidResult(ref env);
        if (a.IsInfinity)
            return a;
        RaiseDenormal(a, a, ref env);
        Unpack(a, out int ea, out ulong sa);
        // value = sa * 2^(ea - bias - 63); make the power of two even.
        int e = ea - Float80.Bias - 63;
        UInt128 radicand = sa;
        if ((e & 1) != 0)
        {
            radicand <<= 1;
            e--;
        }
        // Digit-by-digit square root of radicand * 4^n with n = 34: at least 66 root bits plus a sticky remainder.
        const int n = 34;
        int radicandBits = 128 - (int)UInt128.LeadingZeroCount(radicand);
        int pairs = (radicandBits + 1) / 2;
        UInt128 rem = UInt128.Zero, root = UInt128.Zero;
        for (int k = pairs - 1; k >= -n; k--)
        {
            uint pair = k >= 0 ? (uint)(radicand >> (2 * k)) & 3 : 0;
            rem = (rem << 2) | pair;
            UInt128 trial = (root << 2) | 1;
            root <<= 1;
            if (rem >= trial)
            {
                rem -= trial;
                root |= 1;
            }
        }
        int lz = (int)UInt128.LeadingZeroCount(root);
        UInt128 norm = (root << lz) | (rem != UInt128.Zero ? UInt128.One : UInt128.Zero);
        int exp = 127 - lz - n + e / 2 + Float80.Bias;
        return RoundPack(false, exp, norm, env.Precision, ref env);
    }

    /// <summary>An operand passed through an operation unchanged in value (x + 0): rounded to the precision, pseudo-denormals normalized.</summary>
    private static Float80 RepackOperand(bool sign, Float80 v, ref FloatEnvironment env)
    {
        Unpack(v, out int e, out ulong s);
        return RoundPack(sign, e, (UInt128)s << 64, env.Precision, ref env);
    }

    internal static void RaiseDenormal(Float80 a, Float80 b, ref FloatEnvironment env)
    {
        if (a.IsDenormal || b.IsDenormal)
            env.Raise(FloatFlags.Denormal);
    }

    internal static Float80 InvalidResult(ref FloatEnvironment env)
    {
        env.Raise(FloatFlags.Invalid);
        return Float80.DefaultNaN;
    }

    /// <summary>
    /// The NaN result of an operation with at least one NaN operand: a QNaN is preferred to an SNaN,
    /// between two of a kind the larger significand wins (ties: the positive one); SNaNs raise IE and come
    /// back quieted.
    /// </summary>
    internal static Float80 PickNaN(Float80 a, Float80 b, ref FloatEnvironment env)
    {
        if (a.IsSignalingNaN || b.IsSignalingNaN)
            env.Raise(FloatFlags.Invalid);
        Float80 r;
        if (!a.IsNaN)
            r = b;
        else if (!b.IsNaN)
            r = a;
        else if (a.IsQuietNaN != b.IsQuietNaN)
            r = a.IsQuietNaN ? a : b;
        else if (a.Significand != b.Significand)
            r = a.Significand > b.Significand ? a : b;
        else
            r = !a.Sign ? a : b;
        return r.Quieted();
    }
}
