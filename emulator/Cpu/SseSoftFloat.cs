using System.Numerics;

namespace PcEmu.Cpu;

/// <summary>
/// Exact IEEE single/double arithmetic under MXCSR control for the SSE/SSE2 instructions
/// (SDM Vol. 1, 4.8-4.9, 10.2.3 and 11.5). Values travel as raw bits; <c>frac</c> is 23 (single) or
/// 52 (double). Every operation rounds the exact result once under MXCSR.RC, honours DAZ (denormal
/// sources read as zero) and FTZ (tiny results become zero when underflow is masked), and ORs the
/// exception flags it detects into <c>flags</c> (MXCSR bit order: IE DE ZE OE UE PE).
/// The common case (round to nearest, no DAZ/FTZ, normal operands and result) uses host arithmetic
/// plus an error-free transformation for the inexact flag; everything else goes through an integer
/// path (128-bit significands with a sticky bit). x86 rules: a NaN result is the first source quieted
/// if it is a NaN, else the second; invalid operations give the default NaN (negative quiet NaN);
/// tininess is detected after rounding.
/// </summary>
internal static class SseSoftFloat
{
    public const uint FlagI = 1, FlagD = 2, FlagZ = 4, FlagO = 8, FlagU = 16, FlagP = 32;
    public const uint Daz = 1 << 6, Ftz = 1 << 15, RcMask = 3 << 13;
    public const int F32 = 23, F64 = 52;
    private const int RcNearest = 0, RcDown = 1, RcUp = 2, RcZero = 3;

    private enum Kind : byte { Zero, Finite, Inf, QNaN, SNaN }

    /// <summary>An unpacked operand: value = Sig * 2^(Exp - 63) with bit 63 of Sig set (for Finite).</summary>
    private struct Num
    {
        public bool Sign;
        public Kind Kind;
        public int Exp;
        public ulong Sig;
    }

    private static int ExpBits(int frac) => frac == F32 ? 8 : 11;
    private static int Bias(int frac) => frac == F32 ? 127 : 1023;
    private static ulong SignBit(int frac) => 1ul << (frac + ExpBits(frac));
    private static ulong ExpMax(int frac) => (1ul << ExpBits(frac)) - 1;
    private static ulong FracMask(int frac) => (1ul << frac) - 1;
    private static int Rc(uint mxcsr) => (int)((mxcsr >> 13) & 3);

    public static ulong DefaultNaN(int frac) => SignBit(frac) | (ExpMax(frac) << frac) | (1ul << (frac - 1));

    public static bool IsNaN(int frac, ulong bits) => ((bits >> frac) & ExpMax(frac)) == ExpMax(frac) && (bits & FracMask(frac)) != 0;

    public static bool IsSignalingNaN(int frac, ulong bits) => IsNaN(frac, bits) && (bits & (1ul << (frac - 1))) == 0;

    private static ulong Quiet(int frac, ulong bits) => bits | (1ul << (frac - 1));

    /// <summary>True for zero and normal numbers: the operands the host fast path may take.</summary>
    private static bool IsPlain(int frac, ulong bits)
    {
        ulong e = (bits >> frac) & ExpMax(frac);
        return e != ExpMax(frac) && (e != 0 || (bits & FracMask(frac)) == 0);
    }

    private static Num Unpack(int frac, ulong bits, uint mxcsr, ref bool denormal)
    {
        var n = new Num { Sign = (bits & SignBit(frac)) != 0 };
        ulong e = (bits >> frac) & ExpMax(frac), f = bits & FracMask(frac);
        if (e == ExpMax(frac))
        {
            n.Kind = f == 0 ? Kind.Inf : (f & (1ul << (frac - 1))) != 0 ? Kind.QNaN : Kind.SNaN;
            return n;
        }
        if (e == 0)
        {
            if (f == 0 || (mxcsr & Daz) != 0)
            {
                n.Kind = Kind.Zero;
                return n;
            }
            denormal = true;
            int lz = BitOperations.LeadingZeroCount(f);
            n.Kind = Kind.Finite;
            n.Sig = f << lz;
            n.Exp = 1 - Bias(frac) + (63 - lz) - frac;
            return n;
        }
        n.Kind = Kind.Finite;
        n.Sig = (f | (1ul << frac)) << (63 - frac);
        n.Exp = (int)e - Bias(frac);
        return n;
    }

