namespace GuestOs.Tests.Platform;

/// <summary>
/// Constants by rounding mode, register-stack operations (FXCH, FCMOVcc, FFREE, FINCSTP/FDECSTP, FABS,
/// FCHS), and the environment images: FNSTENV in 32- and 16-bit form, FLDENV, FNSAVE/FRSTOR.
/// </summary>
internal static unsafe class StateCases
{
    public static void Run()
    {
        for (int rc = 0; rc < 4; rc++)
        {
            X87Code.Begin((ushort)(0x037F | (rc << 10)));
            for (byte op = 0xE8; op <= 0xEE; op++)
                X87Code.Op(0xD9, op);
            X87Code.Run(string.Concat("constants rc", rc.ToString()));
        }

        X87Code.Begin();
        X87Code.Put80(0, 0x4001, V.Seven);
        X87Code.Put80(1, 0xFFFF, 0xC000_0000_0000_0005);
        X87Code.In(X87Code.FldM80, 0);                  // 7
        X87Code.Op(0xD9, 0xE8);                         // 1
        X87Code.In(X87Code.FldM80, 1);                  // -qnan
        X87Code.Op(0xD9, 0xE1);                         // fabs: qnan
        X87Code.Op(0xD9, 0xCA);                         // fxch st2: 7, 1, qnan
        X87Code.Op(0xD9, 0xE0);                         // fchs: -7
        X87Code.Op(0xDB, 0xF1);                         // fcomi st0, st1: -7 < 1 -> CF
        X87Code.Op(0xDA, 0xC1);                         // fcmovb st0, st1: st0 = 1
        X87Code.Op(0xDB, 0xCA);                         // fcmovne st0, st2 (ZF=0): st0 = qnan
        X87Code.Op(0xDA, 0xD9);                         // fcmovu st0, st1 (PF=0): no move
        X87Code.Op(0xD9, 0xF6);                         // fdecstp
        X87Code.Op(0xD9, 0xF7);                         // fincstp
        X87Code.Op(0xDD, 0xC1);                         // ffree st1
        X87Code.Run("stack ops");

        // FNSTENV (32-bit) after a memory-operand instruction: FIP/FCS/FDP/FDS/FOP as the CPU records them.
        X87Code.Begin();
        X87Code.Put80(0, 0x4001, V.Seven);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.Op(0xD9, 0xE8);
        X87Code.Op(0xDE, 0xF9);                         // 7/1
        X87Code.Out(X87Code.FnstenvM, 0);
        X87Code.Run("fnstenv32");
        // FIP relative to the code buffer, FDP relative to the data area, FOP masked.
        uint* env = (uint*)(X87Code.Data + 0x80);
        Serial.Write("fnstenv32 image:");
        for (int k = 0; k < 7; k++)
        {
            Serial.Write(' ');
            uint v = env[k];
            if (k == 3)
                v -= (uint)X87Code.CodeStart;
            else if (k == 4)
                v &= 0xF800_FFFF;                       // FOP: a P6 records it, QEMU stores 0
            else if (k == 5)
                v -= (uint)X87Code.Data;
            Serial.WriteHex(v, 8);
        }
        Serial.Write('\n');

        // 16-bit FNSTENV (operand-size prefix) and FLDENV of a crafted 28-byte image.
        X87Code.Begin();
        X87Code.Put80(0, 0xC000, V.Three);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.Emit(0x66); X87Code.Out(X87Code.FnstenvM, 0);
        X87Code.Run("fnstenv16", "e");

        X87Code.Begin();
        uint* img = (uint*)X87Code.Data;
        img[0] = 0x0B7F;                                 // RC up, PC 53, all masked
        img[1] = 0x2000 | 0x0100 | 0x0020;               // TOP 4, C0, PE
        img[2] = 0xF1FF;                                 // physical 4 "zero", 5 valid, the others empty
        for (int k = 3; k < 7; k++)
            img[k] = 0;
        X87Code.Put80(2, 0x4001, V.Seven);
        X87Code.Put80(3, 0, 0);
        for (int k = 0; k < 4; k++)                      // physical 7..4 hold 7, 0, 7, 0
            X87Code.In(X87Code.FldM80, 2 + (k & 1));
        X87Code.In(X87Code.FldenvM, 0);
        X87Code.Op(0xD9, 0xE8);                          // fld1 in RC up (push to physical 3)
        X87Code.Run("fldenv");

        // FNSAVE then FRSTOR of the image: the state comes back (the image is printed twice).
        X87Code.Begin((ushort)0x0F7F);
        X87Code.Put80(0, 0x0000, 0x0000_0000_0000_0009);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.Op(0xD9, 0xEB);
        X87Code.Op(0xD9, 0xEE);
        X87Code.Op(0xDD, 0x70); X87Code.Emit(0x00);      // fnsave [eax+0]
        X87Code.Op(0xDD, 0x60); X87Code.Emit(0x00);      // frstor [eax+0]
        X87Code.Run("fnsave/frstor", "w");
    }
}
