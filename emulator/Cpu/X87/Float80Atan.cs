using static PcEmu.Cpu.X87.WideArithmetic;

namespace PcEmu.Cpu.X87;

/// <summary>
/// FPATAN (arctan(ST1/ST0) in the quadrant of the signs) with the algorithm of QEMU's helper_fpatan:
/// x = num/den in (0, 1] by a 128-bit division, split as x = t + y with t the nearest multiple of 1/8,
/// arctan x = arctan t (table, high and low parts) + arctan(y/(1 + tx)) (odd polynomial), then added to
/// or subtracted from pi/2 or pi as the quadrant requires, rounded once. Same constants and steps as QEMU.
/// </summary>
public static partial class Float80Math
{
    private const int Pi4Exp = 0x3ffe, Pi2Exp = 0x3fff, Pi34Exp = 0x4000, PiExp = 0x4000;
    private const ulong PiSigHigh = 0xc90fdaa22168c234, PiSigLow = 0xc4c6628b80dc1cd1;
    private const ulong Pi34SigHigh = 0x96cbe3f9990e91a7, Pi34SigLow = 0x9394c9e8a0a5159d;

    private static readonly Float80 FpatanCoeff0 = new(0x3fff, 0x8000000000000000);
    private static readonly Float80[] FpatanCoeffs =
    {
        new(0xbffd, 0xaaaaaaaaaaaaaa43), new(0x3ffc, 0xccccccccccbfe4f8), new(0xbffc, 0x92492491fbab2e66),
        new(0x3ffb, 0xe38e372881ea1e0b), new(0xbffb, 0xba2c0104bbdd0615), new(0x3ffb, 0x9baf7ebf898b42ef),
    };

    // (arctan(n/8) high, low) for n = 0..8.
    private static readonly Float80[] FpatanTable =
    {
        new(0x0000, 0x0000000000000000), new(0x0000, 0x0000000000000000),
        new(0x3ffb, 0xfeadd4d5617b6e33), new(0xbfb9, 0xdda19d8305ddc420),
        new(0x3ffc, 0xfadbafc96406eb15), new(0x3fbb, 0xdb8f3debef442fcc),
        new(0x3ffd, 0xb7b0ca0f26f78474), new(0xbfbc, 0xeab9bdba460376fa),
        new(0x3ffd, 0xed63382b0dda7b45), new(0x3fbc, 0xdfc88bd978751a06),
        new(0x3ffe, 0x8f005d5ef7f59f9b), new(0x3fbd, 0xb906bc2ccb886e90),
        new(0x3ffe, 0xa4bc7d1934f70924), new(0x3fbb, 0xcd43f9522bed64f8),
        new(0x3ffe, 0xb8053e2bc2319e74), new(0xbfbc, 0xd3496ab7bd6eef0c),
        new(0x3ffe, 0xc90fdaa22168c235), new(0xbfbc, 0xece675d1fc8f8cbc),
    };