    private static ulong Zero(int frac, bool sign) => sign ? SignBit(frac) : 0;
    private static ulong Infinity(int frac, bool sign) => Zero(frac, sign) | (ExpMax(frac) << frac);

    /// <summary>Two-source NaN rule: a NaN first source (quieted) wins, else the second; IE for any SNaN.</summary>
    private static ulong PropagateNaN(int frac, ulong a, ulong b, ref uint flags)
    {
        if (IsSignalingNaN(frac, a) || IsSignalingNaN(frac, b))
            flags |= FlagI;
        return Quiet(frac, IsNaN(frac, a) ? a : b);
    }

    // ---- arithmetic ----

    public static ulong Add(int frac, ulong a, ulong b, bool subtract, uint mxcsr, ref uint flags)
    {
        if (subtract && !IsNaN(frac, b))
            b ^= SignBit(frac);                          // a NaN subtrahend propagates with its own sign (SDM Vol. 1, 4.8.3.5)
        if ((mxcsr & (RcMask | Daz | Ftz)) == 0 && IsPlain(frac, a) && IsPlain(frac, b))
        {
            if (frac == F64)
            {
                double x = D(a), y = D(b), r = x + y;
                if (IsNormalResult(frac, Bits(r)))
                {
                    double bb = r - x, err = (x - (r - bb)) + (y - bb);
                    if (err != 0) flags |= FlagP;
                    return Bits(r);
                }
            }
            else
            {
                float x = F(a), y = F(b), r = x + y;
                if (IsNormalResult(frac, Bits(r)))
                {
                    float bb = r - x, err = (x - (r - bb)) + (y - bb);
                    if (err != 0) flags |= FlagP;
                    return Bits(r);
                }
            }
        }
        if (IsNaN(frac, a) || IsNaN(frac, b))
            return PropagateNaN(frac, a, b, ref flags);
        bool den = false;
        Num x1 = Unpack(frac, a, mxcsr, ref den), y1 = Unpack(frac, b, mxcsr, ref den);
        if (x1.Kind == Kind.Inf || y1.Kind == Kind.Inf)
        {
            if (x1.Kind == Kind.Inf && y1.Kind == Kind.Inf && x1.Sign != y1.Sign)
            {
                flags |= FlagI;
                return DefaultNaN(frac);
            }
            if (den) flags |= FlagD;
            return Infinity(frac, x1.Kind == Kind.Inf ? x1.Sign : y1.Sign);
        }
        if (den) flags |= FlagD;
        if (x1.Kind == Kind.Zero && y1.Kind == Kind.Zero)
            return Zero(frac, x1.Sign == y1.Sign ? x1.Sign : Rc(mxcsr) == RcDown);
        if (x1.Kind == Kind.Zero) return Round(frac, y1.Sign, y1.Sig, y1.Exp - 63, mxcsr, ref flags);
        if (y1.Kind == Kind.Zero) return Round(frac, x1.Sign, x1.Sig, x1.Exp - 63, mxcsr, ref flags);
        if (x1.Exp < y1.Exp || (x1.Exp == y1.Exp && x1.Sig < y1.Sig))
            (x1, y1) = (y1, x1);
        UInt128 big = (UInt128)x1.Sig << 62, small = (UInt128)y1.Sig << 62;
        int d = x1.Exp - y1.Exp;
        small = d >= 126 ? UInt128.One : (small >> d) | ((small & ((UInt128.One << d) - 1)) != 0 ? UInt128.One : UInt128.Zero);
        UInt128 sum = x1.Sign == y1.Sign ? big + small : big - small;
        if (sum == 0)
            return Zero(frac, Rc(mxcsr) == RcDown);
        return Round(frac, x1.Sign, sum, x1.Exp - 125, mxcsr, ref flags);
    }

