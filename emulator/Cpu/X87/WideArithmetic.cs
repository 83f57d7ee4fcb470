using System.Numerics;

namespace PcEmu.Cpu.X87;

/// <summary>
/// 128/192/256-bit integer steps on 64-bit words (most significant word first), as the extended-precision
/// transcendental algorithms need them; <see cref="EstimateDiv128To64"/> reproduces SoftFloat's estimate
/// (between the truncated quotient q and q + 2), which those algorithms use uncorrected.
/// </summary>
internal static class WideArithmetic
{
    public static void Mul64To128(ulong a, ulong b, out ulong z0, out ulong z1) => z0 = Math.BigMul(a, b, out z1);

    public static void Add128(ulong a0, ulong a1, ulong b0, ulong b1, out ulong z0, out ulong z1)
    {
        z1 = a1 + b1;
        z0 = a0 + b0 + (z1 < a1 ? 1UL : 0);
    }

    public static void Sub128(ulong a0, ulong a1, ulong b0, ulong b1, out ulong z0, out ulong z1)
    {
        z1 = a1 - b1;
        z0 = a0 - b0 - (a1 < b1 ? 1UL : 0);
    }

    public static void Add192(ulong a0, ulong a1, ulong a2, ulong b0, ulong b1, ulong b2, out ulong z0, out ulong z1, out ulong z2)
    {
        z2 = a2 + b2;
        ulong c1 = z2 < a2 ? 1UL : 0;
        ulong t1 = a1 + b1;
        ulong c0 = t1 < a1 ? 1UL : 0;
        z1 = t1 + c1;
        c0 += z1 < c1 ? 1UL : 0;
        z0 = a0 + b0 + c0;
    }

    public static void Sub192(ulong a0, ulong a1, ulong a2, ulong b0, ulong b1, ulong b2, out ulong z0, out ulong z1, out ulong z2)
    {
        z2 = a2 - b2;
        ulong borrow1 = a2 < b2 ? 1UL : 0;
        ulong t1 = a1 - b1;
        ulong borrow0 = a1 < b1 ? 1UL : 0;
        borrow0 += t1 < borrow1 ? 1UL : 0;
        z1 = t1 - borrow1;
        z0 = a0 - b0 - borrow0;
    }

    public static void Mul128By64To192(ulong a0, ulong a1, ulong b, out ulong z0, out ulong z1, out ulong z2)
    {
        Mul64To128(a1, b, out ulong m1, out z2);
        Mul64To128(a0, b, out ulong p0, out ulong p1);
        Add128(p0, p1, 0, m1, out z0, out z1);
    }

    public static void Mul128To256(ulong a0, ulong a1, ulong b0, ulong b1, out ulong z0, out ulong z1, out ulong z2, out ulong z3)
    {
        Mul64To128(a1, b0, out ulong m1, out ulong m2);
        Mul64To128(a0, b1, out ulong n1, out ulong n2);
        Mul64To128(a1, b1, out ulong p2, out z3);
        Mul64To128(a0, b0, out ulong p0, out ulong p1);
        Add192(0, m1, m2, 0, n1, n2, out ulong s0, out ulong s1, out ulong s2);
        Add192(s0, s1, s2, p0, p1, p2, out z0, out z1, out z2);
    }

    public static void Shift128RightJamming(ulong a0, ulong a1, int count, out ulong z0, out ulong z1)
    {
        if (count == 0)
        {
            z0 = a0;
            z1 = a1;
        }
        else if (count < 64)
        {
            z1 = (a0 << (64 - count)) | (a1 >> count) | ((a1 << (64 - count)) != 0 ? 1UL : 0);
            z0 = a0 >> count;
        }
        else
        {
            if (count == 64)
                z1 = a0 | (a1 != 0 ? 1UL : 0);
            else if (count < 128)
                z1 = (a0 >> (count & 63)) | (((a0 << (64 - (count & 63))) | a1) != 0 ? 1UL : 0);
            else
                z1 = (a0 | a1) != 0 ? 1UL : 0;
            z0 = 0;
        }
    }

    public static void Shift128Right(ulong a0, ulong a1, int count, out ulong z0, out ulong z1)
    {
        if (count == 0)
        {
            z0 = a0;
            z1 = a1;
        }
        else if (count < 64)
        {
            z1 = (a0 << (64 - count)) | (a1 >> count);
            z0 = a0 >> count;
        }
        else
        {
            z1 = count < 128 ? a0 >> (count & 63) : 0;
            z0 = 0;
        }
    }

    public static void Shift128Left(ulong a0, ulong a1, int count, out ulong z0, out ulong z1)
    {
        if (count == 0)
        {
            z0 = a0;
            z1 = a1;
        }
        else if (count < 64)
        {
            z1 = a1 << count;
            z0 = (a0 << count) | (a1 >> (64 - count));
        }
        else
        {
            z1 = 0;
            z0 = count < 128 ? a1 << (count - 64) : 0;
        }
    }

    public static ulong EstimateDiv128To64(ulong a0, ulong a1, ulong b)
    {
        if (b <= a0)
            return ulong.MaxValue;
        ulong b0 = b >> 32;
        ulong z = (b0 << 32) <= a0 ? 0xFFFF_FFFF_0000_0000 : (a0 / b0) << 32;
        Mul64To128(b, z, out ulong term0, out ulong term1);
        Sub128(a0, a1, term0, term1, out ulong rem0, out ulong rem1);
        while ((long)rem0 < 0)
        {
            z -= 0x1_0000_0000;
            ulong b1 = b << 32;
            Add128(rem0, rem1, b0, b1, out rem0, out rem1);
        }
        rem0 = (rem0 << 32) | (rem1 >> 32);
        z |= (b0 << 32) <= rem0 ? 0xFFFF_FFFF : rem0 / b0;
        return z;
    }

    public static int Clz64(ulong v) => BitOperations.LeadingZeroCount(v);

    public static int Clz32(uint v) => BitOperations.LeadingZeroCount(v);
}
