using System.Numerics;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu.Tests.X87;

/// <summary>
/// An independent reference for the soft float: values as exact rationals (BigInteger numerator and
/// denominator), rounded to a significand of P bits with the extended exponent range by plain integer
/// arithmetic (no shared code with Float80Math). Gradual underflow below 2^-16382; overflow gives
/// infinity or the largest finite value by rounding direction.
/// </summary>
internal static class ExactReference
{
    public const int Bias = 16383;

    /// <summary>The exact value of a finite operand as numerator / 2^shift (numerator signed).</summary>
    public static (BigInteger Num, BigInteger Den) Value(Float80 f)
    {
        int e = f.Exponent == 0 ? 1 : f.Exponent;
        BigInteger m = f.Significand;
        if (f.Sign)
            m = -m;
        int pow = e - Bias - 63;
        return pow >= 0 ? (m << pow, BigInteger.One) : (m, BigInteger.One << -pow);
    }

    /// <summary>Rounds sign * num/den (num, den > 0) to P bits; returns the value and whether it was inexact.</summary>
    public static (Float80 Result, bool Inexact) Round(bool sign, BigInteger num, BigInteger den, int precision, RoundingMode mode)
    {
        if (num.IsZero)
            return (new Float80(sign, 0, 0), false);
        // Find E with 2^E <= num/den < 2^(E+1).
        int e = (int)(num.GetBitLength() - den.GetBitLength());
        if (Compare(num, den, e) < 0)
            e--;
        int minE = 1 - Bias;
        int quantum = Math.Max(e, minE) - (precision - 1); // value of the last kept bit: 2^quantum
        // q = floor(num/den / 2^quantum), r = remainder.
        BigInteger scaledNum = quantum >= 0 ? num : num << -quantum;
        BigInteger scaledDen = quantum >= 0 ? den << quantum : den;
        BigInteger q = BigInteger.DivRem(scaledNum, scaledDen, out BigInteger r);
        bool inexact = !r.IsZero;
        int cmpHalf = (r * 2).CompareTo(scaledDen);
        bool up = mode switch
        {
            RoundingMode.NearestEven => cmpHalf > 0 || (cmpHalf == 0 && !q.IsEven),
            RoundingMode.Down => sign && inexact,
            RoundingMode.Up => !sign && inexact,
            _ => false,
        };
        if (up)
            q += 1;
        // Re-normalize: q has at most precision+1 bits.
        if (q.GetBitLength() > precision)
        {
            q >>= 1;
            quantum++;
        }
        if (q.IsZero)
            return (new Float80(sign, 0, 0), inexact);
        int bits = (int)q.GetBitLength();
        int exp = quantum + bits - 1 + Bias; // biased exponent of the leading bit
        if (exp < 1)
        {
            // Denormal: exponent field 0, significand in units of 2^(1 - bias - 63).
            return (new Float80(sign, 0, (ulong)(q << (quantum - (1 - Bias - 63)))), inexact);
        }
        ulong sig = (ulong)(q << (64 - bits));
        if (exp >= 0x7FFF)
        {
            bool toMax = mode == RoundingMode.TowardZero || (mode == RoundingMode.Down && !sign) || (mode == RoundingMode.Up && sign);
            ulong max = ulong.MaxValue << (64 - precision);
            return (toMax ? new Float80(sign, 0x7FFE, max) : new Float80(sign, 0x7FFF, 1UL << 63), true);
        }
        return (new Float80(sign, exp, sig), inexact);
    }

    private static int Compare(BigInteger num, BigInteger den, int e) =>
        e >= 0 ? num.CompareTo(den << e) : (num << -e).CompareTo(den);

    public static Float80 Make(double d)
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        return Float80Math.FromFloat64((ulong)BitConverter.DoubleToInt64Bits(d), ref env);
    }
}