    public static ulong Mul(int frac, ulong a, ulong b, uint mxcsr, ref uint flags)
    {
        if ((mxcsr & (RcMask | Daz | Ftz)) == 0 && IsPlain(frac, a) && IsPlain(frac, b))
        {
            if (frac == F64)
            {
                double x = D(a), y = D(b), r = x * y;
                if (IsSafeResult(frac, Bits(r)))
                {
                    if (Math.FusedMultiplyAdd(x, y, -r) != 0) flags |= FlagP;
                    return Bits(r);
                }
            }
            else
            {
                double p = (double)F(a) * F(b); // exact: 24 + 24 bits
                float r = (float)p;
                if (IsNormalResult(frac, Bits(r)))
                {
                    if (r != p) flags |= FlagP;
                    return Bits(r);
                }
            }
        }
        if (IsNaN(frac, a) || IsNaN(frac, b))
            return PropagateNaN(frac, a, b, ref flags);
        bool den = false;
        Num x1 = Unpack(frac, a, mxcsr, ref den), y1 = Unpack(frac, b, mxcsr, ref den);
        bool sign = x1.Sign != y1.Sign;
        if (x1.Kind == Kind.Inf || y1.Kind == Kind.Inf)
        {
            if (x1.Kind == Kind.Zero || y1.Kind == Kind.Zero)
            {
                flags |= FlagI;
                return DefaultNaN(frac);
            }
            if (den) flags |= FlagD;
            return Infinity(frac, sign);
        }
        if (den) flags |= FlagD;
        if (x1.Kind == Kind.Zero || y1.Kind == Kind.Zero)
            return Zero(frac, sign);
        return Round(frac, sign, (UInt128)x1.Sig * y1.Sig, x1.Exp + y1.Exp - 126, mxcsr, ref flags);
    }

    public static ulong Div(int frac, ulong a, ulong b, uint mxcsr, ref uint flags)
    {
        if ((mxcsr & (RcMask | Daz | Ftz)) == 0 && IsPlain(frac, a) && IsPlain(frac, b) && (b << 1) != 0)
        {
            if (frac == F64)
            {
                double x = D(a), y = D(b), r = x / y;
                if (IsSafeResult(frac, Bits(r)) && IsSafeResult(frac, a))
                {
                    if (Math.FusedMultiplyAdd(r, y, -x) != 0) flags |= FlagP;
                    return Bits(r);
                }
            }
            else
            {
                float x = F(a), y = F(b), r = x / y;
                if (IsSafeResult(frac, Bits(r)) && IsSafeResult(frac, a))
                {
                    if ((double)r * y != x) flags |= FlagP; // exact in double: 24 + 24 bits
                    return Bits(r);
                }
            }
        }
        if (IsNaN(frac, a) || IsNaN(frac, b))
            return PropagateNaN(frac, a, b, ref flags);
        bool den = false;
        Num x1 = Unpack(frac, a, mxcsr, ref den), y1 = Unpack(frac, b, mxcsr, ref den);
        bool sign = x1.Sign != y1.Sign;
        if ((x1.Kind == Kind.Inf && y1.Kind == Kind.Inf) || (x1.Kind == Kind.Zero && y1.Kind == Kind.Zero))
        {
            flags |= FlagI;
            return DefaultNaN(frac);
        }
        if (y1.Kind == Kind.Zero && x1.Kind == Kind.Finite)
        {
            flags |= FlagZ;
            return Infinity(frac, sign);
        }
        if (den) flags |= FlagD;
        if (x1.Kind == Kind.Inf || y1.Kind == Kind.Zero)
            return Infinity(frac, sign);
        if (x1.Kind == Kind.Zero || y1.Kind == Kind.Inf)
            return Zero(frac, sign);
        UInt128 num = (UInt128)x1.Sig << 64;
        UInt128 q = num / y1.Sig, rem = num - q * y1.Sig;
        q = (q << 1) | (rem != 0 ? UInt128.One : UInt128.Zero);
        return Round(frac, sign, q, x1.Exp - y1.Exp - 65, mxcsr, ref flags);
    }