    /// <summary>FPATAN: arctan(<paramref name="st1"/> / <paramref name="st0"/>).</summary>
    public static Float80 Fpatan(Float80 st0, Float80 st1, ref FloatEnvironment env)
    {
        ulong arg0Sig = st0.Significand, arg1Sig = st1.Significand;
        int arg0Exp = st0.Exponent, arg1Exp = st1.Exponent;
        bool arg0Sign = st0.Sign, arg1Sign = st1.Sign;
        if (NaNOrInvalidOperand(st0, st1, ref env) is { } special)
            return special;
        if (st1.IsZero && !arg0Sign)
            return st1;
        if (((st0.IsInfinity && !st1.IsInfinity) || arg0Exp - arg1Exp >= 80) && !arg0Sign)
        {
            // ST1/ST0 is the result up to rounding; an exact quotient is nudged towards zero so that
            // the result stays inexact (and underflows where it should).
            var divEnv = new FloatEnvironment(env.Mode);
            Float80 q = Div(st1, st0, ref divEnv);
            env.Raise(divEnv.Flags & ~FloatFlags.Denormal);
            env.RoundedUp = divEnv.RoundedUp;
            if (!q.IsZero && (divEnv.Flags & FloatFlags.Precision) == 0)
            {
                ulong sig = q.Significand;
                int exp = q.Exponent;
                NormalizeSubnormal(ref exp, ref sig);
                return NormalizeRoundPack(q.Sign, exp, new UInt128(sig - 1, ulong.MaxValue), 64, ref env);
            }
            return q;
        }

        bool rsign = arg1Sign;
        int rexp;
        ulong rsig0, rsig1;
        if (st1.IsZero)
        {
            rexp = PiExp;
            rsig0 = PiSigHigh;
            rsig1 = PiSigLow;
        }
        else if (st1.IsInfinity)
        {
            if (st0.IsInfinity)
            {
                if (arg0Sign)
                {
                    rexp = Pi34Exp;
                    rsig0 = Pi34SigHigh;
                    rsig1 = Pi34SigLow;
                }
                else
                {
                    rexp = Pi4Exp;
                    rsig0 = PiSigHigh;
                    rsig1 = PiSigLow;
                }
            }
            else
            {
                rexp = Pi2Exp;
                rsig0 = PiSigHigh;
                rsig1 = PiSigLow;
            }
        }
        else if (st0.IsZero || arg1Exp - arg0Exp >= 80)
        {
            rexp = Pi2Exp;
            rsig0 = PiSigHigh;
            rsig1 = PiSigLow;
        }
        else if (st0.IsInfinity || arg0Exp - arg1Exp >= 80)
        {
            rexp = PiExp;
            rsig0 = PiSigHigh;
            rsig1 = PiSigLow;
        }
        else
        {
            AtanFinite(arg0Sign, arg0Exp, arg0Sig, arg1Exp, arg1Sig, out rexp, out rsig0, out rsig1);
        }
        rsig1 |= 1;
        return NormalizeRoundPack(rsign, rexp, new UInt128(rsig0, rsig1), 64, ref env);
    }

    private static bool IsSignalingAny(Float80 a)
    {
        ulong low = a.Significand & ~Float80.QuietBit;
        return a.Exponent == Float80.MaxExponent && (low << 1) != 0 && a.Significand == low;
    }

