using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>The x87 mnemonic table: each instruction to its handler in the X87 folder.</summary>
public sealed partial class X86Cpu
{
    private bool ExecuteX87(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            case Mnemonic.Fld: case Mnemonic.Fild: case Mnemonic.Fbld: FpLoad(ref i); return true;
            case Mnemonic.Fst: FpStore(ref i, pop: false); return true;
            case Mnemonic.Fstp: case Mnemonic.Fstpnce: FpStore(ref i, pop: true); return true;
            case Mnemonic.Fist: FpStore(ref i, pop: false); return true;
            case Mnemonic.Fistp: case Mnemonic.Fbstp: FpStore(ref i, pop: true); return true;
            case Mnemonic.Fisttp: FpStore(ref i, pop: true, truncate: true); return true;
            case Mnemonic.Fxch: FpExchange(ref i); return true;

            case Mnemonic.Fldz: FpLoadConstant(ref i, Float80.Zero); return true;
            case Mnemonic.Fld1: FpLoadConstant(ref i, Float80.One); return true;
            case Mnemonic.Fldpi: FpLoadConstant(ref i, RoundedConstant(0x4000, 0xC90F_DAA2_2168_C235, true)); return true;
            case Mnemonic.Fldl2e: FpLoadConstant(ref i, RoundedConstant(0x3FFF, 0xB8AA_3B29_5C17_F0BC, true)); return true;
            case Mnemonic.Fldl2t: FpLoadConstant(ref i, RoundedConstant(0x4000, 0xD49A_784B_CD1B_8AFE, false)); return true;
            case Mnemonic.Fldlg2: FpLoadConstant(ref i, RoundedConstant(0x3FFD, 0x9A20_9A84_FBCF_F799, true)); return true;
            case Mnemonic.Fldln2: FpLoadConstant(ref i, RoundedConstant(0x3FFE, 0xB172_17F7_D1CF_79AC, true)); return true;

            case Mnemonic.Fadd: case Mnemonic.Fiadd: FpArith(ref i, FpOp.Add, false, false); return true;
            case Mnemonic.Faddp: FpArith(ref i, FpOp.Add, false, true); return true;
            case Mnemonic.Fsub: case Mnemonic.Fisub: FpArith(ref i, FpOp.Sub, false, false); return true;
            case Mnemonic.Fsubp: FpArith(ref i, FpOp.Sub, false, true); return true;
            case Mnemonic.Fsubr: case Mnemonic.Fisubr: FpArith(ref i, FpOp.Sub, true, false); return true;
            case Mnemonic.Fsubrp: FpArith(ref i, FpOp.Sub, true, true); return true;
            case Mnemonic.Fmul: case Mnemonic.Fimul: FpArith(ref i, FpOp.Mul, false, false); return true;
            case Mnemonic.Fmulp: FpArith(ref i, FpOp.Mul, false, true); return true;
            case Mnemonic.Fdiv: case Mnemonic.Fidiv: FpArith(ref i, FpOp.Div, false, false); return true;
            case Mnemonic.Fdivp: FpArith(ref i, FpOp.Div, false, true); return true;
            case Mnemonic.Fdivr: case Mnemonic.Fidivr: FpArith(ref i, FpOp.Div, true, false); return true;
            case Mnemonic.Fdivrp: FpArith(ref i, FpOp.Div, true, true); return true;

            case Mnemonic.Fsqrt: FpSqrt(ref i); return true;
            case Mnemonic.Frndint: FpRoundToInt(ref i); return true;
            case Mnemonic.Fchs: FpChangeSign(ref i, abs: false); return true;
            case Mnemonic.Fabs: FpChangeSign(ref i, abs: true); return true;
            case Mnemonic.Fscale: FpScale(ref i); return true;
            case Mnemonic.Fxtract: FpExtract(ref i); return true;
            case Mnemonic.Fprem: FpRemainder(ref i, truncate: true); return true;
            case Mnemonic.Fprem1: FpRemainder(ref i, truncate: false); return true;

            case Mnemonic.Fsin: FpTrig(ref i, TrigOp.Sin); return true;
            case Mnemonic.Fcos: FpTrig(ref i, TrigOp.Cos); return true;
            case Mnemonic.Fsincos: FpTrig(ref i, TrigOp.SinCos); return true;
            case Mnemonic.Fptan: FpTrig(ref i, TrigOp.Tan); return true;
            case Mnemonic.F2xm1: FpF2xm1(ref i); return true;
            case Mnemonic.Fyl2x: FpYl2x(ref i, plusOne: false); return true;
            case Mnemonic.Fyl2xp1: FpYl2x(ref i, plusOne: true); return true;
            case Mnemonic.Fpatan: FpPatan(ref i); return true;

            case Mnemonic.Fcom: case Mnemonic.Ficom: FpCompare(ref i, quiet: false, pops: 0); return true;
            case Mnemonic.Fcomp: case Mnemonic.Ficomp: FpCompare(ref i, quiet: false, pops: 1); return true;
            case Mnemonic.Fcompp: FpCompare(ref i, quiet: false, pops: 2); return true;
            case Mnemonic.Fucom: FpCompare(ref i, quiet: true, pops: 0); return true;
            case Mnemonic.Fucomp: FpCompare(ref i, quiet: true, pops: 1); return true;
            case Mnemonic.Fucompp: FpCompare(ref i, quiet: true, pops: 2); return true;
            case Mnemonic.Ftst: FpCompare(ref i, quiet: false, pops: 0, withZero: true); return true;
            case Mnemonic.Fcomi: FpCompareEflags(ref i, quiet: false, pop: false); return true;
            case Mnemonic.Fcomip: FpCompareEflags(ref i, quiet: false, pop: true); return true;
            case Mnemonic.Fucomi: FpCompareEflags(ref i, quiet: true, pop: false); return true;
            case Mnemonic.Fucomip: FpCompareEflags(ref i, quiet: true, pop: true); return true;
            case Mnemonic.Fxam: FpExamine(ref i); return true;

            case Mnemonic.Fcmovb: FpConditionalMove(ref i, GetCf()); return true;
            case Mnemonic.Fcmove: FpConditionalMove(ref i, GetZf()); return true;
            case Mnemonic.Fcmovbe: FpConditionalMove(ref i, GetCf() || GetZf()); return true;
            case Mnemonic.Fcmovu: FpConditionalMove(ref i, GetPf()); return true;
            case Mnemonic.Fcmovnb: FpConditionalMove(ref i, !GetCf()); return true;
            case Mnemonic.Fcmovne: FpConditionalMove(ref i, !GetZf()); return true;
            case Mnemonic.Fcmovnbe: FpConditionalMove(ref i, !GetCf() && !GetZf()); return true;
            case Mnemonic.Fcmovnu: FpConditionalMove(ref i, !GetPf()); return true;

            case Mnemonic.Fninit: FpInit(waiting: false); return true;
            case Mnemonic.Finit: FpInit(waiting: true); return true;
            case Mnemonic.Fnclex: FpClearExceptions(waiting: false); return true;
            case Mnemonic.Fclex: FpClearExceptions(waiting: true); return true;
            case Mnemonic.Fldcw: FpLoadControlWord(ref i); return true;
            case Mnemonic.Fnstcw: FpStoreControlWord(ref i, waiting: false); return true;
            case Mnemonic.Fstcw: FpStoreControlWord(ref i, waiting: true); return true;
            case Mnemonic.Fnstsw: FpStoreStatusWord(ref i, waiting: false); return true;
            case Mnemonic.Fstsw: FpStoreStatusWord(ref i, waiting: true); return true;
            case Mnemonic.Fnstenv: FpStoreEnvironment(ref i, waiting: false); return true;
            case Mnemonic.Fstenv: FpStoreEnvironment(ref i, waiting: true); return true;
            case Mnemonic.Fldenv: FpLoadEnvironment(ref i); return true;
            case Mnemonic.Fnsave: FpSave(ref i, waiting: false); return true;
            case Mnemonic.Fsave: FpSave(ref i, waiting: true); return true;
            case Mnemonic.Frstor: FpRestore(ref i); return true;

            case Mnemonic.Ffree: BeginFp(ref i); _fpu.Free(StIndex(i.Op0Register)); return true;
            case Mnemonic.Ffreep: BeginFp(ref i); _fpu.Free(StIndex(i.Op0Register)); _fpu.Pop(); return true;
            case Mnemonic.Fincstp: BeginFp(ref i); _fpu.Top = (_fpu.Top + 1) & 7; SetConditions(0); return true;
            case Mnemonic.Fdecstp: BeginFp(ref i); _fpu.Top = (_fpu.Top - 1) & 7; SetConditions(0); return true;
            case Mnemonic.Fnop: BeginFp(ref i); return true;
            // 8087/287 controls that the 387 and later execute as no-ops (SDM Vol. 1, 8.8 / appendix).
            case Mnemonic.Fneni: case Mnemonic.Fndisi: case Mnemonic.Fnsetpm: BeginControl(false); return true;
            case Mnemonic.Feni: case Mnemonic.Fdisi: case Mnemonic.Fsetpm: BeginControl(true); return true;
        }
        return false;
    }
}