    public static ulong Sqrt(int frac, ulong b, uint mxcsr, ref uint flags)
    {
        if ((mxcsr & (RcMask | Daz | Ftz)) == 0 && IsSafeResult(frac, b) && (b & SignBit(frac)) == 0)
        {
            if (frac == F64)
            {
                double x = D(b), r = Math.Sqrt(x);
                if (Math.FusedMultiplyAdd(r, r, -x) != 0) flags |= FlagP;
                return Bits(r);
            }
            float xf = F(b), rf = MathF.Sqrt(xf);
            if ((double)rf * rf != xf) flags |= FlagP;
            return Bits(rf);
        }
        if (IsNaN(frac, b))
            return PropagateNaN(frac, b, b, ref flags);
        bool den = false;
        Num x1 = Unpack(frac, b, mxcsr, ref den);
        if (x1.Kind == Kind.Zero)
            return Zero(frac, x1.Sign);
        if (x1.Sign)
        {
            flags |= FlagI;
            return DefaultNaN(frac);
        }
        if (den) flags |= FlagD;
        if (x1.Kind == Kind.Inf)
            return Infinity(frac, false);
        // value = Sig * 2^(Exp-63); scale Sig by 2^64 or 2^63 so that the exponent is even.
        int k = x1.Exp - 63;
        int shift = ((k - 64) & 1) == 0 ? 64 : 63;
        UInt128 m = (UInt128)x1.Sig << shift;
        UInt128 root = IntegerSqrt(m);
        bool exact = root * root == m;
        UInt128 r2 = (root << 1) | (exact ? UInt128.Zero : UInt128.One);
        return Round(frac, false, r2, (k - shift) / 2 - 1, mxcsr, ref flags);
    }

    /// <summary>MIN/MAX: the second source if either is a NaN (IE for any NaN) or both are zero.</summary>
    public static ulong MinMax(int frac, ulong a, ulong b, bool max, uint mxcsr, ref uint flags)
    {
        if (IsNaN(frac, a) || IsNaN(frac, b))
        {
            flags |= FlagI;
            return b;
        }
        bool den = false;
        ulong fa = FlushDenormal(frac, a, mxcsr, ref den), fb = FlushDenormal(frac, b, mxcsr, ref den);
        if (den) flags |= FlagD;
        double x = ToDouble(frac, fa), y = ToDouble(frac, fb);
        return (max ? x > y : x < y) ? fa : fb;
    }

    /// <summary>CMPPS/CMPSS predicates 0-7 (EQ LT LE UNORD NEQ NLT NLE ORD). LT LE NLT NLE signal IE on a QNaN too.</summary>
    public static bool Compare(int frac, ulong a, ulong b, int predicate, uint mxcsr, ref uint flags)
    {
        bool nan = IsNaN(frac, a) || IsNaN(frac, b);
        int p = predicate & 7;
        if (IsSignalingNaN(frac, a) || IsSignalingNaN(frac, b) || (nan && p is 1 or 2 or 5 or 6))
            flags |= FlagI;
        bool den = false;
        double x = ToDouble(frac, FlushDenormal(frac, a, mxcsr, ref den)), y = ToDouble(frac, FlushDenormal(frac, b, mxcsr, ref den));
        if (den && !nan) flags |= FlagD;
        return p switch
        {
            0 => x == y,
            1 => x < y,
            2 => x <= y,
            3 => nan,
            4 => !(x == y),
            5 => !(x < y),
            6 => !(x <= y),
            _ => !nan,
        };
    }

    /// <summary>(U)COMISS/SD: 0 greater, 1 less, 2 equal, 3 unordered. COMIS* signal IE on a QNaN, UCOMIS* only on an SNaN.</summary>
    public static int OrderedCompare(int frac, ulong a, ulong b, bool signalQuiet, uint mxcsr, ref uint flags)
    {
        bool nan = IsNaN(frac, a) || IsNaN(frac, b);
        if (IsSignalingNaN(frac, a) || IsSignalingNaN(frac, b) || (nan && signalQuiet))
            flags |= FlagI;
        if (nan)
            return 3;
        bool den = false;
        double x = ToDouble(frac, FlushDenormal(frac, a, mxcsr, ref den)), y = ToDouble(frac, FlushDenormal(frac, b, mxcsr, ref den));
        if (den) flags |= FlagD;
        return x > y ? 0 : x < y ? 1 : 2;
    }

