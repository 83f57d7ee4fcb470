using System.Numerics;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu.Tests.X87;

/// <summary>
/// The soft float's add/sub/mul/div/sqrt against known bit patterns and against the BigInteger
/// reference for random operands in every rounding mode and precision.
/// </summary>
public sealed class Float80ArithmeticTests
{
    private static readonly RoundingMode[] Modes = { RoundingMode.NearestEven, RoundingMode.Down, RoundingMode.Up, RoundingMode.TowardZero };
    private static readonly int[] Precisions = { 24, 53, 64 };

    private static Float80 F(ushort se, ulong sig) => new(se, sig);

    [Fact]
    public void OneThirdRoundsByMode()
    {
        // 1/3 = 0.AAAA...: nearest and up round the last A up to B; down and chop keep A.
        var one = Float80.One;
        var three = F(0x4000, 0xC000_0000_0000_0000);
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x3FFD, 0xAAAA_AAAA_AAAA_AAAB), Float80Math.Div(one, three, ref env));
        Assert.Equal(FloatFlags.Precision, env.Flags);
        Assert.True(env.RoundedUp);
        env = new FloatEnvironment(RoundingMode.TowardZero);
        Assert.Equal(F(0x3FFD, 0xAAAA_AAAA_AAAA_AAAA), Float80Math.Div(one, three, ref env));
        Assert.False(env.RoundedUp);
        env = new FloatEnvironment(RoundingMode.NearestEven, 24);
        Assert.Equal(F(0x3FFD, 0xAAAA_AB00_0000_0000), Float80Math.Div(one, three, ref env));
        env = new FloatEnvironment(RoundingMode.NearestEven, 53);
        Assert.Equal(F(0x3FFD, 0xAAAA_AAAA_AAAA_A800), Float80Math.Div(one, three, ref env));
    }

    [Fact]
    public void SquareRootOfTwoIsTheKnownPattern()
    {
        // sqrt(2) = 1.6A09E667F3BCC908B2FB1366... -> significand B504F333F9DE6484|597D...: rounds down.
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x3FFF, 0xB504_F333_F9DE_6484), Float80Math.Sqrt(F(0x4000, 0x8000_0000_0000_0000), ref env));
        Assert.Equal(FloatFlags.Precision, env.Flags);
        env = new FloatEnvironment(RoundingMode.Up);
        Assert.Equal(F(0x3FFF, 0xB504_F333_F9DE_6485), Float80Math.Sqrt(F(0x4000, 0x8000_0000_0000_0000), ref env));
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x4001, 0xC000_0000_0000_0000), Float80Math.Sqrt(F(0x4004, 0x9000_0000_0000_0000), ref env)); // sqrt(36) = 6
        Assert.Equal(0, env.Flags);
    }

    [Fact]
    public void SpecialOperandsFollowTheManual()
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.Sub(Float80.Infinity, Float80.Infinity, ref env));
        Assert.Equal(FloatFlags.Invalid, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.Mul(Float80.Zero, Float80.NegativeInfinity, ref env));
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.NegativeInfinity, Float80Math.Div(Float80.One.Negate(), Float80.Zero, ref env));
        Assert.Equal(FloatFlags.DivideByZero, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.Sqrt(Float80.One.Negate(), ref env));
        Assert.Equal(Float80.NegativeZero, Float80Math.Sqrt(Float80.NegativeZero, ref env));
        // x - x is +0, except -0 when rounding down.
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.Zero, Float80Math.Sub(Float80.One, Float80.One, ref env));
        env = new FloatEnvironment(RoundingMode.Down);
        Assert.Equal(Float80.NegativeZero, Float80Math.Sub(Float80.One, Float80.One, ref env));
        // Unnormal (J clear, exponent non-zero) is an invalid operand.
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.DefaultNaN, Float80Math.Add(F(0x3FFF, 0x4000_0000_0000_0000), Float80.One, ref env));
        Assert.Equal(FloatFlags.Invalid, env.Flags);
        // Pseudo-denormal (exponent 0, J set) has the value of exponent 1 and sets DE; 0 + it is normalized.
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x0001, 0x8000_0000_0000_0001), Float80Math.Add(F(0, 0x8000_0000_0000_0001), Float80.Zero, ref env));
        Assert.Equal(FloatFlags.Denormal, env.Flags);
    }

    [Fact]
    public void NaNsPropagateByTheX87Rule()
    {
        var snanBig = F(0x7FFF, 0xA000_0000_0000_0000);
        var qnanSmall = F(0xFFFF, 0xC000_0000_0000_0001);
        var qnanBig = F(0x7FFF, 0xE000_0000_0000_0000);
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(qnanSmall, Float80Math.Add(snanBig, qnanSmall, ref env));   // QNaN beats SNaN
        Assert.Equal(FloatFlags.Invalid, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(qnanBig, Float80Math.Mul(qnanSmall, qnanBig, ref env));     // larger significand
        Assert.Equal(0, env.Flags);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0x7FFF, 0xE000_0000_0000_0000), Float80Math.Div(Float80.One, snanBig, ref env)); // quieted
        Assert.Equal(FloatFlags.Invalid, env.Flags);
    }

    [Fact]
    public void OverflowAndUnderflowByMode()
    {
        var max = F(0x7FFE, ulong.MaxValue);
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(Float80.Infinity, Float80Math.Add(max, max, ref env));
        Assert.Equal(FloatFlags.Overflow | FloatFlags.Precision, env.Flags);
        env = new FloatEnvironment(RoundingMode.TowardZero);
        Assert.Equal(max, Float80Math.Add(max, max, ref env));
        env = new FloatEnvironment(RoundingMode.Down, 24);
        Assert.Equal(F(0x7FFE, 0xFFFF_FF00_0000_0000), Float80Math.Mul(max, F(0x4000, 0x8000_0000_0000_0000), ref env));
        // Smallest normal / 2^3 = denormal 2^-16385 exactly: no underflow flag when exact (masked).
        var minNormal = F(0x0001, 0x8000_0000_0000_0000);
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0, 0x1000_0000_0000_0000), Float80Math.Div(minNormal, F(0x4002, 0x8000_0000_0000_0000), ref env));
        Assert.Equal(0, env.Flags);
        // 3 * 2^-16446 / 4: tiny and inexact -> UE | PE; ties-to-even gives 2^-16446 (significand 1).
        env = new FloatEnvironment(RoundingMode.NearestEven);
        Assert.Equal(F(0, 1), Float80Math.Div(F(0, 3), F(0x4001, 0x8000_0000_0000_0000), ref env));
        Assert.Equal(FloatFlags.Underflow | FloatFlags.Precision | FloatFlags.Denormal, env.Flags);
    }

    [Fact]
    public void UnmaskedOverflowRebiasesTheExponent()
    {
        var max = F(0x7FFE, 0x8000_0000_0000_0000);
        var env = new FloatEnvironment(RoundingMode.NearestEven) { RebiasOverflow = true };
        Float80 r = Float80Math.Mul(max, F(0x4001, 0x8000_0000_0000_0000), ref env); // 2^16383 * 4
        Assert.Equal(F((ushort)(0x8000 - 24576), 0x8000_0000_0000_0000), r);
        Assert.Equal(FloatFlags.Overflow, env.Flags);
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 6).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomOperandsMatchTheExactReference(int seed)
    {
        var rng = new Random(seed);
        for (int n = 0; n < 400; n++)
        {
            Float80 a = RandomFinite(rng), b = RandomFinite(rng);
            RoundingMode mode = Modes[rng.Next(4)];
            int precision = Precisions[rng.Next(3)];
            var (an, ad) = ExactReference.Value(a);
            var (bn, bd) = ExactReference.Value(b);
            Check("add", a, b, mode, precision, an * bd + bn * ad, ad * bd, Float80Math.Add);
            Check("sub", a, b, mode, precision, an * bd - bn * ad, ad * bd, Float80Math.Sub);
            Check("mul", a, b, mode, precision, an * bn, ad * bd, Float80Math.Mul);
            if (!b.IsZero)
                Check("div", a, b, mode, precision, an * bd, ad * bn, Float80Math.Div);
            Float80 abs = a.Abs();
            if (!abs.IsZero)
            {
                var env = new FloatEnvironment(mode, precision);
                Float80 got = Float80Math.Sqrt(abs, ref env);
                var (expected, inexact) = SqrtReference(abs, precision, mode);
                Assert.True(expected == got, $"sqrt {abs} {mode} {precision}: expected {expected} got {got}");
                Assert.Equal(inexact, (env.Flags & FloatFlags.Precision) != 0);
            }
        }
    }

    private delegate Float80 BinaryOp(Float80 a, Float80 b, ref FloatEnvironment env);

    private static void Check(string name, Float80 a, Float80 b, RoundingMode mode, int precision, BigInteger num, BigInteger den, BinaryOp op)
    {
        var env = new FloatEnvironment(mode, precision);
        Float80 got = op(a, b, ref env);
        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }
        Float80 expected;
        bool inexact;
        if (num.IsZero)
        {
            // Exact zero sum: +0, or -0 when rounding down; products and quotients keep the sign rule.
            bool sign = name is "add" or "sub" ? (a.IsZero && (name == "add" ? b.IsZero && a.Sign && b.Sign : b.IsZero && a.Sign && !b.Sign)) || (!(a.IsZero && b.IsZero) && mode == RoundingMode.Down)
                : a.Sign ^ b.Sign;
            if (name is "add" or "sub" && a.IsZero && b.IsZero)
            {
                bool bs = name == "sub" ? !b.Sign : b.Sign;
                sign = a.Sign == bs ? a.Sign : mode == RoundingMode.Down;
            }
            expected = new Float80(sign, 0, 0);
            inexact = false;
        }
        else
        {
            (expected, inexact) = ExactReference.Round(num.Sign < 0, BigInteger.Abs(num), den, precision, mode);
        }
        Assert.True(expected == got, $"{name} {a} {b} {mode} {precision}: expected {expected} got {got}");
        Assert.Equal(inexact, (env.Flags & FloatFlags.Precision) != 0);
    }

    private static (Float80, bool) SqrtReference(Float80 a, int precision, RoundingMode mode)
    {
        var (num, den) = ExactReference.Value(a); // den is a power of two
        // sqrt(num/den) = sqrt(num*den)/den; scale by 4^k so the integer root carries enough bits.
        BigInteger prod = num * den;
        int k = 200;
        BigInteger scaled = prod << (2 * k);
        BigInteger root = ISqrt(scaled);
        bool exact = root * root == scaled;
        // value = root / (den * 2^k), plus a sticky fraction if not exact: use 2*root+1 over 2*den*2^k.
        if (exact)
            return ExactReference.Round(false, root, den << k, precision, mode);
        return ExactReference.Round(false, 2 * root + 1, den << (k + 1), precision, mode);
    }

    private static BigInteger ISqrt(BigInteger n)
    {
        if (n.IsZero)
            return 0;
        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x)
                return x;
            x = y;
        }
    }

    private static Float80 RandomFinite(Random rng)
    {
        int kind = rng.Next(10);
        bool sign = rng.Next(2) == 0;
        ulong sig = (ulong)rng.NextInt64() << 1 ^ (ulong)rng.Next();
        return kind switch
        {
            0 => new Float80(sign, 0, sig >> rng.Next(64)),                           // denormal or zero
            1 => new Float80(sign, 1 + rng.Next(80), sig | Float80.IntegerBit),        // near the bottom
            2 => new Float80(sign, 0x7FFE - rng.Next(80), sig | Float80.IntegerBit),   // near the top
            3 => new Float80(sign, 0x3FFF + rng.Next(-3, 4), Float80.IntegerBit | (sig & 0xFFFF_FF00_0000_0000)), // short significands
            _ => new Float80(sign, 0x3FFF + rng.Next(-200, 200), sig | Float80.IntegerBit),
        };
    }
}
