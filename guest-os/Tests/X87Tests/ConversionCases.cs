namespace GuestOs.Tests.Platform;

/// <summary>Integer, single, double and packed BCD loads and stores, rounded by every mode.</summary>
internal static unsafe class ConversionCases
{
    public static void Run()
    {
        for (int rc = 0; rc < 4; rc++)
        {
            X87Code.Begin((ushort)(0x037F | (rc << 10)));
            X87Code.Put80(0, 0x4000, 0xA000_0000_0000_0000);        // 2.5
            X87Code.Put80(1, 0xC000, 0xA000_0000_0000_0000);        // -2.5
            X87Code.Put80(2, 0xBFFE, 0x8000_0000_0000_0000);        // -0.5
            X87Code.Put80(3, 0x4000, 0xE000_0000_0000_0000);        // 3.5
            X87Code.Put80(4, 0x3FFD, V.OneThird);                   // 1/3
            X87Code.Put80(5, 0x3F7C, 0xC000_0000_0000_0001);        // ~1.5 * 2^-131: a single-precision denormal
            X87Code.Put80(6, 0x7FFE, V.AllOnes);                    // the largest extended value
            X87Code.In(X87Code.FldM80, 0); X87Code.Out(X87Code.FistpM16, 0);
            X87Code.In(X87Code.FldM80, 1); X87Code.Out(X87Code.FistpM32, 1);
            X87Code.In(X87Code.FldM80, 2); X87Code.Out(X87Code.FistpM64, 2);
            X87Code.In(X87Code.FldM80, 3); X87Code.Out(X87Code.FisttpM32, 3);
            X87Code.In(X87Code.FldM80, 4); X87Code.Out(X87Code.FstpM32, 4);
            X87Code.In(X87Code.FldM80, 4); X87Code.Op(0xD9, 0xE0); X87Code.Out(X87Code.FstpM64, 5);
            X87Code.In(X87Code.FldM80, 5); X87Code.Out(X87Code.FstpM32, 6);
            X87Code.In(X87Code.FldM80, 6); X87Code.Op(0xD9, 0xE0); X87Code.Out(X87Code.FstpM64, 7);
            X87Code.Run(string.Concat("convert rc", rc.ToString()), "wdqddqdq");
        }

        // Out of range and NaN to integers: IE and the integer indefinite.
        X87Code.Begin();
        X87Code.Put80(0, 0x400E, 0x9C40_0000_0000_0000);            // 40000
        X87Code.Put80(1, 0x401E, 0xB2D0_5E00_0000_0000);            // 3e9
        X87Code.Put80(2, 0xFFFF, 0xC000_0000_0000_1234);            // -QNaN
        X87Code.Put80(3, 0x7FFF, V.J);                              // +inf
        X87Code.Put80(4, 0xC03E, V.J);                              // -2^63 exactly
        X87Code.Put80(5, 0x403E, V.J);                              // +2^63
        X87Code.In(X87Code.FldM80, 0); X87Code.Out(X87Code.FistpM16, 0);
        X87Code.In(X87Code.FldM80, 1); X87Code.Out(X87Code.FistpM32, 1);
        X87Code.In(X87Code.FldM80, 2); X87Code.Out(X87Code.FistpM64, 2);
        X87Code.In(X87Code.FldM80, 3); X87Code.Out(X87Code.FistpM16, 3);
        X87Code.In(X87Code.FldM80, 4); X87Code.Out(X87Code.FistpM64, 4);
        X87Code.In(X87Code.FldM80, 5); X87Code.Out(X87Code.FistpM64, 5);
        X87Code.In(X87Code.FldM80, 0); X87Code.Out(X87Code.FisttpM16, 6);
        X87Code.Run("int overflow", "wdqwqqw");

        // Integer loads at the extremes.
        X87Code.Begin();
        X87Code.Put16(0, 0x8000);
        X87Code.Put32(1, 0x8000_0000);
        X87Code.Put64(2, 0x8000_0000_0000_0000);
        X87Code.Put64(3, 0x7FFF_FFFF_FFFF_FFFF);
        X87Code.Put16(4, 0);
        X87Code.In(X87Code.FildM16, 0); X87Code.Out(X87Code.FstpM80, 0);
        X87Code.In(X87Code.FildM32, 1); X87Code.Out(X87Code.FstpM80, 1);
        X87Code.In(X87Code.FildM64, 2); X87Code.Out(X87Code.FstpM80, 2);
        X87Code.In(X87Code.FildM64, 3); X87Code.Out(X87Code.FstpM80, 3);
        X87Code.In(X87Code.FildM16, 4); X87Code.Out(X87Code.FstpM80, 4);
        X87Code.Run("int loads", "ttttt");

        // Single and double loads of special values; NaN payloads narrowed on stores.
        X87Code.Begin();
        X87Code.Put32(0, 0x7F80_0001);                               // single SNaN
        X87Code.Put32(1, 0x0000_0001);                               // smallest single denormal
        X87Code.Put64(2, 0x800F_FFFF_FFFF_FFFF);                     // largest negative double denormal
        X87Code.Put32(3, 0xFF80_0000);                               // -inf
        X87Code.Put80(4, 0x7FFF, 0xC123_4567_89AB_CDEF);             // QNaN with a payload
        X87Code.Put64(5, 0x8000_0000_0000_0000);                     // -0.0
        X87Code.In(X87Code.FldM32, 0); X87Code.Out(X87Code.FstpM80, 0);
        X87Code.In(X87Code.FldM32, 1); X87Code.Out(X87Code.FstpM80, 1);
        X87Code.In(X87Code.FldM64, 2); X87Code.Out(X87Code.FstpM80, 2);
        X87Code.In(X87Code.FldM32, 3); X87Code.Out(X87Code.FstpM80, 3);
        X87Code.In(X87Code.FldM80, 4); X87Code.Out(X87Code.FstM32, 4); X87Code.Out(X87Code.FstpM64, 5);
        X87Code.In(X87Code.FldM64, 5); X87Code.Out(X87Code.FstpM80, 6);
        X87Code.Run("float loads", "ttttdqt");

        // Packed BCD.
        for (int rc = 0; rc < 4; rc += 3)
        {
            X87Code.Begin((ushort)(0x037F | (rc << 10)));
            *(ulong*)X87Code.Data = 0x3456_7890_1234_5678;
            X87Code.Data[8] = 0x12;
            X87Code.Data[9] = 0x80;                                     // -123456789012345678
            X87Code.Put80(1, 0xC01C, 0xEB79_A2C6_0000_0000);            // -987654321.5
            X87Code.Put80(2, 0x403A, 0xDE0B_6B3A_7640_0000);            // 1e18: out of range
            X87Code.Put80(3, 0xFFFF, 0xC000_0000_0000_0000);            // indefinite
            X87Code.Put80(4, 0xBFFD, 0xCCCC_CCCC_CCCC_CCCD);            // -0.4
            X87Code.In(X87Code.FbldM, 0); X87Code.Out(X87Code.FstM64, 0); X87Code.Out(X87Code.FbstpM, 1);
            X87Code.In(X87Code.FldM80, 1); X87Code.Out(X87Code.FbstpM, 2);
            X87Code.In(X87Code.FldM80, 2); X87Code.Out(X87Code.FbstpM, 3);
            X87Code.In(X87Code.FldM80, 3); X87Code.Out(X87Code.FbstpM, 4);
            X87Code.In(X87Code.FldM80, 4); X87Code.Out(X87Code.FbstpM, 5);
            X87Code.Run(string.Concat("bcd rc", rc.ToString()), "qbbbbb");
        }
    }
}