    // ---- conversions ----

    /// <summary>CVTSD2SS and CVTSS2SD: NaNs keep sign and the top payload bits (quieted, IE for an SNaN).</summary>
    public static ulong Convert(int fromFrac, int toFrac, ulong a, uint mxcsr, ref uint flags)
    {
        if (IsNaN(fromFrac, a))
        {
            if (IsSignalingNaN(fromFrac, a)) flags |= FlagI;
            ulong payload = a & FracMask(fromFrac);
            payload = toFrac > fromFrac ? payload << (toFrac - fromFrac) : payload >> (fromFrac - toFrac);
            return Quiet(toFrac, Infinity(toFrac, (a & SignBit(fromFrac)) != 0) | payload);
        }
        bool den = false;
        Num x = Unpack(fromFrac, a, mxcsr, ref den);
        if (den) flags |= FlagD;
        return x.Kind switch
        {
            Kind.Zero => Zero(toFrac, x.Sign),
            Kind.Inf => Infinity(toFrac, x.Sign),
            _ => Round(toFrac, x.Sign, x.Sig, x.Exp - 63, mxcsr, ref flags),
        };
    }

    /// <summary>CVTSI2SS/SD and CVT(P)I2P*: exact for double, rounded under MXCSR.RC for single.</summary>
    public static ulong FromInt32(int frac, int v, uint mxcsr, ref uint flags)
    {
        if (v == 0)
            return 0;
        ulong mag = v < 0 ? (ulong)(-(long)v) : (ulong)v;
        return Round(frac, v < 0, mag, 0, mxcsr, ref flags);
    }

    /// <summary>CVT(T)S*2SI and the packed forms: NaN or out of range gives IE and 0x80000000; PE when inexact.</summary>
    public static uint ToInt32(int frac, ulong a, bool truncate, uint mxcsr, ref uint flags)
    {
        const uint Indefinite = 0x8000_0000;
        if (IsNaN(frac, a))
        {
            flags |= FlagI;
            return Indefinite;
        }
        bool den = false;
        Num x = Unpack(frac, a, mxcsr, ref den);
        if (x.Kind == Kind.Zero)
            return 0;
        if (x.Kind == Kind.Inf || x.Exp > 31)
        {
            flags |= FlagI;
            return Indefinite;
        }
        // Integer part and the discarded fraction of Sig * 2^(Exp-63), as a 64.64 fixed-point number.
        UInt128 fixedPoint = x.Exp >= -64 ? ((UInt128)x.Sig << 64) >> (63 - x.Exp) : UInt128.One;
        ulong ip = (ulong)(fixedPoint >> 64), rest = (ulong)fixedPoint;
        if (x.Exp < -64) rest = 1; // far below one half, but not zero
        bool up = (truncate ? RcZero : Rc(mxcsr)) switch
        {
            RcNearest => rest > 0x8000_0000_0000_0000 || (rest == 0x8000_0000_0000_0000 && (ip & 1) != 0),
            RcDown => x.Sign && rest != 0,
            RcUp => !x.Sign && rest != 0,
            _ => false,
        };
        if (up) ip++;
        if (ip > (x.Sign ? 0x8000_0000ul : 0x7FFF_FFFFul))
        {
            flags |= FlagI;
            return Indefinite;
        }
        if (rest != 0) flags |= FlagP;
        return x.Sign ? (uint)-(long)ip : (uint)ip;
    }

    // ---- rounding ----

