using Internal.Runtime.CompilerHelpers;

namespace System;

/// <summary>
/// Math, including the 64-bit division helpers that RyuJIT calls for <c>/</c> and <c>%</c>
/// on longs when targeting 32-bit x86. They use only shifts, compares and subtraction, so
/// they never call themselves.
/// </summary>
public static class Math
{
    public static int Abs(int value) => value < 0 ? -value : value;

    public static long Abs(long value) => value < 0 ? -value : value;

    public static int Min(int a, int b) => a < b ? a : b;

    public static int Max(int a, int b) => a > b ? a : b;

    public static uint Min(uint a, uint b) => a < b ? a : b;

    public static uint Max(uint a, uint b) => a > b ? a : b;

    public static long Min(long a, long b) => a < b ? a : b;

    public static long Max(long a, long b) => a > b ? a : b;

    internal static ulong DivUInt64(ulong dividend, ulong divisor)
    {
        if (divisor == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        if ((dividend >> 32) == 0 && (divisor >> 32) == 0)
            return (uint)dividend / (uint)divisor;
        return DivideUnsigned(dividend, divisor, out _);
    }

    internal static ulong ModUInt64(ulong dividend, ulong divisor)
    {
        if (divisor == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        if ((dividend >> 32) == 0 && (divisor >> 32) == 0)
            return (uint)dividend % (uint)divisor;
        DivideUnsigned(dividend, divisor, out ulong remainder);
        return remainder;
    }

    internal static long DivInt64(long dividend, long divisor)
    {
        if (divisor == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        if (divisor == -1 && dividend == long.MinValue)
            ThrowHelpers.ThrowOverflowException();
        ulong quotient = DivideUnsigned(Magnitude(dividend), Magnitude(divisor), out _);
        return (dividend < 0) != (divisor < 0) ? -(long)quotient : (long)quotient;
    }

    internal static long ModInt64(long dividend, long divisor)
    {
        if (divisor == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        if (divisor == -1)
            return 0;
        DivideUnsigned(Magnitude(dividend), Magnitude(divisor), out ulong remainder);
        return dividend < 0 ? -(long)remainder : (long)remainder;
    }

    internal static long MultiplyChecked(long a, long b)
    {
        long result = a * b;
        if (a != 0 && (result / a != b || (a == -1 && b == long.MinValue)))
            ThrowHelpers.ThrowOverflowException();
        return result;
    }

    internal static ulong MultiplyChecked(ulong a, ulong b)
    {
        ulong result = a * b;
        if (a != 0 && result / a != b)
            ThrowHelpers.ThrowOverflowException();
        return result;
    }

    private static ulong Magnitude(long value) => value < 0 ? (ulong)(-value) : (ulong)value;

    /// <summary>Restoring binary long division, one quotient bit per step.</summary>
    private static ulong DivideUnsigned(ulong dividend, ulong divisor, out ulong remainder)
    {
        ulong quotient = 0;
        ulong rest = 0;
        for (int bit = 63; bit >= 0; bit--)
        {
            rest = (rest << 1) | ((dividend >> bit) & 1);
            if (rest >= divisor)
            {
                rest -= divisor;
                quotient |= 1UL << bit;
            }
        }
        remainder = rest;
        return quotient;
    }
}
