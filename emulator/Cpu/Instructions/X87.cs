using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// x87 instructions on <see cref="X87Stack"/>: loads and stores (m16/m32/m64 integers, m32/m64/m80
/// reals, st(i)), constants, FXCH, the basic arithmetic, compares (FCOM*, FUCOM*, FCOMI*, FTST),
/// FCHS FABS FSQRT FRNDINT, control/status words, FNINIT, FNCLEX, FFREE, and FXSAVE/FXRSTOR.
/// CR0.EM or CR0.TS raise #NM; FWAIT raises #NM when TS and MP are both set.
/// </summary>
public sealed partial class X86Cpu
{
    private readonly X87Stack _fpu = new();

    private void ResetFpu() => _fpu.Init();

    private void CheckFpu()
    {
        if ((Cr0Value & (Cr0Em | Cr0Ts)) != 0)
            RaiseFault(VecNm);
    }

    private void FWait()
    {
        if ((Cr0Value & (Cr0Mp | Cr0Ts)) == (Cr0Mp | Cr0Ts))
            RaiseFault(VecNm);
    }

    private static int StIndex(Register r) => s_regIndex[(int)r];

    private double ReadFpMem(ref Instruction i)
    {
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        switch (i.MemorySize)
        {
            case MemorySize.Float32: return S(ReadMem32(seg, ea));
            case MemorySize.Float64: return D(ReadMem64(seg, ea));
            case MemorySize.Float80:
            {
                Span<byte> b = stackalloc byte[10];
                uint lin = Linear(seg, ea, 10, false);
                for (int k = 0; k < 10; k++)
                    b[k] = ReadLinear8(lin + (uint)k);
                return X87Stack.FromExtended(b);
            }
            case MemorySize.Int16: return (short)ReadMem16(seg, ea);
            case MemorySize.Int32: return (int)ReadMem32(seg, ea);
            case MemorySize.Int64: return (long)ReadMem64(seg, ea);
            default: Unimplemented(in i); return 0;
        }
    }

    private void WriteFpMem(ref Instruction i, double v)
    {
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        switch (i.MemorySize)
        {
            case MemorySize.Float32: WriteMem32(seg, ea, Bits((float)v)); break;
            case MemorySize.Float64: WriteMem64(seg, ea, Bits(v)); break;
            case MemorySize.Float80:
            {
                Span<byte> b = stackalloc byte[10];
                X87Stack.ToExtended(v, b);
                uint lin = Linear(seg, ea, 10, true);
                Translate(lin + 9, true);
                for (int k = 0; k < 10; k++)
                    WriteLinear8(lin + (uint)k, b[k]);
                break;
            }
            case MemorySize.Int16: WriteMem16(seg, ea, (ushort)FpToInt(v, 16)); break;
            case MemorySize.Int32: WriteMem32(seg, ea, (uint)FpToInt(v, 32)); break;
            case MemorySize.Int64: WriteMem64(seg, ea, (ulong)FpToInt(v, 64)); break;
            default: Unimplemented(in i); break;
        }
    }

    /// <summary>Rounds by FCW.RC; NaN or out of range stores the integer indefinite (sign bit only) and sets IE.</summary>
    private long FpToInt(double v, int bits)
    {
        double r = _fpu.Round(v);
        double min = -Math.Pow(2, bits - 1), max = Math.Pow(2, bits - 1);
        if (double.IsNaN(r) || r < min || r >= max)
        {
            _fpu.StatusFlags |= X87Stack.StatusIe;
            return bits == 64 ? long.MinValue : bits == 32 ? int.MinValue : short.MinValue;
        }
        return (long)r;
    }