    /// <summary>Rounds the positive exact value <paramref name="x"/> * 2^<paramref name="exp"/> (a set low bit may be a sticky bit) to the format.</summary>
    private static ulong Round(int frac, bool sign, UInt128 x, int exp, uint mxcsr, ref uint flags)
    {
        int p = frac + 1, emin = 1 - Bias(frac);
        int n = 128 - (int)UInt128.LeadingZeroCount(x);
        int e = exp + n - 1; // exponent of the leading bit
        int rc = Rc(mxcsr);

        // Tininess after rounding: round to p bits with an unbounded exponent and look at the exponent.
        bool tiny = e < emin;
        if (e == emin - 1 && RoundBits(x, n - p, sign, rc, out _) >> p != 0)
            tiny = false;

        int drop = n - p + (e < emin ? emin - e : 0);
        ulong m = RoundBits(x, drop, sign, rc, out bool inexact);
        if (tiny && (mxcsr & Ftz) != 0 && (mxcsr & (FlagU << 7)) != 0)
        {
            flags |= FlagU | FlagP;
            return Zero(frac, sign);
        }
        if (tiny && (inexact || (mxcsr & (FlagU << 7)) == 0))
            flags |= FlagU;
        if (inexact)
            flags |= FlagP;
        long biased = e < emin ? 0 : e + Bias(frac);
        if (e >= emin && (m >> p) != 0)
        {
            m >>= 1;
            biased++;
        }
        else if (e < emin && (m >> frac) != 0)
            biased = 1; // a denormal rounded up to the smallest normal
        if (biased >= (long)ExpMax(frac))
        {
            flags |= FlagO | FlagP;
            bool toInfinity = rc == RcNearest || (rc == RcUp && !sign) || (rc == RcDown && sign);
            return toInfinity ? Infinity(frac, sign) : Zero(frac, sign) | ((ExpMax(frac) - 1) << frac) | FracMask(frac);
        }
        return Zero(frac, sign) | ((ulong)biased << frac) | (m & FracMask(frac));
    }

    /// <summary>Drops the low <paramref name="drop"/> bits of <paramref name="x"/> with rounding mode <paramref name="rc"/>.</summary>
    private static ulong RoundBits(UInt128 x, int drop, bool sign, int rc, out bool inexact)
    {
        if (drop <= 0)
        {
            inexact = false;
            return (ulong)(x << -drop);
        }
        UInt128 kept = drop >= 128 ? UInt128.Zero : x >> drop;
        UInt128 rest = drop >= 128 ? x : x & ((UInt128.One << drop) - 1);
        inexact = rest != 0;
        bool up = rc switch
        {
            RcNearest => drop <= 128 && (rest > (UInt128.One << (drop - 1)) || (rest == (UInt128.One << (drop - 1)) && (kept & 1) != 0)),
            RcDown => sign && inexact,
            RcUp => !sign && inexact,
            _ => false,
        };
        return (ulong)(up ? kept + 1 : kept);
    }

    private static UInt128 IntegerSqrt(UInt128 m)
    {
        UInt128 r = (UInt128)Math.Sqrt((double)m);
        for (int k = 0; k < 4; k++)
            r = (r + m / r) >> 1;
        while (r > ulong.MaxValue || r * r > m) r--;
        while (r < ulong.MaxValue && (r + 1) * (r + 1) <= m) r++;
        return r;
    }

    // ---- host helpers ----

    private static double D(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);
    private static float F(ulong bits) => BitConverter.Int32BitsToSingle((int)(uint)bits);
    private static ulong Bits(double d) => (ulong)BitConverter.DoubleToInt64Bits(d);
    private static ulong Bits(float f) => (uint)BitConverter.SingleToInt32Bits(f);

    /// <summary>A finite normal result (not zero, denormal, infinity or NaN).</summary>
    private static bool IsNormalResult(int frac, ulong bits)
    {
        ulong e = (bits >> frac) & ExpMax(frac);
        return e != 0 && e != ExpMax(frac);
    }

    /// <summary>A normal result far enough above the denormal range that an FMA residual is exact.</summary>
    private static bool IsSafeResult(int frac, ulong bits)
    {
        ulong e = (bits >> frac) & ExpMax(frac);
        return e > (ulong)(2 * (frac + 1)) && e != ExpMax(frac);
    }

    private static ulong FlushDenormal(int frac, ulong bits, uint mxcsr, ref bool denormal)
    {
        if (((bits >> frac) & ExpMax(frac)) != 0 || (bits & FracMask(frac)) == 0)
            return bits;
        if ((mxcsr & Daz) != 0)
            return bits & SignBit(frac);
        denormal = true;
        return bits;
    }

    private static double ToDouble(int frac, ulong bits) => frac == F64 ? D(bits) : F(bits);
}
