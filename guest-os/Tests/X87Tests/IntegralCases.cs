namespace GuestOs.Tests.Platform;

/// <summary>FRNDINT in every rounding mode, FSCALE, FXTRACT, FPREM and FPREM1 (quotient bits in C0 C3 C1).</summary>
internal static class IntegralCases
{
    public static void Run()
    {
        for (int rc = 0; rc < 4; rc++)
        {
            X87Code.Begin((ushort)(0x037F | (rc << 10)));
            X87Code.Put80(0, 0x4000, 0xA000_0000_0000_0000);   // 2.5
            X87Code.Put80(1, 0xC000, 0xE000_0000_0000_0000);   // -3.5
            X87Code.Put80(2, 0x3FFD, 0x9999_9999_9999_999A);   // 0.3
            X87Code.Put80(3, 0xBFFE, 0xB333_3333_3333_3333);   // -0.7
            X87Code.Put80(4, V.OneE, V.AllOnes);               // 1.999...
            X87Code.Put80(5, 0x403D, 0xFFFF_FFFF_FFFF_FFFF);   // 2^63 - 0.5
            X87Code.Put80(6, 0x8000, 0x0000_0000_0000_0001);   // -denormal
            for (int k = 0; k < 7; k++)
            {
                X87Code.In(X87Code.FldM80, k); X87Code.Op(0xD9, 0xFC); X87Code.Out(X87Code.FstpM80, k);
            }
            X87Code.Run(string.Concat("frndint rc", rc.ToString()), "ttttttt");
        }

        // FSCALE: ST0 * 2^trunc(ST1).
        Scale("fscale 1.5*2^3.7", 0x3FFF, 0xC000_0000_0000_0000, 0x4000, 0xECCC_CCCC_CCCC_CCCD);
        Scale("fscale 1*2^-16400", V.OneE, V.J, 0xC00D, 0x8020_0000_0000_0000);
        Scale("fscale max*2^1", 0x7FFE, V.AllOnes, V.OneE, V.J);
        Scale("fscale 3*2^-2.9", V.TwoE, V.Three, 0xC000, 0xB999_9999_9999_999A);
        Scale("fscale 0*2^inf", 0, 0, 0x7FFF, V.J);
        Scale("fscale inf*2^-inf", 0x7FFF, V.J, 0xFFFF, V.J);
        Scale("fscale 5*2^-inf", 0x4001, 0xA000_0000_0000_0000, 0xFFFF, V.J);
        Scale("fscale 1*2^1e10", V.OneE, V.J, 0x4020, 0x9502_F900_0000_0000);
        Scale("fscale qnan", V.OneE, V.J, 0x7FFF, 0xC000_0000_0000_0042);

        // FXTRACT of 10, a denormal, -0, -inf and a QNaN.
        Extract(0, 0x4002, V.Ten);
        Extract(1, 0x0000, 0x0000_0001_0000_0000);
        Extract(2, 0x8000, 0);
        Extract(3, 0xFFFF, V.J);
        Extract(4, 0x7FFF, 0xC000_0000_0000_0077);

        // FPREM / FPREM1.
        Remainder("fprem 7.5,2", 0x4001, 0xF000_0000_0000_0000, V.TwoE, V.J, 0xF8);
        Remainder("fprem1 7.5,2", 0x4001, 0xF000_0000_0000_0000, V.TwoE, V.J, 0xF5);
        Remainder("fprem -23,3", 0xC003, 0xB800_0000_0000_0000, V.TwoE, V.Three, 0xF8);
        Remainder("fprem1 -23,3", 0xC003, 0xB800_0000_0000_0000, V.TwoE, V.Three, 0xF5);
        Remainder("fprem1 7,2", 0x4001, V.Seven, V.TwoE, V.J, 0xF5);
        Remainder("fprem 1e30,3", 0x4062, 0xC9F2_C9CD_0467_4EDF, V.TwoE, V.Three, 0xF8);
        Remainder("fprem1 1e30,pi", 0x4062, 0xC9F2_C9CD_0467_4EDF, 0x4000, 0xC90F_DAA2_2168_C235, 0xF5);
        Remainder("fprem 1,0", V.OneE, V.J, 0, 0, 0xF8);
        Remainder("fprem inf,1", 0x7FFF, V.J, V.OneE, V.J, 0xF8);
        Remainder("fprem 5,inf", 0x4001, 0xA000_0000_0000_0000, 0x7FFF, V.J, 0xF8);
        Remainder("fprem denormal,min", 0, 0x7000_0000_0000_0001, 0x0001, 0xC000_0000_0000_0000, 0xF8);
        Remainder("fprem 2^-70,3", 0x3FB9, V.J, V.TwoE, V.Three, 0xF5);
    }

    private static void Extract(int k, ushort e, ulong m)
    {
        X87Code.Begin();
        X87Code.Put80(0, e, m);
        X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xF4);
        X87Code.Run(string.Concat("fxtract ", k.ToString()));
    }

    private static void Scale(string name, ushort ae, ulong am, ushort be, ulong bm)
    {
        X87Code.Begin();
        X87Code.Put80(0, ae, am);
        X87Code.Put80(1, be, bm);
        X87Code.In(X87Code.FldM80, 1);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.Op(0xD9, 0xFD);
        X87Code.Run(name);
    }

    /// <summary>
    /// FPREM1's quotient bits (C0 C3 C1) are masked: QEMU 7.2 leaves them 0 (its FloatParts remainder
    /// reports no quotient for the IEEE remainder); FPREM's are compared.
    /// </summary>
    private static void Remainder(string name, ushort ae, ulong am, ushort be, ulong bm, byte op)
    {
        X87Code.Begin();
        if (op == 0xF5)
            X87Code.StatusMask = 0xBCFD;
        X87Code.Put80(0, ae, am);
        X87Code.Put80(1, be, bm);
        X87Code.In(X87Code.FldM80, 1);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.Op(0xD9, op);
        X87Code.Out(X87Code.FnstswM, 0);
        X87Code.Run(name, op == 0xF5 ? "s" : "x");
    }
}
