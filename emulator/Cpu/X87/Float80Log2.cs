using static PcEmu.Cpu.X87.WideArithmetic;

namespace PcEmu.Cpu.X87;

/// <summary>
/// FYL2X (y * log2 x) and FYL2XP1 (y * log2(x + 1)) with the algorithms of QEMU's helper_fyl2x and
/// helper_fyl2xp1: log2 of a value in [sqrt(2)/2, sqrt(2)] from a polynomial in u = a/(2 + a) (odd powers
/// of log2((1 + u)/(1 - u))), the integer part of the exponent added in fixed point, the product with
/// y rounded once. Same constants and steps as QEMU, so the results agree bit for bit.
/// </summary>
public static partial class Float80Math
{
    private const ulong Log2ESigHigh = 0xb8aa3b295c17f0bb, Log2ESigLow = 0xbe87fed0691d3e89;

    private static readonly Float80 Fyl2xCoeff0 = new(0x4000, 0xb8aa3b295c17f0bc);
    private static readonly Float80 Fyl2xCoeff0Low = new(0xbfbf, 0x834972fe2d7bab1b);
    private static readonly Float80[] Fyl2xCoeffs =
    {
        new(0x3ffe, 0xf6384ee1d01febb8), new(0x3ffe, 0x93bb62877cdfa2e3), new(0x3ffd, 0xd30bb153d808f269),
        new(0x3ffd, 0xa42589eaf451499e), new(0x3ffd, 0x864d42c0f8f17517), new(0x3ffc, 0xe3476578adf26272),
        new(0x3ffc, 0xc506c5f874e6d80f), new(0x3ffc, 0xac5cf50cc57d6372), new(0x3ffc, 0xb1ed0066d971a103),
    };

    /// <summary>log2(1 + a) for 1 + a in [sqrt(2)/2, sqrt(2)], a not zero: exponent and 128-bit significand.</summary>
    private static void Log2OnePlus(Float80 arg, out int exp, out ulong sig0, out ulong sig1)
    {
        ulong arg0Sig = arg.Significand;
        int arg0Exp = arg.Exponent;
        int dexp;
        ulong dsig0, dsig1;
        if (arg.Sign)
        {
            dexp = 0x3fff;
            Shift128RightJamming(arg0Sig, 0, dexp - arg0Exp, out dsig0, out dsig1);
            Sub128(0, 0, dsig0, dsig1, out dsig0, out dsig1);
        }
        else
        {
            dexp = 0x4000;
            Shift128RightJamming(arg0Sig, 0, dexp - arg0Exp, out dsig0, out dsig1);
            dsig0 |= 0x8000000000000000;
        }
        int texp = arg0Exp - dexp + 0x3ffe;
        ulong rsig0 = arg0Sig, rsig1 = 0, rsig2 = 0;
        if (dsig0 <= rsig0)
        {
            Shift128Right(rsig0, rsig1, 1, out rsig0, out rsig1);
            ++texp;
        }
        ulong tsig0 = EstimateDiv128To64(rsig0, rsig1, dsig0);
        Mul128By64To192(dsig0, dsig1, tsig0, out ulong msig0, out ulong msig1, out ulong msig2);
        Sub192(rsig0, rsig1, rsig2, msig0, msig1, msig2, out rsig0, out rsig1, out rsig2);
        while ((long)rsig0 < 0)
        {
            --tsig0;
            Add192(rsig0, rsig1, rsig2, 0, dsig0, dsig1, out rsig0, out rsig1, out rsig2);
        }
        ulong tsig1 = EstimateDiv128To64(rsig1, rsig2, dsig0);
        Mul128To256(tsig0, tsig1, tsig0, tsig1, out ulong t2sig0, out ulong t2sig1, out _, out _);
        var work = new FloatEnvironment(RoundingMode.NearestEven);
        Float80 t2 = NormalizeRoundPack(false, texp + texp - 0x3ffe, new UInt128(t2sig0, t2sig1), 64, ref work);

        Float80 accum = Mul(Fyl2xCoeffs[8], t2, ref work);
        for (int k = 7; k >= 0; k--)
        {
            accum = Add(Fyl2xCoeffs[k], accum, ref work);
            accum = Mul(accum, t2, ref work);
        }
        accum = Add(Fyl2xCoeff0Low, accum, ref work);

        int aexp = Fyl2xCoeff0.Exponent;
        Shift128RightJamming(accum.Significand, 0, aexp - accum.Exponent, out ulong asig0, out ulong asig1);
        ulong bsig0 = Fyl2xCoeff0.Significand, bsig1 = 0;
        if (Fyl2xCoeff0.Sign == accum.Sign)
            Add128(bsig0, bsig1, asig0, asig1, out asig0, out asig1);
        else
            Sub128(bsig0, bsig1, asig0, asig1, out asig0, out asig1);
        Mul128To256(asig0, asig1, tsig0, tsig1, out asig0, out asig1, out _, out _);
        aexp += texp - 0x3ffe;
        exp = aexp;
        sig0 = asig0;
        sig1 = asig1;
    }

