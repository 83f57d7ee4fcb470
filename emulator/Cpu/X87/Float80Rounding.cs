using System.Numerics;

namespace PcEmu.Cpu.X87;

/// <summary>
/// Rounding of an exact intermediate result to a binary format with a 15-, 11- or 8-bit exponent and
/// a 64-, 53- or 24-bit significand (IEEE 754 rounding with the x87 conventions, SDM Vol. 1, 4.8.4 and
/// 4.9.1.5-4.9.1.6): gradual underflow, tininess detected after rounding, underflow reported for tiny
/// inexact results, overflow to infinity or to the largest finite value by rounding direction.
/// </summary>
public static partial class Float80Math
{
    /// <summary>
    /// Rounds <paramref name="sig"/> (normalized: the integer bit at bit 127, or zero) with biased exponent
    /// <paramref name="exp"/> to <paramref name="precision"/> significand bits. Returns the top 64 bits of
    /// the rounded significand and the biased exponent in <paramref name="outExp"/>; an infinity comes back
    /// as exponent <paramref name="expMax"/> with significand 0x8000000000000000.
    /// </summary>
    internal static ulong RoundCore(bool sign, int exp, UInt128 sig, int precision, int expMax, ref FloatEnvironment env, out int outExp)
    {
        if (sig == UInt128.Zero)
        {
            outExp = 0;
            return 0;
        }
        int shift = 128 - precision;
        UInt128 mask = (UInt128.One << shift) - 1;
        UInt128 half = UInt128.One << (shift - 1);
        UInt128 lsb = UInt128.One << shift;

        if (exp <= 0 && env.RebiasUnderflow)
        {
            // Unmasked underflow: the result keeps its precision and is scaled up (SDM Vol. 1, 4.9.1.5).
            env.Raise(FloatFlags.Underflow);
            exp += FloatEnvironment.ExponentRebias;
        }

        if (exp >= 1)
        {
            UInt128 inc = Increment(sig, mask, half, lsb, sign, env.Mode);
            UInt128 roundBits = sig & mask;
            UInt128 r = sig + inc;
            bool carry = r < sig;
            r &= ~mask;
            bool up = carry || r != (sig & ~mask);
            if (carry)
            {
                r = UInt128.One << 127;
                exp++;
            }
            if (roundBits != UInt128.Zero)
            {
                env.Raise(FloatFlags.Precision);
                env.RoundedUp = up;
            }
            if (exp >= expMax)
            {
                if (env.RebiasOverflow)
                {
                    env.Raise(FloatFlags.Overflow);
                    outExp = exp - FloatEnvironment.ExponentRebias;
                    return (ulong)(r >> 64);
                }
                env.Raise(FloatFlags.Overflow | FloatFlags.Precision);
                bool toLargest = env.Mode == RoundingMode.TowardZero
                    || (env.Mode == RoundingMode.Down && !sign)
                    || (env.Mode == RoundingMode.Up && sign);
                if (toLargest)
                {
                    env.RoundedUp = false;
                    outExp = expMax - 1;
                    return (ulong)(~mask >> 64);
                }
                env.RoundedUp = true;
                outExp = expMax;
                return Float80.IntegerBit;
            }
            outExp = exp;
            return (ulong)(r >> 64);
        }

        // Tiny before the exponent is bounded: tininess after rounding asks whether rounding with an
        // unbounded exponent would still give less than the smallest normal.
        UInt128 inc0 = Increment(sig, mask, half, lsb, sign, env.Mode);
        bool tiny = exp < 0 || sig + inc0 >= sig;
        sig = ShiftRightJam(sig, 1 - exp);
        UInt128 inc1 = Increment(sig, mask, half, lsb, sign, env.Mode);
        UInt128 bits = sig & mask;
        UInt128 rounded = (sig + inc1) & ~mask;
        if (bits != UInt128.Zero)
        {
            env.Raise(FloatFlags.Precision);
            env.RoundedUp = rounded != (sig & ~mask);
            if (tiny)
                env.Raise(FloatFlags.Underflow);
        }
        outExp = (rounded >> 127) != UInt128.Zero ? 1 : 0;
        return (ulong)(rounded >> 64);
    }

    private static UInt128 Increment(UInt128 sig, UInt128 mask, UInt128 half, UInt128 lsb, bool sign, RoundingMode mode) => mode switch
    {
        RoundingMode.NearestEven => (sig & mask) == half && (sig & lsb) == UInt128.Zero ? UInt128.Zero : half,
        RoundingMode.TowardZero => UInt128.Zero,
        RoundingMode.Down => sign ? mask : UInt128.Zero,
        _ => sign ? UInt128.Zero : mask,
    };

    /// <summary>Shifts right, OR-ing every bit shifted out into bit 0 (sticky).</summary>
    internal static UInt128 ShiftRightJam(UInt128 v, int n)
    {
        if (n <= 0)
            return v;
        if (n >= 128)
            return v != UInt128.Zero ? UInt128.One : UInt128.Zero;
        UInt128 lost = v << (128 - n);
        return (v >> n) | (lost != UInt128.Zero ? UInt128.One : UInt128.Zero);
    }

    /// <summary>Rounds a normalized 128-bit significand (integer bit at bit 127) to the environment's precision.</summary>
    internal static Float80 RoundPack(bool sign, int exp, UInt128 sig, ref FloatEnvironment env) =>
        RoundPack(sign, exp, sig, env.Precision, ref env);

    internal static Float80 RoundPack(bool sign, int exp, UInt128 sig, int precision, ref FloatEnvironment env)
    {
        ulong s = RoundCore(sign, exp, sig, precision, Float80.MaxExponent, ref env, out int e);
        return new Float80(sign, e, s);
    }

    /// <summary>Normalizes (any position of the leading one) then rounds; <paramref name="exp"/> is the exponent of bit 127.</summary>
    internal static Float80 NormalizeRoundPack(bool sign, int exp, UInt128 sig, int precision, ref FloatEnvironment env)
    {
        if (sig == UInt128.Zero)
            return new Float80(sign, 0, 0);
        int lz = (int)UInt128.LeadingZeroCount(sig);
        return RoundPack(sign, exp - lz, sig << lz, precision, ref env);
    }

    /// <summary>A finite non-zero operand as biased exponent and normalized significand (denormals below exponent 1).</summary>
    internal static void Unpack(Float80 a, out int exp, out ulong sig)
    {
        exp = a.Exponent;
        sig = a.Significand;
        if (exp == 0)
        {
            int lz = BitOperations.LeadingZeroCount(sig);
            sig <<= lz;
            exp = 1 - lz;
        }
    }
}