    private bool ExecuteX87(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            case Mnemonic.Fld:
                CheckFpu();
                _fpu.Push(i.Op0Kind == OpKind.Memory ? ReadFpMem(ref i) : _fpu.St(StIndex(i.Op0Register)));
                return true;
            case Mnemonic.Fild: CheckFpu(); _fpu.Push(ReadFpMem(ref i)); return true;
            case Mnemonic.Fst: case Mnemonic.Fstp: case Mnemonic.Fist: case Mnemonic.Fistp:
            {
                CheckFpu();
                double v = _fpu.St(0);
                if (i.Op0Kind == OpKind.Memory) WriteFpMem(ref i, v);
                else _fpu.SetSt(StIndex(i.Op0Register), v);
                if (i.Mnemonic is Mnemonic.Fstp or Mnemonic.Fistp) _fpu.Pop();
                return true;
            }
            case Mnemonic.Fisttp:
            {
                CheckFpu();
                double v = Math.Truncate(_fpu.St(0));
                WriteFpMem(ref i, v);
                _fpu.Pop();
                return true;
            }
            case Mnemonic.Fldz: CheckFpu(); _fpu.Push(0.0); return true;
            case Mnemonic.Fld1: CheckFpu(); _fpu.Push(1.0); return true;
            case Mnemonic.Fldpi: CheckFpu(); _fpu.Push(Math.PI); return true;
            case Mnemonic.Fldl2e: CheckFpu(); _fpu.Push(Math.Log2(Math.E)); return true;
            case Mnemonic.Fldl2t: CheckFpu(); _fpu.Push(Math.Log2(10)); return true;
            case Mnemonic.Fldlg2: CheckFpu(); _fpu.Push(Math.Log10(2)); return true;
            case Mnemonic.Fldln2: CheckFpu(); _fpu.Push(Math.Log(2)); return true;
            case Mnemonic.Fxch:
            {
                CheckFpu();
                int k = i.OpCount == 0 ? 1 : StIndex(i.Op0Kind == OpKind.Register && StIndex(i.Op0Register) != 0 ? i.Op0Register : i.Op1Register);
                double a = _fpu.St(0), b = _fpu.St(k);
                _fpu.SetSt(0, b);
                _fpu.SetSt(k, a);
                return true;
            }
            case Mnemonic.Fninit: case Mnemonic.Finit: CheckFpu(); _fpu.Init(); return true;
            case Mnemonic.Fnclex: case Mnemonic.Fclex: CheckFpu(); _fpu.StatusFlags &= 0x7F00; return true;
            case Mnemonic.Fnstcw: case Mnemonic.Fstcw: CheckFpu(); WriteMem16(MemSeg(ref i), Ea(ref i), _fpu.Control); return true;
            case Mnemonic.Fldcw: CheckFpu(); _fpu.Control = (ushort)(ReadMem16(MemSeg(ref i), Ea(ref i)) | 0x40); return true;
            case Mnemonic.Fnstsw: case Mnemonic.Fstsw:
                CheckFpu();
                if (i.Op0Kind == OpKind.Register) WriteReg(i.Op0Register, _fpu.Status);
                else WriteMem16(MemSeg(ref i), Ea(ref i), _fpu.Status);
                return true;
            case Mnemonic.Ffree: case Mnemonic.Ffreep:
                CheckFpu();
                _fpu.Free(StIndex(i.Op0Register));
                if (i.Mnemonic == Mnemonic.Ffreep) _fpu.Pop();
                return true;
            case Mnemonic.Fincstp: CheckFpu(); _fpu.Top = (_fpu.Top + 1) & 7; return true;
            case Mnemonic.Fdecstp: CheckFpu(); _fpu.Top = (_fpu.Top - 1) & 7; return true;
            case Mnemonic.Fnop: CheckFpu(); return true;
            case Mnemonic.Fchs: CheckFpu(); _fpu.SetSt(0, -_fpu.St(0)); return true;
            case Mnemonic.Fabs: CheckFpu(); _fpu.SetSt(0, Math.Abs(_fpu.St(0))); return true;
            case Mnemonic.Fsqrt: CheckFpu(); _fpu.SetSt(0, Math.Sqrt(_fpu.St(0))); return true;
            case Mnemonic.Frndint: CheckFpu(); _fpu.SetSt(0, _fpu.Round(_fpu.St(0))); return true;
            case Mnemonic.Fsin: CheckFpu(); _fpu.SetSt(0, Math.Sin(_fpu.St(0))); ClearC2(); return true;
            case Mnemonic.Fcos: CheckFpu(); _fpu.SetSt(0, Math.Cos(_fpu.St(0))); ClearC2(); return true;
            case Mnemonic.Fsincos:
            {
                CheckFpu();
                double v = _fpu.St(0);
                _fpu.SetSt(0, Math.Sin(v));
                _fpu.Push(Math.Cos(v));
                ClearC2();
                return true;
            }
            case Mnemonic.Fptan: CheckFpu(); _fpu.SetSt(0, Math.Tan(_fpu.St(0))); _fpu.Push(1.0); ClearC2(); return true;
            case Mnemonic.Fpatan: CheckFpu(); _fpu.SetSt(1, Math.Atan2(_fpu.St(1), _fpu.St(0))); _fpu.Pop(); return true;
            case Mnemonic.F2xm1: CheckFpu(); _fpu.SetSt(0, Math.Pow(2, _fpu.St(0)) - 1); return true;
            case Mnemonic.Fyl2x: CheckFpu(); _fpu.SetSt(1, _fpu.St(1) * Math.Log2(_fpu.St(0))); _fpu.Pop(); return true;
            case Mnemonic.Fyl2xp1: CheckFpu(); _fpu.SetSt(1, _fpu.St(1) * Math.Log2(_fpu.St(0) + 1)); _fpu.Pop(); return true;
            case Mnemonic.Fscale: CheckFpu(); _fpu.SetSt(0, Math.ScaleB(_fpu.St(0), (int)Math.Clamp(Math.Truncate(_fpu.St(1)), -100000, 100000))); return true;
            case Mnemonic.Fprem: case Mnemonic.Fprem1:
            {
                CheckFpu();
                double a = _fpu.St(0), b = _fpu.St(1);
                // FPREM truncates the quotient (C fmod); FPREM1 rounds it to nearest (IEEE remainder).
                _fpu.SetSt(0, i.Mnemonic == Mnemonic.Fprem ? a % b : Math.IEEERemainder(a, b));
                ClearC2();
                return true;
            }
            case Mnemonic.Fxtract:
            {
                CheckFpu();
                double v = _fpu.St(0);
                int e = v == 0 ? 0 : Math.ILogB(v);
                _fpu.SetSt(0, e);
                _fpu.Push(Math.ScaleB(v, -e));
                return true;
            }

            case Mnemonic.Fadd: case Mnemonic.Faddp: case Mnemonic.Fiadd: FpArith(ref i, FAdd, false); return true;
            case Mnemonic.Fsub: case Mnemonic.Fsubp: case Mnemonic.Fisub: FpArith(ref i, FSub, false); return true;
            case Mnemonic.Fsubr: case Mnemonic.Fsubrp: case Mnemonic.Fisubr: FpArith(ref i, FSub, true); return true;
            case Mnemonic.Fmul: case Mnemonic.Fmulp: case Mnemonic.Fimul: FpArith(ref i, FMul, false); return true;
            case Mnemonic.Fdiv: case Mnemonic.Fdivp: case Mnemonic.Fidiv: FpArith(ref i, FDiv, false); return true;
            case Mnemonic.Fdivr: case Mnemonic.Fdivrp: case Mnemonic.Fidivr: FpArith(ref i, FDiv, true); return true;

            case Mnemonic.Fcom: case Mnemonic.Fcomp: case Mnemonic.Fucom: case Mnemonic.Fucomp: case Mnemonic.Ficom: case Mnemonic.Ficomp:
            {
                CheckFpu();
                double b = i.OpCount == 0 ? _fpu.St(1) : i.Op0Kind == OpKind.Memory ? ReadFpMem(ref i) : _fpu.St(StIndex(i.OpCount == 2 ? i.Op1Register : i.Op0Register));
                FpCompare(_fpu.St(0), b);
                if (i.Mnemonic is Mnemonic.Fcomp or Mnemonic.Fucomp or Mnemonic.Ficomp) _fpu.Pop();
                return true;
            }
            case Mnemonic.Fcompp: case Mnemonic.Fucompp:
                CheckFpu();
                FpCompare(_fpu.St(0), _fpu.St(1));
                _fpu.Pop();
                _fpu.Pop();
                return true;
            case Mnemonic.Ftst: CheckFpu(); FpCompare(_fpu.St(0), 0.0); return true;
            case Mnemonic.Fcomi: case Mnemonic.Fcomip: case Mnemonic.Fucomi: case Mnemonic.Fucomip:
                CheckFpu();
                CompareFlags(_fpu.St(0), _fpu.St(StIndex(i.Op1Register)));
                if (i.Mnemonic is Mnemonic.Fcomip or Mnemonic.Fucomip) _fpu.Pop();
                return true;
            case Mnemonic.Fxam:
            {
                CheckFpu();
                double v = _fpu.IsEmpty(0) ? 0 : _fpu.St(0);
                int c = _fpu.IsEmpty(0) ? 0b101 : double.IsNaN(v) ? 0b001 : double.IsInfinity(v) ? 0b011 : v == 0 ? 0b100 : 0b010;
                ushort s = (ushort)(_fpu.StatusFlags & ~(X87Stack.StatusC0 | X87Stack.StatusC1 | X87Stack.StatusC2 | X87Stack.StatusC3));
                if ((c & 1) != 0) s |= X87Stack.StatusC0;
                if ((c & 2) != 0) s |= X87Stack.StatusC2;
                if ((c & 4) != 0) s |= X87Stack.StatusC3;
                if (double.IsNegative(v)) s |= X87Stack.StatusC1;
                _fpu.StatusFlags = s;
                return true;
            }
        }
        return false;
    }

    /// <summary>C2=0: the reduction was complete (our double arguments never need partial reduction).</summary>
    private void ClearC2() => _fpu.StatusFlags = (ushort)(_fpu.StatusFlags & ~X87Stack.StatusC2);

    private void FpArith(ref Instruction i, int op, bool reverse)
    {
        CheckFpu();
        int dst;
        double a, b;
        if (i.Op0Kind == OpKind.Memory)
        {
            dst = 0;
            a = _fpu.St(0);
            b = ReadFpMem(ref i);
        }
        else if (i.OpCount == 0)
        {
            dst = 1;
            a = _fpu.St(1);
            b = _fpu.St(0);
        }
        else
        {
            dst = StIndex(i.Op0Register);
            a = _fpu.St(dst);
            b = _fpu.St(StIndex(i.Op1Register));
        }
        if (reverse)
            (a, b) = (b, a);
        _fpu.SetSt(dst, OpD(op, a, b));
        if (i.Mnemonic is Mnemonic.Faddp or Mnemonic.Fsubp or Mnemonic.Fsubrp or Mnemonic.Fmulp or Mnemonic.Fdivp or Mnemonic.Fdivrp)
            _fpu.Pop();
    }

    private void FpCompare(double a, double b)
    {
        ushort s = (ushort)(_fpu.StatusFlags & ~(X87Stack.StatusC0 | X87Stack.StatusC2 | X87Stack.StatusC3));
        if (double.IsNaN(a) || double.IsNaN(b)) s |= X87Stack.StatusC0 | X87Stack.StatusC2 | X87Stack.StatusC3;
        else if (a < b) s |= X87Stack.StatusC0;
        else if (a == b) s |= X87Stack.StatusC3;
        _fpu.StatusFlags = s;
    }

    // ---- FXSAVE / FXRSTOR (512-byte image, 16-byte aligned) ----

    private void Fxsave(ref Instruction i)
    {
        if ((Cr0Value & (Cr0Em | Cr0Ts)) != 0)
            RaiseFault(VecNm);
        uint lin = Linear(MemSeg(ref i), Ea(ref i), 512, true);
        if ((lin & 15) != 0)
            RaiseFault(VecGp, 0);
        Translate(lin, true);
        Translate(lin + 511, true);
        WriteLinear16(lin, _fpu.Control);
        WriteLinear16(lin + 2, _fpu.Status);
        byte abridged = 0;
        for (int p = 0; p < 8; p++)
        {
            if (!_fpu.IsEmptyPhysical(p))
                abridged |= (byte)(1 << p);
        }
        WriteLinear8(lin + 4, abridged);
        WriteLinear8(lin + 5, 0);
        WriteLinear16(lin + 6, 0);
        WriteLinear64(lin + 8, 0);
        WriteLinear64(lin + 16, 0);
        WriteLinear32(lin + 24, Mxcsr);
        WriteLinear32(lin + 28, MxcsrMask);
        Span<byte> b = stackalloc byte[10];
        for (int k = 0; k < 8; k++)
        {
            X87Stack.ToExtended(_fpu.GetPhysical(_fpu.Physical(k)), b);
            for (int j = 0; j < 16; j++)
                WriteLinear8(lin + 32 + (uint)(16 * k + j), j < 10 ? b[j] : (byte)0);
        }
        for (int x = 0; x < 8; x++)
        {
            WriteLinear64(lin + 160 + (uint)(16 * x), XmmLo(x));
            WriteLinear64(lin + 168 + (uint)(16 * x), XmmHi(x));
        }
    }

    private void Fxrstor(ref Instruction i)
    {
        if ((Cr0Value & (Cr0Em | Cr0Ts)) != 0)
            RaiseFault(VecNm);
        uint lin = Linear(MemSeg(ref i), Ea(ref i), 512, false);
        if ((lin & 15) != 0)
            RaiseFault(VecGp, 0);
        uint mx = ReadLinear32(lin + 24);
        if ((mx & ~MxcsrMask) != 0)
            RaiseFault(VecGp, 0);
        _fpu.Control = ReadLinear16(lin);
        _fpu.Status = ReadLinear16(lin + 2);
        byte abridged = ReadLinear8(lin + 4);
        Span<byte> b = stackalloc byte[10];
        for (int k = 0; k < 8; k++)
        {
            for (int j = 0; j < 10; j++)
                b[j] = ReadLinear8(lin + 32 + (uint)(16 * k + j));
            _fpu.SetPhysical(_fpu.Physical(k), X87Stack.FromExtended(b));
        }
        for (int p = 0; p < 8; p++)
            _fpu.SetEmptyPhysical(p, (abridged & (1 << p)) == 0);
        Mxcsr = mx;
        for (int x = 0; x < 8; x++)
            SetXmm(x, ReadLinear64(lin + 160 + (uint)(16 * x)), ReadLinear64(lin + 168 + (uint)(16 * x)));
    }
}
