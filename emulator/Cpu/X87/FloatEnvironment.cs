namespace PcEmu.Cpu.X87;

/// <summary>x87 rounding control (FCW bits 11:10, SDM Vol. 1, 4.8.4).</summary>
public enum RoundingMode
{
    NearestEven = 0,
    Down = 1,
    Up = 2,
    TowardZero = 3,
}

/// <summary>Exception flags as they appear in FSW bits 5:0 (SDM Vol. 1, 8.1.3.1).</summary>
public static class FloatFlags
{
    public const int Invalid = 1, Denormal = 2, DivideByZero = 4, Overflow = 8, Underflow = 16, Precision = 32;
}

/// <summary>
/// The rounding context of one soft-float operation: rounding mode, significand precision (24, 53 or 64
/// bits, from FCW.PC for the operations it governs) and the accumulated exception flags. When
/// <see cref="RebiasOverflow"/>/<see cref="RebiasUnderflow"/> are set (OE/UE unmasked) an out-of-range
/// result keeps its significand and has its exponent adjusted by 24576 (SDM Vol. 1, 8.5.4-8.5.5).
/// <see cref="RoundedUp"/> reports that the last rounding increased the magnitude (FSW.C1).
/// </summary>
public struct FloatEnvironment
{
    public const int ExponentRebias = 24576;

    public RoundingMode Mode;
    public int Precision;
    public int Flags;
    public bool RoundedUp;
    public bool RebiasOverflow;
    public bool RebiasUnderflow;

    public FloatEnvironment(RoundingMode mode, int precision = 64)
    {
        Mode = mode;
        Precision = precision;
        Flags = 0;
        RoundedUp = false;
        RebiasOverflow = false;
        RebiasUnderflow = false;
    }

    public void Raise(int flags) => Flags |= flags;
}
