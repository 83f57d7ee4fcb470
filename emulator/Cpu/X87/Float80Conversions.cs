using System.Numerics;

namespace PcEmu.Cpu.X87;

/// <summary>
/// Conversions between <see cref="Float80"/> and two's-complement integers, IEEE single and double
/// (SDM Vol. 1, 4.2 and 8.3.3-8.3.4), and 18-digit packed BCD (4.7).
/// </summary>
public static partial class Float80Math
{
    public static Float80 FromInt64(long v)
    {
        if (v == 0)
            return Float80.Zero;
        bool sign = v < 0;
        ulong mag = sign ? (ulong)-v : (ulong)v;
        int lz = BitOperations.LeadingZeroCount(mag);
        return new Float80(sign, Float80.Bias + 63 - lz, mag << lz);
    }

    /// <summary>
    /// Rounds to an integer of <paramref name="bits"/> bits (16, 32 or 64) by the environment's mode.
    /// NaNs, infinities and out-of-range values raise IE and give the integer indefinite (only the sign bit set).
    /// </summary>
    public static long ToInt(Float80 a, int bits, ref FloatEnvironment env)
    {
        long indefinite = bits == 64 ? long.MinValue : -(1L << (bits - 1));
        if (a.IsInvalidEncoding || a.Exponent == Float80.MaxExponent)
        {
            env.Raise(FloatFlags.Invalid);
            return indefinite;
        }
        if (a.IsZero)
            return 0;
        var inner = new FloatEnvironment(env.Mode);
        Float80 r = RoundToInt(a, ref inner);
        if (r.IsZero)
        {
            env.Raise(inner.Flags);
            env.RoundedUp = inner.RoundedUp;
            return 0;
        }
        int exp = r.Exponent - Float80.Bias;
        ulong limit = 1UL << (bits - 1);
        ulong mag = exp >= 64 ? ulong.MaxValue : r.Significand >> (63 - exp);
        if (exp >= 64 || mag > (r.Sign ? limit : limit - 1))
        {
            env.Raise(FloatFlags.Invalid);
            return indefinite;
        }
        env.Raise(inner.Flags & ~FloatFlags.Denormal);
        env.RoundedUp = inner.RoundedUp;
        return r.Sign ? -(long)mag : (long)mag;
    }

    public static Float80 FromFloat32(uint bits, ref FloatEnvironment env) => FromIeee(bits, 23, 8, ref env);

    public static Float80 FromFloat64(ulong bits, ref FloatEnvironment env) => FromIeee(bits, 52, 11, ref env);

    private static Float80 FromIeee(ulong bits, int fracBits, int expBits, ref FloatEnvironment env)
    {
        bool sign = (bits >> (fracBits + expBits)) != 0;
        int expMax = (1 << expBits) - 1;
        int bias = expMax >> 1;
        int e = (int)(bits >> fracBits) & expMax;
        ulong frac = bits & ((1UL << fracBits) - 1);
        int shift = 63 - fracBits;
        if (e == expMax)
        {
            if (frac == 0)
                return Float80.Infinity.WithSign(sign);
            var nan = new Float80(sign, Float80.MaxExponent, Float80.IntegerBit | (frac << shift));
            if (!nan.IsQuietNaN)
                env.Raise(FloatFlags.Invalid);
            return nan.Quieted();
        }
        if (e == 0)
        {
            if (frac == 0)
                return new Float80(sign, 0, 0);
            env.Raise(FloatFlags.Denormal);
            ulong s = frac << shift;
            int lz = BitOperations.LeadingZeroCount(s);
            return new Float80(sign, 1 - bias + Float80.Bias - lz, s << lz);
        }
        return new Float80(sign, e - bias + Float80.Bias, Float80.IntegerBit | (frac << shift));
    }

    public static uint ToFloat32(Float80 a, ref FloatEnvironment env) => (uint)ToIeee(a, 23, 8, ref env);

    public static ulong ToFloat64(Float80 a, ref FloatEnvironment env) => ToIeee(a, 52, 11, ref env);

    private static ulong ToIeee(Float80 a, int fracBits, int expBits, ref FloatEnvironment env)
    {
        int expMax = (1 << expBits) - 1;
        int bias = expMax >> 1;
        ulong signBit = a.Sign ? 1UL << (fracBits + expBits) : 0;
        ulong fracMask = (1UL << fracBits) - 1;
        ulong infBits = (ulong)expMax << fracBits;
        if (a.IsInvalidEncoding)
        {
            env.Raise(FloatFlags.Invalid);
            return (1UL << (fracBits + expBits)) | infBits | (1UL << (fracBits - 1));
        }
        if (a.Exponent == Float80.MaxExponent)
        {
            if (a.IsInfinity)
                return signBit | infBits;
            if (a.IsSignalingNaN)
                env.Raise(FloatFlags.Invalid);
            ulong payload = (a.Significand << 1) >> (64 - fracBits);
            return signBit | infBits | payload | (1UL << (fracBits - 1));
        }
        if (a.IsZero)
            return signBit;
        Unpack(a, out int exp, out ulong sig);
        ulong top = RoundCore(a.Sign, exp - Float80.Bias + bias, (UInt128)sig << 64, fracBits + 1, expMax, ref env, out int e);
        return signBit | ((ulong)e << fracBits) | ((top >> (63 - fracBits)) & fracMask);
    }

    /// <summary>FBLD: 18 packed BCD digits (bytes 0-8, low digit first) and the sign in bit 7 of byte 9.</summary>
    public static Float80 FromPackedBcd(ReadOnlySpan<byte> bcd)
    {
        ulong v = 0;
        for (int k = 8; k >= 0; k--)
            v = v * 100 + (ulong)(bcd[k] >> 4) * 10 + (ulong)(bcd[k] & 0xF);
        Float80 r = FromInt64((long)v);
        return (bcd[9] & 0x80) != 0 ? r.Negate() : r;
    }

    /// <summary>
    /// FBSTP: rounds by the environment's mode; a NaN, an infinity or a magnitude of 10^18 or more raises
    /// IE and stores the packed BCD indefinite (FFFF C000000000000000).
    /// </summary>
    public static void ToPackedBcd(Float80 a, Span<byte> bcd, ref FloatEnvironment env)
    {
        var inner = new FloatEnvironment(env.Mode);
        long v = ToInt(a, 64, ref inner);
        if ((inner.Flags & FloatFlags.Invalid) != 0 || v >= 1_000_000_000_000_000_000 || v <= -1_000_000_000_000_000_000)
        {
            env.Raise(FloatFlags.Invalid);
            bcd[..7].Clear();
            bcd[7] = 0xC0;
            bcd[8] = 0xFF;
            bcd[9] = 0xFF;
            return;
        }
        env.Raise(inner.Flags);
        env.RoundedUp = inner.RoundedUp;
        ulong m = (ulong)Math.Abs(v);
        for (int k = 0; k < 9; k++)
        {
            ulong two = m % 100;
            m /= 100;
            bcd[k] = (byte)(((two / 10) << 4) | (two % 10));
        }
        bcd[9] = a.Sign ? (byte)0x80 : (byte)0;
    }
}
