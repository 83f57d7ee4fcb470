using System.Numerics;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu.Tests.X87;

/// <summary>
/// The transcendental algorithms (QEMU's, compared bit for bit with QEMU by the X87Tests guest) checked
/// here against values derived from first principles: exact cases, pi and sqrt(2) from their binary
/// expansions, and FLDL2T's documented pattern.
/// </summary>
public sealed class Float80TranscendentalTests
{
    // pi = C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74 ... x 2^-126 (bits from the hex expansion of pi).
    private static readonly BigInteger PiTimes2Pow126 = BigInteger.Parse("0C90FDAA22168C234C4C6628B80DC1CD1", System.Globalization.NumberStyles.HexNumber);

    private static Float80 F(ushort se, ulong sig) => new(se, sig);

    private static Float80 RoundNearest(BigInteger numerator, int shift)
    {
        // numerator * 2^-shift, positive, to 64 bits (ties cannot occur for these irrationals).
        int bits = (int)numerator.GetBitLength();
        BigInteger top = numerator >> (bits - 65);
        ulong sig = (ulong)((top + 1) >> 1);
        int exp = bits - 1 - shift + Float80.Bias;
        return sig == 0 ? F((ushort)(exp + 1), Float80.IntegerBit) : F((ushort)exp, sig);
    }

    [Fact]
    public void FpatanOfTheDiagonalsIsPiOverFourAndThreePiOverFour()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(RoundNearest(PiTimes2Pow126, 128), Float80Math.Fpatan(Float80.One, Float80.One, ref env));
        Assert.Equal(F(0x3FFE, 0xC90F_DAA2_2168_C235), Float80Math.Fpatan(Float80.One, Float80.One, ref env));
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(RoundNearest(PiTimes2Pow126 * 3, 128), Float80Math.Fpatan(Float80.One.Negate(), Float80.One, ref env));
        Assert.Equal(FloatFlags.Precision, env.Flags);
    }

    [Fact]
    public void F2xm1OfOneHalfIsSqrtTwoMinusOneWithinAnUlp()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Float80 r = Float80Math.F2xm1(F(0x3FFE, Float80.IntegerBit), ref env);
        // sqrt(2) * 2^200 by integer square root, minus 2^200.
        BigInteger s = Sqrt(BigInteger.One << 401) - (BigInteger.One << 200);
        Float80 exact = RoundNearest(s, 200);
        Assert.Equal(exact.SignExponent, r.SignExponent);
        Assert.InRange((long)(r.Significand - exact.Significand), -1, 1);
    }

    [Fact]
    public void ExactCasesAreExact()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0xBFFE, Float80.IntegerBit), Float80Math.F2xm1(F(0xBFFF, Float80.IntegerBit), ref env)); // 2^-1 - 1
        Assert.Equal(Float80.One, Float80Math.F2xm1(Float80.One, ref env));                                  // 2^1 - 1
        Assert.Equal(0, env.Flags);
        Assert.Equal(F(0xC005, 0xC800_0000_0000_0000), Float80Math.Fyl2x(F(0x4063, Float80.IntegerBit), Float80.One.Negate(), ref env)); // -log2(2^100)
        Assert.Equal(Float80.Zero, Float80Math.Fyl2x(Float80.One, F(0x4001, 0xA000_0000_0000_0000), ref env)); // 5 * log2(1)
        Assert.Equal(0, env.Flags);
    }

    [Fact]
    public void Fyl2xOfTenIsTheFldl2tConstant()
    {
        // log2(10) = D49A784B CD1B8AFE 492B... (FLDL2T's documented nearest value).
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x4000, 0xD49A_784B_CD1B_8AFE), Float80Math.Fyl2x(F(0x4002, 0xA000_0000_0000_0000), Float80.One, ref env));
    }

    [Fact]
    public void OutOfRangeAndSpecialArgumentsFollowTheManual()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.F2xm1(F(0x4000, Float80.IntegerBit), ref env));   // |x| > 1
        Assert.Equal(FloatFlags.Invalid, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.NegativeInfinity, Float80Math.Fyl2x(Float80.Zero, Float80.One, ref env)); // log2(0)
        Assert.Equal(FloatFlags.DivideByZero, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.Fyl2x(Float80.One.Negate(), Float80.One, ref env));
        Assert.Equal(FloatFlags.Invalid, env.Flags);
    }

    [Fact]
    public void SoftFloatOperationsDoNotAllocate()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Float80 x = F(0x3FFE, 0xB504_F333_F9DE_6484), acc = Float80.One;
        acc = Float80Math.Div(Float80Math.Add(acc, x, ref env), x, ref env);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10_000; k++)
        {
            acc = Float80Math.Add(acc, x, ref env);
            acc = Float80Math.Mul(acc, x, ref env);
            acc = Float80Math.Div(acc, x, ref env);
            acc = Float80Math.Sqrt(acc, ref env);
            acc = Float80Math.F2xm1(Float80Math.Sub(acc, acc, ref env), ref env);
            acc = Float80Math.Add(acc, Float80.One, ref env);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static BigInteger Sqrt(BigInteger n)
    {
        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x)
                return x;
            x = y;
        }
    }
}
