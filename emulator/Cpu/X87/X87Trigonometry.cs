using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// FSIN, FCOS, FSINCOS, FPTAN as QEMU computes them (target/i386/tcg/fpu_helper.c): ST(0) is rounded to
/// a double by FCW.RC, the host C library's sin/cos/tan (glibc, the same library QEMU calls on this host)
/// gives a double that is widened exactly. |x| > 2^63 sets C2 and leaves the stack alone. No exception
/// flags reach FSW (QEMU drops them). The hardware reduces with a 66-bit pi and returns ~64-bit results;
/// these are correctly rounded doubles instead (README, known differences).
/// </summary>
public sealed partial class X86Cpu
{
    private const double MaxTrigArgument = 9223372036854775808.0; // 2^63

    private enum TrigOp { Sin, Cos, SinCos, Tan }

    private void FpTrig(ref Instruction i, TrigOp op)
    {
        BeginFp(ref i);
        if (!FpTopOrFault())
            return;
        var env = NewEnv(false);
        double x = BitConverter.Int64BitsToDouble((long)Float80Math.ToFloat64(_fpu.St(0), ref env));
        if (x > MaxTrigArgument || x < -MaxTrigArgument)
        {
            _fpu.StatusFlags |= X87State.StatusC2;
            return;
        }
        bool pushes = op is TrigOp.SinCos or TrigOp.Tan;
        if (pushes && !_fpu.IsEmpty(7))
        {
            if (StackFault(overflow: true))
            {
                _fpu.SetSt(0, Float80.DefaultNaN);
                _fpu.Push(Float80.DefaultNaN);
            }
            return;
        }
        switch (op)
        {
            case TrigOp.Sin:
                _fpu.SetSt(0, FromHostDouble(Math.Sin(x)));
                break;
            case TrigOp.Cos:
                _fpu.SetSt(0, FromHostDouble(Math.Cos(x)));
                break;
            case TrigOp.SinCos:
                _fpu.SetSt(0, FromHostDouble(Math.Sin(x)));
                _fpu.Push(FromHostDouble(Math.Cos(x)));
                break;
            default:
                _fpu.SetSt(0, FromHostDouble(Math.Tan(x)));
                _fpu.Push(Float80.One);
                break;
        }
        _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC2);
    }

    private static Float80 FromHostDouble(double d)
    {
        var env = new FloatEnvironment(RoundingMode.NearestEven);
        return Float80Math.FromFloat64((ulong)BitConverter.DoubleToInt64Bits(d), ref env);
    }
}