    private static void NormalizeSubnormal(ref int exp, ref ulong sig)
    {
        if (exp == 0)
        {
            int shift = Clz64(sig);
            sig <<= shift;
            exp = 1 - shift;
        }
    }

    /// <summary>FYL2XP1: <paramref name="y"/> * log2(<paramref name="x"/> + 1); the NaN/invalid/special cases as QEMU orders them.</summary>
    public static Float80 Fyl2xp1(Float80 x, Float80 y, ref FloatEnvironment env)
    {
        ulong arg0Sig = x.Significand, arg1Sig = y.Significand;
        int arg0Exp = x.Exponent, arg1Exp = y.Exponent;
        bool arg0Sign = x.Sign, arg1Sign = y.Sign;
        if (NaNOrInvalidOperand(x, y, ref env) is { } special)
            return special;
        if (arg0Exp > 0x3ffd || (arg0Exp == 0x3ffd && arg0Sig > (arg0Sign ? 0x95f619980c4336f7UL : 0xd413cccfe7799211UL)))
            return InvalidResult(ref env);
        if (x.IsZero || y.IsZero || arg1Exp == 0x7fff)
        {
            var mulEnv = new FloatEnvironment(env.Mode, env.Precision);
            Float80 r = Mul(x, y, ref mulEnv);
            env.Raise(mulEnv.Flags & ~FloatFlags.Denormal);
            env.RoundedUp = mulEnv.RoundedUp;
            return r;
        }
        if (arg0Exp < 0x3fb0)
        {
            NormalizeSubnormal(ref arg0Exp, ref arg0Sig);
            NormalizeSubnormal(ref arg1Exp, ref arg1Sig);
            Mul128By64To192(Log2ESigHigh, Log2ESigLow, arg0Sig, out ulong s0, out ulong s1, out _);
            int e = arg0Exp + 1;
            Mul128By64To192(s0, s1, arg1Sig, out s0, out s1, out _);
            e += arg1Exp - 0x3ffe;
            s1 |= 1;
            return NormalizeRoundPack(arg0Sign ^ arg1Sign, e, new UInt128(s0, s1), 64, ref env);
        }
        Log2OnePlus(x, out int aexp, out ulong asig0, out ulong asig1);
        NormalizeSubnormal(ref arg1Exp, ref arg1Sig);
        Mul128By64To192(asig0, asig1, arg1Sig, out asig0, out asig1, out _);
        aexp += arg1Exp - 0x3ffe;
        asig1 |= 1;
        return NormalizeRoundPack(arg0Sign ^ arg1Sign, aexp, new UInt128(asig0, asig1), 64, ref env);
    }

