using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>F2XM1, FYL2X, FYL2XP1, FPATAN on the register stack (the arithmetic is in Float80Exp2/Log2/Atan).</summary>
public sealed partial class X86Cpu
{
    private void FpF2xm1(ref Instruction i)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        var env = NewEnv(false);
        Float80 r = Float80Math.F2xm1(_fpu.St(0), ref env);
        if (Deliver(ref env))
            _fpu.SetSt(0, r);
    }

    /// <summary>FYL2X/FYL2XP1/FPATAN: ST(1) = f(ST(0), ST(1)), then pop.</summary>
    private void FpBinaryTranscendental(ref Instruction i, int kind)
    {
        BeginFp(ref i);
        if (_fpu.IsEmpty(0) || _fpu.IsEmpty(1))
        {
            if (StackFault(overflow: false))
            {
                _fpu.SetSt(1, Float80.DefaultNaN);
                _fpu.Pop();
            }
            return;
        }
        var env = NewEnv(false);
        Float80 x = _fpu.St(0), y = _fpu.St(1);
        Float80 r = kind switch
        {
            0 => Float80Math.Fyl2x(x, y, ref env),
            1 => Float80Math.Fyl2xp1(x, y, ref env),
            _ => Float80Math.Fpatan(x, y, ref env),
        };
        if (!Deliver(ref env))
            return;
        _fpu.SetSt(1, r);
        _fpu.Pop();
    }

    private void FpYl2x(ref Instruction i, bool plusOne) => FpBinaryTranscendental(ref i, plusOne ? 1 : 0);

    private void FpPatan(ref Instruction i) => FpBinaryTranscendental(ref i, 2);
}
