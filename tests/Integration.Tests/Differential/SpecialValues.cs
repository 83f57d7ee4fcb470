namespace Integration.Tests.Differential;

/// <summary>
/// Values random bits rarely produce: integer edges (sign boundaries, BCD digits, shift counts)
/// and the IEEE specials (signed zeros, denormals, infinities, quiet and signalling NaNs,
/// integer-conversion edges, ties for round-to-even). The SSE ones form the constant pool the
/// harness copies to <see cref="DiffLayout.ConstPool"/>.
/// </summary>
public static class SpecialValues
{
    public static readonly uint[] Integers =
    {
        0, 1, 2, 9, 10, 0x99, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
        0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FF80, 0xFFFF_FFFE, 0xFFFF_FFFF,
    };

    public static readonly byte[] Counts = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 255 };

    private static readonly uint[] Floats =
    {
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3FC0_0000, 0x3DCC_CCCD, 0x4040_0000, 0x7F7F_FFFF,
        0x0000_0001, 0x0080_0000, 0x0001_16C2, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001, 0xFFC1_2345,
        0x4F00_0000, 0xCF00_0001, 0x3F00_0000, 0x4020_0000, 0xC060_0000, 0x5015_02F9, 0x807F_FFFF, 0x4B40_0000,
    };

    private static readonly ulong[] Doubles =
    {
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,
        0x3FF8_0000_0000_0000, 0x3FB9_9999_9999_999A, 0x7FEF_FFFF_FFFF_FFFF, 0x0000_0000_0000_0001,
        0x0010_0000_0000_0000, 0x0000_1268_8B70_E62B, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0xFFF8_1234_5678_9ABC, 0x41E0_0000_0000_0000,
        0xC1E0_0000_0010_0000, 0x4004_0000_0000_0000, 0xC00C_0000_0000_0000, 0x41F0_0000_0000_0000,
        0x7E37_E43C_8800_759C, 0x01A5_6E1F_C2F8_F359, 0x47EF_FFFF_E000_0000, 0x4812_4DD2_F1A9_FBE7,
    };

    public const int PoolEntries = 32;

    /// <summary>32 entries of 16 bytes: 16 of four floats, 12 of two doubles, 4 of integer edges.</summary>
    public static uint[] PoolDwords { get; } = BuildPool();

    private static uint[] BuildPool()
    {
        var rng = new Random(0x5EED);
        var pool = new uint[PoolEntries * 4];
        for (int e = 0; e < PoolEntries; e++)
        {
            for (int lane = 0; lane < 4; lane += e is >= 16 and < 28 ? 2 : 1)
            {
                if (e < 16)
                {
                    pool[e * 4 + lane] = Floats[rng.Next(Floats.Length)];
                }
                else if (e < 28)
                {
                    ulong d = Doubles[rng.Next(Doubles.Length)];
                    pool[e * 4 + lane] = (uint)d;
                    pool[e * 4 + lane + 1] = (uint)(d >> 32);
                }
                else
                {
                    pool[e * 4 + lane] = Integers[rng.Next(Integers.Length)];
                }
            }
        }
        return pool;
    }
}