    private static void AtanFinite(bool arg0Sign, int arg0Exp, ulong arg0Sig, int arg1Exp, ulong arg1Sig, out int rexp, out ulong rsig0, out ulong rsig1)
    {
        var work = new FloatEnvironment(RoundingMode.NearestEven);
        NormalizeSubnormal(ref arg0Exp, ref arg0Sig);
        NormalizeSubnormal(ref arg1Exp, ref arg1Sig);
        int numExp, denExp, adjExp;
        ulong numSig, denSig, adjSig0, adjSig1;
        bool adjSub;
        if (arg0Exp > arg1Exp || (arg0Exp == arg1Exp && arg0Sig >= arg1Sig))
        {
            numExp = arg1Exp;
            numSig = arg1Sig;
            denExp = arg0Exp;
            denSig = arg0Sig;
            if (arg0Sign)
            {
                adjExp = PiExp;
                adjSig0 = PiSigHigh;
                adjSig1 = PiSigLow;
                adjSub = true;
            }
            else
            {
                adjExp = 0;
                adjSig0 = 0;
                adjSig1 = 0;
                adjSub = false;
            }
        }
        else
        {
            numExp = arg0Exp;
            numSig = arg0Sig;
            denExp = arg1Exp;
            denSig = arg1Sig;
            adjExp = Pi2Exp;
            adjSig0 = PiSigHigh;
            adjSig1 = PiSigLow;
            adjSub = !arg0Sign;
        }

        // x = num/den, 0 < x <= 1.
        int xexp = numExp - denExp + 0x3ffe;
        ulong remsig0 = numSig, remsig1 = 0, remsig2;
        if (denSig <= remsig0)
        {
            Shift128Right(remsig0, remsig1, 1, out remsig0, out remsig1);
            ++xexp;
        }
        ulong xsig0 = EstimateDiv128To64(remsig0, remsig1, denSig);
        Mul64To128(denSig, xsig0, out ulong msig0, out ulong msig1);
        Sub128(remsig0, remsig1, msig0, msig1, out remsig0, out remsig1);
        while ((long)remsig0 < 0)
        {
            --xsig0;
            Add128(remsig0, remsig1, 0, denSig, out remsig0, out remsig1);
        }
        ulong xsig1 = EstimateDiv128To64(remsig1, 0, denSig);

        // x = t + y with t = n/8 the nearest multiple of 1/8.
        Float80 x8 = NormalizeRoundPack(false, xexp + 3, new UInt128(xsig0, xsig1), 64, ref work);
        int n = (int)ToInt(x8, 32, ref work);
        bool ysign;
        int yexp, texp;
        ulong ysig0, ysig1, tsig;
        if (n == 0)
        {
            ysign = false;
            yexp = xexp;
            ysig0 = xsig0;
            ysig1 = xsig1;
            texp = 0;
            tsig = 0;
        }
        else
        {
            int shift = Clz32((uint)n) + 32;
            texp = 0x403b - shift;
            tsig = (ulong)n << shift;
            if (texp == xexp)
            {
                Sub128(xsig0, xsig1, tsig, 0, out ysig0, out ysig1);
                if ((long)ysig0 >= 0)
                {
                    ysign = false;
                    if (ysig0 == 0)
                    {
                        if (ysig1 == 0)
                        {
                            yexp = 0;
                        }
                        else
                        {
                            shift = Clz64(ysig1) + 64;
                            yexp = xexp - shift;
                            Shift128Left(ysig0, ysig1, shift, out ysig0, out ysig1);
                        }
                    }
                    else
                    {
                        shift = Clz64(ysig0);
                        yexp = xexp - shift;
                        Shift128Left(ysig0, ysig1, shift, out ysig0, out ysig1);
                    }
                }
                else
                {
                    ysign = true;
                    Sub128(0, 0, ysig0, ysig1, out ysig0, out ysig1);
                    shift = ysig0 == 0 ? Clz64(ysig1) + 64 : Clz64(ysig0);
                    yexp = xexp - shift;
                    Shift128Left(ysig0, ysig1, shift, out ysig0, out ysig1);
                }
            }
            else
            {
                Shift128RightJamming(xsig0, xsig1, texp - xexp, out ulong usig0, out ulong usig1);
                ysign = true;
                Sub128(tsig, 0, usig0, usig1, out ysig0, out ysig1);
                shift = ysig0 == 0 ? Clz64(ysig1) + 64 : Clz64(ysig0);
                yexp = texp - shift;
                Shift128Left(ysig0, ysig1, shift, out ysig0, out ysig1);
            }
        }

        // z = y/(1 + tx), so arctan x = arctan t + arctan z.
        bool zsign = ysign;
        int zexp;
        ulong zsig0, zsig1;
        if (texp == 0 || yexp == 0)
        {
            zexp = yexp;
            zsig0 = ysig0;
            zsig1 = ysig1;
        }
        else
        {
            int dexp = texp + xexp - 0x3ffe;
            Mul128By64To192(xsig0, xsig1, tsig, out ulong dsig0, out ulong dsig1, out _);
            Shift128RightJamming(dsig0, dsig1, 0x3fff - dexp, out dsig0, out dsig1);
            dsig0 |= 0x8000000000000000;
            zexp = yexp - 1;
            remsig0 = ysig0;
            remsig1 = ysig1;
            remsig2 = 0;
            if (dsig0 <= remsig0)
            {
                Shift128Right(remsig0, remsig1, 1, out remsig0, out remsig1);
                ++zexp;
            }
            zsig0 = EstimateDiv128To64(remsig0, remsig1, dsig0);
            Mul128By64To192(dsig0, dsig1, zsig0, out msig0, out msig1, out ulong msig2);
            Sub192(remsig0, remsig1, remsig2, msig0, msig1, msig2, out remsig0, out remsig1, out remsig2);
            while ((long)remsig0 < 0)
            {
                --zsig0;
                Add192(remsig0, remsig1, remsig2, 0, dsig0, dsig1, out remsig0, out remsig1, out remsig2);
            }
            zsig1 = EstimateDiv128To64(remsig1, remsig2, dsig0);
        }

        int azexp;
        ulong azsig0, azsig1;
        if (zexp == 0)
        {
            azexp = 0;
            azsig0 = 0;
            azsig1 = 0;
        }
        else
        {
            Mul128To256(zsig0, zsig1, zsig0, zsig1, out ulong z2sig0, out ulong z2sig1, out _, out _);
            Float80 z2 = NormalizeRoundPack(false, zexp + zexp - 0x3ffe, new UInt128(z2sig0, z2sig1), 64, ref work);
            Float80 accum = Mul(FpatanCoeffs[5], z2, ref work);
            for (int k = 4; k >= 0; k--)
            {
                accum = Add(FpatanCoeffs[k], accum, ref work);
                accum = Mul(accum, z2, ref work);
            }
            int aexp = FpatanCoeff0.Exponent;
            Shift128RightJamming(accum.Significand, 0, aexp - accum.Exponent, out ulong asig0, out ulong asig1);
            Sub128(FpatanCoeff0.Significand, 0, asig0, asig1, out asig0, out asig1);
            azexp = aexp + zexp - 0x3ffe;
            Mul128To256(asig0, asig1, zsig0, zsig1, out azsig0, out azsig1, out _, out _);
        }

        int axexp;
        ulong axsig0, axsig1;
        if (texp == 0)
        {
            axexp = azexp;
            axsig0 = azsig0;
            axsig1 = azsig1;
        }
        else
        {
            Float80 high = FpatanTable[2 * n], low = FpatanTable[2 * n + 1];
            int lowExp = low.Exponent;
            ulong lowSig0 = low.Significand, lowSig1 = 0;
            axexp = high.Exponent;
            axsig0 = high.Significand;
            axsig1 = 0;
            Shift128RightJamming(lowSig0, lowSig1, axexp - lowExp, out lowSig0, out lowSig1);
            if (low.Sign)
                Sub128(axsig0, axsig1, lowSig0, lowSig1, out axsig0, out axsig1);
            else
                Add128(axsig0, axsig1, lowSig0, lowSig1, out axsig0, out axsig1);
            if (azexp >= axexp)
            {
                Shift128RightJamming(axsig0, axsig1, azexp - axexp + 1, out axsig0, out axsig1);
                axexp = azexp + 1;
                Shift128RightJamming(azsig0, azsig1, 1, out azsig0, out azsig1);
            }
            else
            {
                Shift128RightJamming(axsig0, axsig1, 1, out axsig0, out axsig1);
                Shift128RightJamming(azsig0, azsig1, axexp - azexp + 1, out azsig0, out azsig1);
                ++axexp;
            }
            if (zsign)
                Sub128(axsig0, axsig1, azsig0, azsig1, out axsig0, out axsig1);
            else
                Add128(axsig0, axsig1, azsig0, azsig1, out axsig0, out axsig1);
        }

        if (adjExp == 0)
        {
            rexp = axexp;
            rsig0 = axsig0;
            rsig1 = axsig1;
        }
        else
        {
            if (adjExp >= axexp)
            {
                Shift128RightJamming(axsig0, axsig1, adjExp - axexp + 1, out axsig0, out axsig1);
                rexp = adjExp + 1;
                Shift128RightJamming(adjSig0, adjSig1, 1, out adjSig0, out adjSig1);
            }
            else
            {
                Shift128RightJamming(axsig0, axsig1, 1, out axsig0, out axsig1);
                Shift128RightJamming(adjSig0, adjSig1, axexp - adjExp + 1, out adjSig0, out adjSig1);
                rexp = axexp + 1;
            }
            if (adjSub)
                Sub128(adjSig0, adjSig1, axsig0, axsig1, out rsig0, out rsig1);
            else
                Add128(adjSig0, adjSig1, axsig0, axsig1, out rsig0, out rsig1);
        }
    }
}
