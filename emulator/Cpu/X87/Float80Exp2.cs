using static PcEmu.Cpu.X87.WideArithmetic;

namespace PcEmu.Cpu.X87;

/// <summary>
/// F2XM1 (2^x - 1 for -1 &lt;= x &lt;= 1) with the algorithm of QEMU's helper_f2xm1 (fpu_helper.c, by
/// Joseph Myers): the nearest multiple t of 1/32 to x from a table holding 2^t and 2^t - 1 for values
/// t chosen so both are nearly exact, a degree-8 polynomial for (2^y - 1)/y with y = x - t, combined in
/// 128-bit fixed point and rounded once. The table and coefficients are QEMU's; every step is
/// reproduced so that the result matches QEMU bit for bit.
/// </summary>
public static partial class Float80Math
{
    private const ulong Ln2SigHigh = 0xb17217f7d1cf79ab, Ln2SigLow = 0xc9e3b39803f2f6af;

    private static readonly Float80 F2xm1Coeff0 = new(0x3ffe, 0xb17217f7d1cf79ac);
    private static readonly Float80 F2xm1Coeff0Low = new(0xbfbc, 0xd87edabf495b3762);
    private static readonly Float80[] F2xm1Coeffs =
    {
        new(0x3ffc, 0xf5fdeffc162c7543), new(0x3ffa, 0xe35846b82505fcc7), new(0x3ff8, 0x9d955b7dd273b899),
        new(0x3ff5, 0xaec3ff3c4ef4ac0c), new(0x3ff2, 0xa184897c3a7f0de9), new(0x3fee, 0xffe634d0ec30d504),
        new(0x3feb, 0xb160111d2db515e4),
    };