    /// <summary>FYL2X: <paramref name="y"/> * log2(<paramref name="x"/>).</summary>
    public static Float80 Fyl2x(Float80 x, Float80 y, ref FloatEnvironment env)
    {
        ulong arg0Sig = x.Significand, arg1Sig = y.Significand;
        int arg0Exp = x.Exponent, arg1Exp = y.Exponent;
        bool arg0Sign = x.Sign, arg1Sign = y.Sign;
        if (NaNOrInvalidOperand(x, y, ref env) is { } special)
            return special;
        if (arg0Sign && !x.IsZero)
            return InvalidResult(ref env);
        var cmpEnv = new FloatEnvironment(RoundingMode.NearestEven);
        if (y.IsInfinity)
        {
            FloatRelation cmp = Compare(x, Float80.One, false, ref cmpEnv);
            return cmp switch
            {
                FloatRelation.Less => y.Negate(),
                FloatRelation.Greater => y,
                _ => InvalidResult(ref env),
            };
        }
        if (x.IsInfinity)
        {
            if (y.IsZero)
                return InvalidResult(ref env);
            return arg1Sign ? x.Negate() : x;
        }
        if (x.IsZero)
        {
            if (y.IsZero)
                return InvalidResult(ref env);
            env.Raise(FloatFlags.DivideByZero);
            return new Float80(arg1Sign ? (ushort)0x7fff : (ushort)0xffff, Float80.IntegerBit);
        }
        if (y.IsZero)
            return Compare(x, Float80.One, false, ref cmpEnv) == FloatRelation.Less ? y.Negate() : y;
        if (Compare(x, Float80.One, false, ref cmpEnv) == FloatRelation.Equal)
            return new Float80(arg1Sign, 0, 0);

        var work = new FloatEnvironment(RoundingMode.NearestEven);
        NormalizeSubnormal(ref arg0Exp, ref arg0Sig);
        NormalizeSubnormal(ref arg1Exp, ref arg1Sig);
        int intExp = arg0Exp - 0x3fff;
        if (arg0Sig > 0xb504f333f9de6484UL)
            ++intExp;
        Float80 arg0M1 = Sub(Scale(x, -intExp, 64, ref work), Float80.One, ref work);
        if (arg0M1.IsZero)
        {
            // An exact power of two: the integer exponent times y, rounded in the caller's mode.
            var mulEnv = new FloatEnvironment(env.Mode);
            Float80 r = Mul(FromInt64(intExp), y, ref mulEnv);
            env.Raise((work.Flags | mulEnv.Flags) & ~FloatFlags.Denormal);
            env.RoundedUp = mulEnv.RoundedUp;
            return r;
        }
        bool asign = arg0M1.Sign;
        Log2OnePlus(arg0M1, out int aexp, out ulong asig0, out ulong asig1);
        if (intExp != 0)
        {
            bool isign = intExp < 0;
            int magnitude = isign ? -intExp : intExp;
            int shift = Clz32((uint)magnitude) + 32;
            ulong isig = (ulong)magnitude << shift;
            int iexp = 0x403e - shift;
            Shift128RightJamming(asig0, asig1, iexp - aexp, out asig0, out asig1);
            if (asign == isign)
                Add128(isig, 0, asig0, asig1, out asig0, out asig1);
            else
                Sub128(isig, 0, asig0, asig1, out asig0, out asig1);
            aexp = iexp;
            asign = isign;
        }
        Mul128By64To192(asig0, asig1, arg1Sig, out asig0, out asig1, out _);
        aexp += arg1Exp - 0x3ffe;
        asig1 |= 1;
        env.Raise(work.Flags & ~FloatFlags.Denormal);
        return NormalizeRoundPack(asign ^ arg1Sign, aexp, new UInt128(asig0, asig1), 64, ref env);
    }

    /// <summary>
    /// The operand checks QEMU's two-operand transcendentals (FYL2X, FYL2XP1, FPATAN) make first, in
    /// its order: a signaling NaN (first operand first) raises IE and is returned quieted; an invalid
    /// encoding (unnormal, pseudo-NaN, pseudo-infinity) gives the default NaN; a quiet NaN is returned
    /// as it is. Null when both operands are ordinary.
    /// </summary>
    private static Float80? NaNOrInvalidOperand(Float80 first, Float80 second, ref FloatEnvironment env)
    {
        if (IsSignalingAny(first))
            return InvalidQuiet(first, ref env);
        if (IsSignalingAny(second))
            return InvalidQuiet(second, ref env);
        if (first.IsInvalidEncoding || second.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (IsAnyNaN(first))
            return first;
        if (IsAnyNaN(second))
            return second;
        return null;
    }

    /// <summary>QEMU's floatx80_is_any_nan: exponent 7FFFh and a non-zero fraction (integer bit ignored).</summary>
    private static bool IsAnyNaN(Float80 a) => a.Exponent == Float80.MaxExponent && (a.Significand << 1) != 0;

    /// <summary>QEMU's floatx80_is_signaling_nan also accepts a pseudo-SNaN; silencing sets the quiet bit only.</summary>
    private static Float80 InvalidQuiet(Float80 a, ref FloatEnvironment env)
    {
        env.Raise(FloatFlags.Invalid);
        return a.Quieted();
    }
}
