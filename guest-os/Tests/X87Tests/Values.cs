namespace GuestOs.Tests.Platform;

/// <summary>Extended-precision operands as sign/exponent word and significand.</summary>
internal static class V
{
    public const ushort OneE = 0x3FFF, TwoE = 0x4000;
    public const ulong J = 0x8000_0000_0000_0000;
    public const ulong Three = 0xC000_0000_0000_0000;     // with exponent 4000h
    public const ulong Ten = 0xA000_0000_0000_0000;       // with exponent 4002h
    public const ulong Seven = 0xE000_0000_0000_0000;     // with exponent 4001h
    public const ulong AllOnes = 0xFFFF_FFFF_FFFF_FFFF;   // 1.999... with exponent 3FFFh
    public const ulong OneThird = 0xAAAA_AAAA_AAAA_AAAB;  // with exponent 3FFDh
}
