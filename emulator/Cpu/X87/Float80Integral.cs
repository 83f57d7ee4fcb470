using System.Numerics;

namespace PcEmu.Cpu.X87;

/// <summary>
/// Round to integer (FRNDINT), partial remainder (FPREM/FPREM1, SDM Vol. 2 and AMD APM Vol. 5) and
/// scaling by a power of two (FSCALE).
/// </summary>
public static partial class Float80Math
{
    /// <summary>Rounds to an integral value by the environment's rounding mode; precision control does not apply.</summary>
    public static Float80 RoundToInt(Float80 a, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN)
            return PickNaN(a, a, ref env);
        if (a.IsInfinity || a.IsZero)
            return a;
        RaiseDenormal(a, a, ref env);
        Unpack(a, out int exp, out ulong sig);
        bool sign = a.Sign;
        if (exp >= Float80.Bias + 63)
            return new Float80(sign, exp, sig);
        if (exp < Float80.Bias)
        {
            // |a| < 1: the result is 0 or 1 in magnitude.
            env.Raise(FloatFlags.Precision);
            bool one = env.Mode switch
            {
                RoundingMode.NearestEven => exp == Float80.Bias - 1 && sig > Float80.IntegerBit,
                RoundingMode.Down => sign,
                RoundingMode.Up => !sign,
                _ => false,
            };
            env.RoundedUp = one;
            return one ? Float80.One.WithSign(sign) : new Float80(sign, 0, 0);
        }
        int fracBits = Float80.Bias + 63 - exp;
        ulong mask = (1UL << fracBits) - 1;
        ulong half = 1UL << (fracBits - 1);
        ulong frac = sig & mask;
        if (frac == 0)
            return new Float80(sign, exp, sig);
        env.Raise(FloatFlags.Precision);
        ulong inc = env.Mode switch
        {
            RoundingMode.NearestEven => frac == half && (sig & (mask + 1)) == 0 ? 0 : half,
            RoundingMode.Down => sign ? mask : 0,
            RoundingMode.Up => sign ? 0 : mask,
            _ => 0,
        };
        ulong r = sig + inc;
        bool carry = r < sig;
        r &= ~mask;
        env.RoundedUp = carry || r != (sig & ~mask);
        if (carry)
        {
            r = Float80.IntegerBit;
            exp++;
        }
        return new Float80(sign, exp, r);
    }

    /// <summary>
    /// The remainder of <paramref name="a"/> / <paramref name="b"/> as FPREM (quotient truncated,
    /// <paramref name="truncate"/>) or FPREM1 (quotient rounded to nearest even) compute it when the
    /// exponents differ by less than 64: exact, with the quotient's low three bits in <paramref name="quotient"/>.
    /// </summary>
    public static Float80 Remainder(Float80 a, Float80 b, bool truncate, ref FloatEnvironment env, out ulong quotient)
    {
        quotient = 0;
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN || b.IsNaN)
            return PickNaN(a, b, ref env);
        if (a.IsInfinity || b.IsZero)
            return InvalidResult(ref env);
        RaiseDenormal(a, b, ref env);
        if (a.IsZero)
            return a;
        if (b.IsInfinity)
            return NormalizePseudoDenormal(a);
        Unpack(a, out int ea, out ulong sa);
        Unpack(b, out int eb, out ulong sb);
        int d = ea - eb;
        if (d < -1 || (d == -1 && truncate))
            return NormalizePseudoDenormal(a);
        // Scale both by 2 so that d = -1 works too; r is in units of 2^(eb - 1 - bias - 63).
        UInt128 x = (UInt128)sa << (d + 1);
        UInt128 y = (UInt128)sb << 1;
        UInt128 q = x / y;
        UInt128 r = x - q * y;
        bool sign = a.Sign;
        if (!truncate)
        {
            UInt128 twice = r << 1;
            if (twice > y || (twice == y && (q & 1) != 0))
            {
                q++;
                r = y - r;
                sign = !sign;
            }
        }
        quotient = (ulong)(q & 0xFFFF_FFFF_FFFF_FFFF);
        if (r == UInt128.Zero)
            return new Float80(a.Sign, 0, 0);
        // r's bit 63 carries exponent eb - 1, so bit 127 carries eb - 1 + 64.
        return NormalizeRoundPack(sign, eb - 1 + 64, r, 64, ref env);
    }

    private static Float80 NormalizePseudoDenormal(Float80 a) =>
        a.IsPseudoDenormal ? new Float80(a.Sign, 1, a.Significand) : a;

    /// <summary>a * 2^n with n clamped to +-65536, rounded to the given precision (FSCALE's core).</summary>
    public static Float80 Scale(Float80 a, int n, int precision, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (a.IsNaN)
            return PickNaN(a, a, ref env);
        if (a.IsInfinity || a.IsZero)
            return a;
        n = Math.Clamp(n, -0x10000, 0x10000);
        int exp = a.Exponent == 0 ? 1 : a.Exponent;
        return NormalizeRoundPack(a.Sign, exp + n + 64, a.Significand, precision, ref env);
    }

    /// <summary>Biased exponent and normalized significand of a finite non-zero value, for the transcendental helpers.</summary>
    internal static int NormalizedExponent(Float80 a, out ulong sig)
    {
        Unpack(a, out int e, out sig);
        return e;
    }

    internal static int LeadingZeros(ulong v) => BitOperations.LeadingZeroCount(v);
}