    // (t, 2^t, 2^t - 1) for t near n/32 - 1, n = 0..64.
    private static readonly Float80[] F2xm1Table =
    {
        new(0xbfff, 0x8000000000000000), new(0x3ffe, 0x8000000000000000), new(0xbffe, 0x8000000000000000),
        new(0xbffe, 0xf800000000002e7e), new(0x3ffe, 0x82cd8698ac2b9160), new(0xbffd, 0xfa64f2cea7a8dd40),
        new(0xbffe, 0xefffffffffffe960), new(0x3ffe, 0x85aac367cc488345), new(0xbffd, 0xf4aa7930676ef976),
        new(0xbffe, 0xe800000000006f10), new(0x3ffe, 0x88980e8092da5c14), new(0xbffd, 0xeecfe2feda4b47d8),
        new(0xbffe, 0xe000000000008a45), new(0x3ffe, 0x8b95c1e3ea8ba2a5), new(0xbffd, 0xe8d47c382ae8bab6),
        new(0xbffe, 0xd7ffffffffff8a9e), new(0x3ffe, 0x8ea4398b45cd8116), new(0xbffd, 0xe2b78ce97464fdd4),
        new(0xbffe, 0xd0000000000019a0), new(0x3ffe, 0x91c3d373ab11b919), new(0xbffd, 0xdc785918a9dc8dce),
        new(0xbffe, 0xc7ffffffffff14df), new(0x3ffe, 0x94f4efa8fef76836), new(0xbffd, 0xd61620ae02112f94),
        new(0xbffe, 0xc000000000006530), new(0x3ffe, 0x9837f0518db87fbb), new(0xbffd, 0xcf901f5ce48f008a),
        new(0xbffe, 0xb7ffffffffff1723), new(0x3ffe, 0x9b8d39b9d54eb74c), new(0xbffd, 0xc8e58c8c55629168),
        new(0xbffe, 0xb00000000000b5e1), new(0x3ffe, 0x9ef5326091a0c366), new(0xbffd, 0xc2159b3edcbe7934),
        new(0xbffe, 0xa800000000006f8a), new(0x3ffe, 0xa27043030c49370a), new(0xbffd, 0xbb1f79f9e76d91ec),
        new(0xbffe, 0x9fffffffffff816a), new(0x3ffe, 0xa5fed6a9b15171cf), new(0xbffd, 0xb40252ac9d5d1c62),
        new(0xbffe, 0x97ffffffffffb621), new(0x3ffe, 0xa9a15ab4ea7c30e6), new(0xbffd, 0xacbd4a962b079e34),
        new(0xbffe, 0x8fffffffffff162b), new(0x3ffe, 0xad583eea42a1b886), new(0xbffd, 0xa54f822b7abc8ef4),
        new(0xbffe, 0x87ffffffffff4d34), new(0x3ffe, 0xb123f581d2ac7b51), new(0xbffd, 0x9db814fc5aa7095e),
        new(0xbffe, 0x800000000000227d), new(0x3ffe, 0xb504f333f9de539d), new(0xbffd, 0x95f619980c4358c6),
        new(0xbffd, 0xefffffffffff3978), new(0x3ffe, 0xb8fbaf4762fbd0a1), new(0xbffd, 0x8e08a1713a085ebe),
        new(0xbffd, 0xe00000000000df81), new(0x3ffe, 0xbd08a39f580bfd8c), new(0xbffd, 0x85eeb8c14fe804e8),
        new(0xbffd, 0xd00000000000bccf), new(0x3ffe, 0xc12c4cca667062f6), new(0xbffc, 0xfb4eccd6663e7428),
        new(0xbffd, 0xc00000000000eff0), new(0x3ffe, 0xc5672a1155069abe), new(0xbffc, 0xea6357baabe59508),
        new(0xbffd, 0xb000000000000fe6), new(0x3ffe, 0xc9b9bd866e2f234b), new(0xbffc, 0xd91909e6474372d4),
        new(0xbffd, 0x9fffffffffff2172), new(0x3ffe, 0xce248c151f84bf00), new(0xbffc, 0xc76dcfab81ed0400),
        new(0xbffd, 0x8fffffffffffafff), new(0x3ffe, 0xd2a81d91f12afb2b), new(0xbffc, 0xb55f89b83b541354),
        new(0xbffc, 0xffffffffffff81a3), new(0x3ffe, 0xd744fccad69d7d5e), new(0xbffc, 0xa2ec0cd4a58a0a88),
        new(0xbffc, 0xdfffffffffff1568), new(0x3ffe, 0xdbfbb797daf25a44), new(0xbffc, 0x901121a0943696f0),
        new(0xbffc, 0xbfffffffffff68da), new(0x3ffe, 0xe0ccdeec2a94f811), new(0xbffb, 0xf999089eab583f78),
        new(0xbffc, 0x9fffffffffff4690), new(0x3ffe, 0xe5b906e77c83657e), new(0xbffb, 0xd237c8c41be4d410),
        new(0xbffb, 0xffffffffffff8aee), new(0x3ffe, 0xeac0c6e7dd24427c), new(0xbffb, 0xa9f9c8c116ddec20),
        new(0xbffb, 0xbfffffffffff2d18), new(0x3ffe, 0xefe4b99bdcdb06eb), new(0xbffb, 0x80da33211927c8a8),
        new(0xbffa, 0xffffffffffff8ccb), new(0x3ffe, 0xf5257d152486d0f4), new(0xbffa, 0xada82eadb792f0c0),
        new(0xbff9, 0xffffffffffff11fe), new(0x3ffe, 0xfa83b2db722a0846), new(0xbff9, 0xaf89a491babef740),
        new(0x0000, 0x0000000000000000), new(0x3fff, 0x8000000000000000), new(0x0000, 0x0000000000000000),
        new(0x3ff9, 0xffffffffffff2680), new(0x3fff, 0x82cd8698ac2b9f6f), new(0x3ff9, 0xb361a62b0ae7dbc0),
        new(0x3ffb, 0x800000000000b500), new(0x3fff, 0x85aac367cc488345), new(0x3ffa, 0xb5586cf9891068a0),
        new(0x3ffb, 0xbfffffffffff4b67), new(0x3fff, 0x88980e8092da7cce), new(0x3ffb, 0x8980e8092da7cce0),
        new(0x3ffb, 0xffffffffffffff57), new(0x3fff, 0x8b95c1e3ea8bd6df), new(0x3ffb, 0xb95c1e3ea8bd6df0),
        new(0x3ffc, 0x9fffffffffff811f), new(0x3fff, 0x8ea4398b45cd4780), new(0x3ffb, 0xea4398b45cd47800),
        new(0x3ffc, 0xbfffffffffff9980), new(0x3fff, 0x91c3d373ab11b919), new(0x3ffc, 0x8e1e9b9d588dc8c8),
        new(0x3ffc, 0xdffffffffffff631), new(0x3fff, 0x94f4efa8fef70864), new(0x3ffc, 0xa7a77d47f7b84320),
        new(0x3ffc, 0xffffffffffff2499), new(0x3fff, 0x9837f0518db892d4), new(0x3ffc, 0xc1bf828c6dc496a0),
        new(0x3ffd, 0x8fffffffffff80fb), new(0x3fff, 0x9b8d39b9d54e3a79), new(0x3ffc, 0xdc69cdceaa71d3c8),
        new(0x3ffd, 0x9fffffffffffbc23), new(0x3fff, 0x9ef5326091a10313), new(0x3ffc, 0xf7a993048d081898),
        new(0x3ffd, 0xafffffffffff20ec), new(0x3fff, 0xa27043030c49370a), new(0x3ffd, 0x89c10c0c3124dc28),
        new(0x3ffd, 0xc00000000000fd2c), new(0x3fff, 0xa5fed6a9b15171cf), new(0x3ffd, 0x97fb5aa6c545c73c),
        new(0x3ffd, 0xd0000000000093be), new(0x3fff, 0xa9a15ab4ea7c30e6), new(0x3ffd, 0xa6856ad3a9f0c398),
        new(0x3ffd, 0xe00000000000c2ae), new(0x3fff, 0xad583eea42a17876), new(0x3ffd, 0xb560fba90a85e1d8),
        new(0x3ffd, 0xefffffffffff1e3f), new(0x3fff, 0xb123f581d2abef6c), new(0x3ffd, 0xc48fd6074aafbdb0),
        new(0x3ffd, 0xffffffffffff1c23), new(0x3fff, 0xb504f333f9de2cad), new(0x3ffd, 0xd413cccfe778b2b4),
        new(0x3ffe, 0x8800000000006344), new(0x3fff, 0xb8fbaf4762fbd0a1), new(0x3ffd, 0xe3eebd1d8bef4284),
        new(0x3ffe, 0x9000000000005d67), new(0x3fff, 0xbd08a39f580c668d), new(0x3ffd, 0xf4228e7d60319a34),
        new(0x3ffe, 0x9800000000009127), new(0x3fff, 0xc12c4cca6670e042), new(0x3ffe, 0x82589994cce1c084),
        new(0x3ffe, 0x9fffffffffff06f9), new(0x3fff, 0xc5672a11550655c3), new(0x3ffe, 0x8ace5422aa0cab86),
        new(0x3ffe, 0xa7fffffffffff80d), new(0x3fff, 0xc9b9bd866e2f234b), new(0x3ffe, 0x93737b0cdc5e4696),
        new(0x3ffe, 0xafffffffffff1470), new(0x3fff, 0xce248c151f83fd69), new(0x3ffe, 0x9c49182a3f07fad2),
        new(0x3ffe, 0xb800000000000e0a), new(0x3fff, 0xd2a81d91f12aec5c), new(0x3ffe, 0xa5503b23e255d8b8),
        new(0x3ffe, 0xc00000000000b7fa), new(0x3fff, 0xd744fccad69dd630), new(0x3ffe, 0xae89f995ad3bac60),
        new(0x3ffe, 0xc800000000003aa6), new(0x3fff, 0xdbfbb797daf25a44), new(0x3ffe, 0xb7f76f2fb5e4b488),
        new(0x3ffe, 0xd00000000000a6ae), new(0x3fff, 0xe0ccdeec2a954685), new(0x3ffe, 0xc199bdd8552a8d0a),
        new(0x3ffe, 0xd800000000004165), new(0x3fff, 0xe5b906e77c837155), new(0x3ffe, 0xcb720dcef906e2aa),
        new(0x3ffe, 0xe00000000000582c), new(0x3fff, 0xeac0c6e7dd24713a), new(0x3ffe, 0xd5818dcfba48e274),
        new(0x3ffe, 0xe800000000001a5d), new(0x3fff, 0xefe4b99bdcdb06eb), new(0x3ffe, 0xdfc97337b9b60dd6),
        new(0x3ffe, 0xefffffffffffc1ef), new(0x3fff, 0xf5257d152486a2fa), new(0x3ffe, 0xea4afa2a490d45f4),
        new(0x3ffe, 0xf800000000001069), new(0x3fff, 0xfa83b2db722a0e5c), new(0x3ffe, 0xf50765b6e4541cb8),
        new(0x3fff, 0x8000000000000000), new(0x4000, 0x8000000000000000), new(0x3fff, 0x8000000000000000),
    };

