namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// 32-bit division helpers the compiler's scanner asks for. x86 divides in hardware, so
/// these only check the cases the hardware would fault on.
/// </summary>
internal static class MathHelpers
{
    internal static int IMod(int i, int j)
    {
        if (j == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        return j == -1 ? 0 : i % j;
    }

    internal static uint UMod(uint i, uint j)
    {
        if (j == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        return i % j;
    }

    internal static int IDiv(int i, int j)
    {
        if (j == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        if (j == -1 && i == int.MinValue)
            ThrowHelpers.ThrowOverflowException();
        return i / j;
    }

    internal static uint UDiv(uint i, uint j)
    {
        if (j == 0)
            ThrowHelpers.ThrowDivideByZeroException();
        return i / j;
    }

    internal static long LMod(long i, long j) => System.Math.ModInt64(i, j);

    internal static ulong ULMod(ulong i, ulong j) => System.Math.ModUInt64(i, j);

    internal static long LDiv(long i, long j) => System.Math.DivInt64(i, j);

    internal static ulong ULDiv(ulong i, ulong j) => System.Math.DivUInt64(i, j);
}
