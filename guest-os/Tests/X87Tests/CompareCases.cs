namespace GuestOs.Tests.Platform;

/// <summary>FCOM/FUCOM/FCOMI/FUCOMI/FTST/FICOM/FXAM on ordered, equal and unordered pairs.</summary>
internal static class CompareCases
{
    public static void Run()
    {
        Pair("1 vs 2", V.OneE, V.J, V.TwoE, V.J);
        Pair("2 vs 1", V.TwoE, V.J, V.OneE, V.J);
        Pair("1 vs 1", V.OneE, V.J, V.OneE, V.J);
        Pair("+0 vs -0", 0, 0, 0x8000, 0);
        Pair("-inf vs denormal", 0xFFFF, V.J, 0, 1);
        Pair("max vs inf", 0x7FFE, V.AllOnes, 0x7FFF, V.J);
        Pair("1 vs qnan", V.OneE, V.J, 0x7FFF, 0xC000_0000_0000_0001);
        Pair("snan vs 1", 0xFFFF, 0x8000_0000_0000_0001, V.OneE, V.J);

        // FICOM, FCOMPP/FUCOMPP popping, FCOM with m32/m64.
        X87Code.Begin();
        X87Code.Put32(0, 7);
        X87Code.Put16(1, 0xFFF9);                                     // -7
        X87Code.Put32(2, 0x40E0_0000);                                // 7.0f
        X87Code.Put64(3, 0x401C_0000_0000_0001);                      // 7.000...01
        X87Code.In(X87Code.FildM32, 0);
        X87Code.In(X87Code.FicomM32, 0); X87Code.Out(X87Code.FnstswM, 0);
        X87Code.In(X87Code.FicomM16, 1); X87Code.Out(X87Code.FnstswM, 1);
        X87Code.In(X87Code.FcomM32, 2); X87Code.Out(X87Code.FnstswM, 2);
        X87Code.In(X87Code.FcomM64, 3); X87Code.Out(X87Code.FnstswM, 3);
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xD9, 0xEE);               // fld1, fldz
        X87Code.Op(0xDE, 0xD9); X87Code.Out(X87Code.FnstswM, 4);      // fcompp
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xDA, 0xE9); X87Code.Out(X87Code.FnstswM, 5); // fld1, fucompp
        X87Code.Run("icompare", "ssssss");
    }

    private static void Pair(string name, ushort ae, ulong am, ushort be, ulong bm)
    {
        X87Code.Begin();
        X87Code.Put80(0, ae, am);
        X87Code.Put80(1, be, bm);
        X87Code.In(X87Code.FldM80, 1);
        X87Code.In(X87Code.FldM80, 0);                                // st0 = a, st1 = b
        X87Code.Op(0xD8, 0xD1); X87Code.Out(X87Code.FnstswM, 0);     // fcom st1
        X87Code.Op(0xDD, 0xE1); X87Code.Out(X87Code.FnstswM, 1);     // fucom st1
        X87Code.Op(0xDB, 0xF1); X87Code.Flags(2);                    // fcomi st0, st1
        X87Code.Op(0xDB, 0xE9); X87Code.Flags(3);                    // fucomi st0, st1
        X87Code.Op(0xD9, 0xE4); X87Code.Out(X87Code.FnstswM, 4);     // ftst
        X87Code.Op(0xD9, 0xE5); X87Code.Out(X87Code.FnstswM, 5);     // fxam
        X87Code.Op(0xDF, 0xE9); X87Code.Flags(6);                    // fucomip st0, st1
        X87Code.Run(string.Concat("compare ", name), "ssffsxf");
    }
}
