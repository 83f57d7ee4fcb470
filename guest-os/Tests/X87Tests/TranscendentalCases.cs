namespace GuestOs.Tests.Platform;

/// <summary>F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS and FPTAN on typical and edge arguments.</summary>
internal static class TranscendentalCases
{
    public static void Run()
    {
        // F2XM1 on 0.5, -0.5, 1e-5, 0.99, -1 | 1, 0.3, 2^-95, 2 (out of range).
        X87Code.Begin();
        F2xm1(0, 0x3FFE, V.J);
        F2xm1(1, 0xBFFE, V.J);
        F2xm1(2, 0x3FEE, 0xA7C5_AC47_1B47_8423);
        F2xm1(3, 0x3FFE, 0xFD70_A3D7_0A3D_70A4);
        F2xm1(4, 0xBFFF, V.J);
        X87Code.Run("f2xm1 a", "ttttt");
        X87Code.Begin();
        F2xm1(0, V.OneE, V.J);
        F2xm1(1, 0x3FFD, 0x9999_9999_9999_999A);
        F2xm1(2, 0x3FA0, V.J);
        F2xm1(3, 0x4000, V.J);
        F2xm1(4, 0xBFFC, 0xF5C2_8F5C_28F5_C28F);
        X87Code.Run("f2xm1 b", "ttttt");

        Binary("fyl2x 10,1", 0x4002, V.Ten, V.OneE, V.J, 0xF1);
        Binary("fyl2x 0.3,2", 0x3FFD, 0x9999_9999_9999_999A, V.TwoE, V.J, 0xF1);
        Binary("fyl2x 2^100,-1", 0x4063, V.J, 0xBFFF, V.J, 0xF1);
        Binary("fyl2x 1,5", V.OneE, V.J, 0x4001, 0xA000_0000_0000_0000, 0xF1);
        Binary("fyl2x 0,1", 0, 0, V.OneE, V.J, 0xF1);
        Binary("fyl2x -1,1", 0xBFFF, V.J, V.OneE, V.J, 0xF1);
        Binary("fyl2x 1.5,inf", V.OneE, V.Three, 0x7FFF, V.J, 0xF1);
        Binary("fyl2x e,1", 0x4000, 0xADF8_5458_A2BB_4A9A, V.OneE, V.J, 0xF1);
        Binary("fyl2xp1 0.25,1", 0x3FFD, V.J, V.OneE, V.J, 0xF9);
        Binary("fyl2xp1 -0.2,3", 0xBFFC, 0xCCCC_CCCC_CCCC_CCCD, V.TwoE, V.Three, 0xF9);
        Binary("fyl2xp1 1e-30,1", 0x3F9B, 0xA242_5FF7_5E14_FC32, V.OneE, V.J, 0xF9);
        Binary("fyl2xp1 0.5,1", 0x3FFE, V.J, V.OneE, V.J, 0xF9);
        Binary("fpatan 1,1", V.OneE, V.J, V.OneE, V.J, 0xF3);
        Binary("fpatan -1,1", 0xBFFF, V.J, V.OneE, V.J, 0xF3);
        Binary("fpatan 3,-2", V.TwoE, V.Three, 0xC000, V.J, 0xF3);
        Binary("fpatan -1,0", 0xBFFF, V.J, 0, 0, 0xF3);
        Binary("fpatan inf,inf", 0x7FFF, V.J, 0x7FFF, V.J, 0xF3);
        Binary("fpatan -inf,-inf", 0xFFFF, V.J, 0xFFFF, V.J, 0xF3);
        Binary("fpatan 1e10,1e-40", 0x4020, 0x9502_F900_0000_0000, 0x3F7A, 0x8B61_313B_BABC_E2C6, 0xF3);
        Binary("fpatan 7,0.1", 0x4001, V.Seven, 0x3FFB, 0xCCCC_CCCC_CCCC_CCCD, 0xF3);

        Trig(0, 0x3FFE, V.J);                           // 0.5
        Trig(1, V.OneE, V.J);                           // 1
        Trig(2, 0x4000, 0xC90F_DAA2_2168_C235);         // pi
        Trig(3, 0x4005, 0xC800_0000_0000_0000);         // 100
        Trig(4, 0x4020, 0x9502_F900_0000_0000);         // 1e10
        Trig(5, 0x403F, V.J);                           // 2^64: out of range, C2 = 1
        Trig(6, 0xC002, V.Ten);                         // -10
        Trig(7, 0, 0);                                  // 0
    }

    private static void F2xm1(int slot, ushort e, ulong m)
    {
        X87Code.Put80(slot, e, m);
        X87Code.In(X87Code.FldM80, slot); X87Code.Op(0xD9, 0xF0); X87Code.Out(X87Code.FstpM80, slot);
    }

    private static void Trig(int k, ushort e, ulong m)
    {
        X87Code.Begin();
        X87Code.Put80(0, e, m);
        X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xFE); X87Code.Out(X87Code.FstpM80, 0);   // fsin
        X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xFF); X87Code.Out(X87Code.FstpM80, 1);   // fcos
        // fsincos over a zero marker (out of range it pushes nothing), then fptan on a fresh stack.
        X87Code.Op(0xD9, 0xEE); X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xFB); X87Code.Out(X87Code.FstpM80, 2); X87Code.Out(X87Code.FstpM80, 3);
        X87Code.Op(0xDB, 0xE3);
        X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xF2); X87Code.Out(X87Code.FnstswM, 4);
        X87Code.Run(string.Concat("trig ", k.ToString()), "ttttx");
    }

    private static void Binary(string name, ushort xe, ulong xm, ushort ye, ulong ym, byte op)
    {
        X87Code.Begin();
        X87Code.Put80(0, xe, xm);
        X87Code.Put80(1, ye, ym);
        X87Code.In(X87Code.FldM80, 1);      // st1 = y
        X87Code.In(X87Code.FldM80, 0);      // st0 = x
        X87Code.Op(0xD9, op);
        X87Code.Run(name);
    }
}
