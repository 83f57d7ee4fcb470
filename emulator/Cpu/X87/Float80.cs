namespace PcEmu.Cpu.X87;

/// <summary>
/// An x87 double extended-precision value exactly as the 80-bit register holds it (SDM Vol. 1, 4.2.2):
/// sign, 15-bit biased exponent (bias 16383) and a 64-bit significand whose bit 63 is the explicit
/// integer bit J. Every encoding is representable, including the ones the FPU refuses as operands
/// (unnormals, pseudo-NaNs and pseudo-infinities: exponent non-zero with J clear).
/// </summary>
public readonly struct Float80 : IEquatable<Float80>
{
    public const int Bias = 16383;
    public const int MaxExponent = 0x7FFF;
    public const ulong IntegerBit = 0x8000_0000_0000_0000;
    public const ulong QuietBit = 0x4000_0000_0000_0000;

    public readonly ulong Significand;
    public readonly ushort SignExponent;

    public Float80(ushort signExponent, ulong significand)
    {
        SignExponent = signExponent;
        Significand = significand;
    }

    public Float80(bool sign, int exponent, ulong significand)
    {
        SignExponent = (ushort)((sign ? 0x8000 : 0) | (exponent & MaxExponent));
        Significand = significand;
    }

    public bool Sign => (SignExponent & 0x8000) != 0;
    public int Exponent => SignExponent & MaxExponent;

    public static Float80 Zero => new(0, 0);
    public static Float80 NegativeZero => new(0x8000, 0);
    public static Float80 One => new(0x3FFF, IntegerBit);
    public static Float80 Infinity => new(0x7FFF, IntegerBit);
    public static Float80 NegativeInfinity => new(0xFFFF, IntegerBit);

    /// <summary>The real indefinite (SDM Vol. 1, 4.8.3.7): negative quiet NaN with fraction 0.</summary>
    public static Float80 DefaultNaN => new(0xFFFF, 0xC000_0000_0000_0000);

    /// <summary>Exponent non-zero but J clear: unnormal, pseudo-NaN or pseudo-infinity (invalid operands since the 387).</summary>
    public bool IsInvalidEncoding => Exponent != 0 && (Significand & IntegerBit) == 0;
    public bool IsZero => Exponent == 0 && Significand == 0;
    /// <summary>Exponent 0 with a non-zero significand: a denormal, or with J set a pseudo-denormal.</summary>
    public bool IsDenormal => Exponent == 0 && Significand != 0;
    public bool IsPseudoDenormal => Exponent == 0 && (Significand & IntegerBit) != 0;
    public bool IsInfinity => Exponent == MaxExponent && Significand == IntegerBit;
    /// <summary>Any NaN with the integer bit set (pseudo-NaNs are invalid encodings instead).</summary>
    public bool IsNaN => Exponent == MaxExponent && (Significand & IntegerBit) != 0 && (Significand << 1) != 0;
    public bool IsSignalingNaN => IsNaN && (Significand & QuietBit) == 0;
    public bool IsQuietNaN => IsNaN && (Significand & QuietBit) != 0;
    /// <summary>A finite value the FPU computes with: zero, denormal, pseudo-denormal or normal.</summary>
    public bool IsFiniteOperand => Exponent != MaxExponent && !IsInvalidEncoding;

    public Float80 Negate() => new((ushort)(SignExponent ^ 0x8000), Significand);
    public Float80 Abs() => new((ushort)(SignExponent & 0x7FFF), Significand);
    public Float80 WithSign(bool sign) => new((ushort)((SignExponent & 0x7FFF) | (sign ? 0x8000 : 0)), Significand);
    public Float80 Quieted() => new(SignExponent, Significand | QuietBit);

    public static Float80 FromBytes(ReadOnlySpan<byte> b) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(b[8..]), System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b));

    public void WriteBytes(Span<byte> b)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, Significand);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b[8..], SignExponent);
    }

    public bool Equals(Float80 other) => Significand == other.Significand && SignExponent == other.SignExponent;
    public override bool Equals(object? obj) => obj is Float80 f && Equals(f);
    public override int GetHashCode() => HashCode.Combine(Significand, SignExponent);
    public static bool operator ==(Float80 a, Float80 b) => a.Equals(b);
    public static bool operator !=(Float80 a, Float80 b) => !a.Equals(b);
    public override string ToString() => $"{SignExponent:x4}:{Significand:x16}";
}