    public static Float80 F2xm1(Float80 x, ref FloatEnvironment env)
    {
        ulong sig = x.Significand;
        int exp = x.Exponent;
        bool sign = x.Sign;
        if (x.IsInvalidEncoding)
            return InvalidResult(ref env);
        if (x.Exponent == Float80.MaxExponent && (sig << 1) != 0)
            return x.IsSignalingNaN ? PickNaN(x, x, ref env) : x;
        if (exp > 0x3fff || (exp == 0x3fff && sig != Float80.IntegerBit))
            return InvalidResult(ref env);
        if (exp == 0x3fff)
            return sign ? new Float80(0xbffe, Float80.IntegerBit) : x;
        if (exp < 0x3fb0)
        {
            if (x.IsZero)
                return x;
            // 2^x - 1 ~ x * ln 2 with an extra-precise ln 2; the result is inexact.
            if (exp == 0)
            {
                int shift = Clz64(sig);
                sig <<= shift;
                exp = 1 - shift;
            }
            Mul128By64To192(Ln2SigHigh, Ln2SigLow, sig, out ulong s0, out ulong s1, out _);
            s1 |= 1;
            return NormalizeRoundPack(sign, exp, new UInt128(s0, s1), 64, ref env);
        }

        var work = new FloatEnvironment(RoundingMode.NearestEven);
        Float80 tmp = Scale(x, 5, 64, ref work);
        int n = 32 + (int)ToInt(tmp, 32, ref work);
        Float80 t = F2xm1Table[3 * n], exp2 = F2xm1Table[3 * n + 1], exp2m1 = F2xm1Table[3 * n + 2];
        Float80 y = Sub(x, t, ref work);
        if (y.IsZero)
        {
            // QEMU returns the table's t here (only reachable for x exactly equal to a table t).
            env.Raise(FloatFlags.Precision);
            return t;
        }
        Float80 accum = Mul(F2xm1Coeffs[6], y, ref work);
        for (int k = 5; k >= 0; k--)
        {
            accum = Add(F2xm1Coeffs[k], accum, ref work);
            accum = Mul(accum, y, ref work);
        }
        accum = Add(F2xm1Coeff0Low, accum, ref work);

        int aexp = F2xm1Coeff0.Exponent;
        bool asign = F2xm1Coeff0.Sign;
        Shift128RightJamming(accum.Significand, 0, aexp - accum.Exponent, out ulong asig0, out ulong asig1);
        ulong bsig0 = F2xm1Coeff0.Significand, bsig1 = 0;
        if (asign == accum.Sign)
            Add128(bsig0, bsig1, asig0, asig1, out asig0, out asig1);
        else
            Sub128(bsig0, bsig1, asig0, asig1, out asig0, out asig1);
        Mul128By64To192(asig0, asig1, y.Significand, out asig0, out asig1, out _);
        aexp += y.Exponent - 0x3ffe;
        asign ^= y.Sign;
        if (n != 32)
        {
            Mul128By64To192(asig0, asig1, exp2.Significand, out asig0, out asig1, out _);
            aexp += exp2.Exponent - 0x3ffe;
            int bexp = exp2m1.Exponent;
            bsig0 = exp2m1.Significand;
            bsig1 = 0;
            if (bexp < aexp)
            {
                Shift128RightJamming(bsig0, bsig1, aexp - bexp, out bsig0, out bsig1);
            }
            else if (aexp < bexp)
            {
                Shift128RightJamming(asig0, asig1, bexp - aexp, out asig0, out asig1);
                aexp = bexp;
            }
            bool bsign = exp2m1.Sign;
            if (asign == bsign)
            {
                Shift128RightJamming(asig0, asig1, 1, out asig0, out asig1);
                Shift128RightJamming(bsig0, bsig1, 1, out bsig0, out bsig1);
                ++aexp;
                Add128(asig0, asig1, bsig0, bsig1, out asig0, out asig1);
            }
            else
            {
                Sub128(bsig0, bsig1, asig0, asig1, out asig0, out asig1);
                asign = bsign;
            }
        }
        env.Raise(work.Flags);
        asig1 |= 1;
        return NormalizeRoundPack(asign, aexp, new UInt128(asig0, asig1), 64, ref env);
    }
}
