namespace GuestOs.Tests.Platform;

/// <summary>
/// NaNs, infinities, zeros, denormals, pseudo-denormals and the invalid encodings (unnormals,
/// pseudo-NaNs, pseudo-infinities) through arithmetic, with every masked response; FXAM of each class.
/// </summary>
internal static class SpecialCases
{
    private static void Binary(string name, ushort ae, ulong am, ushort be, ulong bm, byte op)
    {
        X87Code.Begin();
        X87Code.Put80(0, ae, am);
        X87Code.Put80(1, be, bm);
        X87Code.In(X87Code.FldM80, 0);
        X87Code.In(X87Code.FldM80, 1);
        X87Code.Op(0xDE, op);                                         // fxxxp st1, st0: st1 = a op b
        X87Code.Run(name);
    }

    public static void Run()
    {
        const byte Add = 0xC1, Mul = 0xC9, Sub = 0xE9, Div = 0xF9;
        Binary("qnan+qnan", 0x7FFF, 0xC000_0000_0000_1234, 0xFFFF, 0xC000_0000_0000_5678, Add);
        Binary("qnan+qnan same", 0x7FFF, 0xC000_0000_0000_1234, 0xFFFF, 0xC000_0000_0000_1234, Add);
        Binary("snan+qnan", 0x7FFF, 0x8000_0000_0000_9999, 0xFFFF, 0xC000_0000_0000_0001, Mul);
        Binary("snan+snan", 0x7FFF, 0x8000_0000_0000_0002, 0xFFFF, 0x8000_0000_0000_0003, Sub);
        Binary("1+snan", V.OneE, V.J, 0x7FFF, 0xA000_0000_0000_0000, Add);
        Binary("inf-inf", 0x7FFF, V.J, 0x7FFF, V.J, Sub);
        Binary("inf+inf", 0x7FFF, V.J, 0x7FFF, V.J, Add);
        Binary("0*inf", 0, 0, 0xFFFF, V.J, Mul);
        Binary("0/0", 0x8000, 0, 0, 0, Div);
        Binary("1/0", V.OneE, V.J, 0x8000, 0, Div);
        Binary("inf/inf", 0x7FFF, V.J, 0xFFFF, V.J, Div);
        Binary("1/inf", V.OneE, V.J, 0xFFFF, V.J, Div);
        Binary("-0+-0", 0x8000, 0, 0x8000, 0, Add);
        Binary("1-1", V.OneE, V.J, V.OneE, V.J, Sub);
        Binary("denormal+denormal", 0, 0x4000_0000_0000_0001, 0, 0x4000_0000_0000_0003, Add);
        Binary("denormal*2^64", 0, 0x0000_0000_0000_0003, 0x403F, V.J, Mul);
        Binary("min/3", 0x0001, V.J, V.TwoE, V.Three, Div);
        Binary("min*min", 0x0001, V.J, 0x0001, V.J, Mul);
        Binary("min*0.5", 0x0001, V.J, 0x3FFE, V.J, Mul);
        Binary("max*2", 0x7FFE, V.AllOnes, V.TwoE, V.J, Mul);
        Binary("max+max", 0xFFFE, V.AllOnes, 0xFFFE, V.AllOnes, Add);
        Binary("pseudo-denormal+0", 0, 0x8000_0000_0000_0001, 0, 0, Add);
        Binary("pseudo-denormal*1", 0x8000, 0x8000_0000_0000_0000, V.OneE, V.J, Mul);
        Binary("pseudo-denormal-denormal", 0, 0x8000_0000_0000_0000, 0, 0x7FFF_FFFF_FFFF_FFFF, Sub);
        Binary("unnormal+1", V.OneE, 0x4000_0000_0000_0000, V.OneE, V.J, Add);
        Binary("pseudo-nan*1", 0x7FFF, 0x4000_0000_0000_0001, V.OneE, V.J, Mul);
        Binary("pseudo-inf/1", 0xFFFF, 0, V.OneE, V.J, Div);
        Binary("unnormal+qnan", 0x4000, 0x0000_0000_0000_0001, 0x7FFF, 0xC000_0000_0000_0001, Add);

        // Square roots of the specials (QEMU sets C2 for a negative operand).
        X87Code.Begin();
        X87Code.Put80(0, 0xBFFF, V.J);
        X87Code.Put80(1, 0x8000, 0);
        X87Code.Put80(2, 0x7FFF, V.J);
        X87Code.Put80(3, 0, 0x0000_0000_0000_0004);
        X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xD9, 0xFA); X87Code.Out(X87Code.FnstswM, 0); X87Code.Out(X87Code.FstpM80, 1);
        X87Code.In(X87Code.FldM80, 1); X87Code.Op(0xD9, 0xFA); X87Code.Out(X87Code.FstpM80, 2);
        X87Code.In(X87Code.FldM80, 2); X87Code.Op(0xD9, 0xFA); X87Code.Out(X87Code.FstpM80, 3);
        X87Code.In(X87Code.FldM80, 3); X87Code.Op(0xD9, 0xFA); X87Code.Out(X87Code.FstpM80, 4);
        X87Code.Run("sqrt specials", "xtttt");

        // FXAM of every class (C1 = sign).
        X87Code.Begin();
        Examine(0, 0, 0);                                      // +0
        Examine(1, 0x8000, 0);                                 // -0
        Examine(2, 0, 1);                                      // denormal
        Examine(3, 0, V.J);                                    // pseudo-denormal
        Examine(4, 0x3FFF, V.J);                               // normal
        Examine(5, 0xFFFF, V.J);                               // -inf
        Examine(6, 0x7FFF, 0xC000_0000_0000_0000);             // qnan
        X87Code.Run("fxam 1", "xxxxxxx");
        X87Code.Begin();
        Examine(0, 0x7FFF, 0x8000_0000_0000_0001);             // snan
        Examine(1, 0x3FFF, 0x4000_0000_0000_0000);             // unnormal
        Examine(2, 0x7FFF, 0x4000_0000_0000_0000);             // pseudo-nan
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xDD, 0xC0); X87Code.Op(0xD9, 0xE5); X87Code.Out(X87Code.FnstswM, 3); // fld1; ffree st0; fxam: empty
        X87Code.Op(0xD9, 0xF7);                                                                                  // fincstp
        X87Code.Run("fxam 2", "xxxx");
    }

    private static void Examine(int slot, ushort e, ulong m)
    {
        X87Code.Put80(slot, e, m);
        X87Code.In(X87Code.FldM80, slot); X87Code.Op(0xD9, 0xE5); X87Code.Out(X87Code.FnstswM, slot); X87Code.Op(0xDD, 0xD8);
    }
}
