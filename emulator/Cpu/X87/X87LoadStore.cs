using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// x87 data transfer: FLD/FILD/FBLD, FST(P)/FIST(P)/FISTTP/FBSTP, FXCH, FCMOVcc, the constants, and the
/// memory formats (m16/m32/m64 integers, m32/m64/m80 reals, m80 packed BCD).
/// </summary>
public sealed partial class X86Cpu
{
    /// <summary>Reads a memory source operand, converting to extended precision (SNaN and denormal single/double set IE/DE).</summary>
    private Float80 ReadFpMemory(ref Instruction i, ref FloatEnvironment env)
    {
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        switch (i.MemorySize)
        {
            case MemorySize.Float32: return Float80Math.FromFloat32(ReadMem32(seg, ea), ref env);
            case MemorySize.Float64: return Float80Math.FromFloat64(ReadMem64(seg, ea), ref env);
            case MemorySize.Float80: return ReadFloat80(seg, ea);
            case MemorySize.Int16: return Float80Math.FromInt64((short)ReadMem16(seg, ea));
            case MemorySize.Int32: return Float80Math.FromInt64((int)ReadMem32(seg, ea));
            case MemorySize.Int64: return Float80Math.FromInt64((long)ReadMem64(seg, ea));
            case MemorySize.Bcd:
            {
                Span<byte> b = stackalloc byte[10];
                ReadBytes(seg, ea, b);
                return Float80Math.FromPackedBcd(b);
            }
            default: Unimplemented(in i); return Float80.DefaultNaN;
        }
    }

    private void ReadBytes(int seg, uint ea, Span<byte> b)
    {
        uint lin = Linear(seg, ea, b.Length, false);
        for (int k = 0; k < b.Length; k++)
            b[k] = ReadLinear8(lin + (uint)k);
    }

    private void WriteBytes(int seg, uint ea, ReadOnlySpan<byte> b)
    {
        uint lin = Linear(seg, ea, b.Length, true);
        Translate(lin + (uint)b.Length - 1, true);
        for (int k = 0; k < b.Length; k++)
            WriteLinear8(lin + (uint)k, b[k]);
    }

    private Float80 ReadFloat80(int seg, uint ea)
    {
        Span<byte> b = stackalloc byte[10];
        ReadBytes(seg, ea, b);
        return Float80.FromBytes(b);
    }

    private void WriteFloat80(int seg, uint ea, Float80 v)
    {
        Span<byte> b = stackalloc byte[10];
        v.WriteBytes(b);
        WriteBytes(seg, ea, b);
    }

    /// <summary>FLD/FILD/FBLD and the constants: overflow check, conversion, push.</summary>
    private void FpLoad(ref Instruction i)
    {
        BeginFp(ref i);
        if (!_fpu.IsEmpty(7))
        {
            if (StackFault(overflow: true))
                _fpu.Push(Float80.DefaultNaN);
            return;
        }
        var env = NewEnv(false);
        Float80 v;
        if (i.Op0Kind == OpKind.Memory)
        {
            v = ReadFpMemory(ref i, ref env);
        }
        else
        {
            int k = StIndex(i.Op0Register);
            if (_fpu.IsEmpty(k))
            {
                if (StackFault(overflow: false))
                    _fpu.Push(Float80.DefaultNaN);
                return;
            }
            v = _fpu.St(k);
        }
        if (Deliver(ref env))
            _fpu.Push(v);
    }

    private void FpLoadConstant(ref Instruction i, Float80 v)
    {
        BeginFp(ref i);
        if (!_fpu.IsEmpty(7))
        {
            if (StackFault(overflow: true))
                _fpu.Push(Float80.DefaultNaN);
            return;
        }
        _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
        _fpu.Push(v);
    }

    /// <summary>
    /// FLDPI and friends: the constants are held with 66 bits and rounded by FCW.RC (SDM Vol. 1, 8.3.8);
    /// the values are the 64-bit roundings QEMU and the hardware deliver.
    /// </summary>
    private Float80 RoundedConstant(ushort exp, ulong nearest, bool roundsUpToNearest)
    {
        // roundsUpToNearest: the nearest value is above the exact one, so down/chop take one ulp less;
        // otherwise the nearest is below and up takes one ulp more.
        RoundingMode m = _fpu.Rounding;
        if (roundsUpToNearest)
            return new Float80(exp, m is RoundingMode.Down or RoundingMode.TowardZero ? nearest - 1 : nearest);
        return new Float80(exp, m == RoundingMode.Up ? nearest + 1 : nearest);
    }

    /// <summary>FST/FSTP/FIST/FISTP/FISTTP/FBSTP and FST(P) ST(i).</summary>
    private void FpStore(ref Instruction i, bool pop, bool truncate = false)
    {
        BeginFp(ref i);
        if (i.Op0Kind != OpKind.Memory)
        {
            int k = StIndex(i.Op0Register);
            if (_fpu.IsEmpty(0))
            {
                if (!StackFault(overflow: false))
                    return;
                _fpu.SetSt(k, Float80.DefaultNaN);
            }
            else
            {
                _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
                _fpu.SetSt(k, _fpu.St(0));
            }
            if (pop)
                _fpu.Pop();
            return;
        }

        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        bool empty = _fpu.IsEmpty(0);
        if (empty && !StackFault(overflow: false))
            return;
        Float80 v = empty ? Float80.DefaultNaN : _fpu.St(0);
        var env = NewEnv(false, registerDestination: false);
        if (truncate)
            env.Mode = RoundingMode.TowardZero;
        switch (i.MemorySize)
        {
            case MemorySize.Float32:
            {
                uint r = Float80Math.ToFloat32(v, ref env);
                if (!Deliver(ref env, memory: true))
                    return;
                WriteMem32(seg, ea, r);
                break;
            }
            case MemorySize.Float64:
            {
                ulong r = Float80Math.ToFloat64(v, ref env);
                if (!Deliver(ref env, memory: true))
                    return;
                WriteMem64(seg, ea, r);
                break;
            }
            case MemorySize.Float80:
                _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
                WriteFloat80(seg, ea, v);
                break;
            case MemorySize.Int16:
            case MemorySize.Int32:
            case MemorySize.Int64:
            {
                int bits = i.MemorySize == MemorySize.Int16 ? 16 : i.MemorySize == MemorySize.Int32 ? 32 : 64;
                long r = Float80Math.ToInt(v, bits, ref env);
                if (!Deliver(ref env, memory: true))
                    return;
                if (bits == 16) WriteMem16(seg, ea, (ushort)r);
                else if (bits == 32) WriteMem32(seg, ea, (uint)r);
                else WriteMem64(seg, ea, (ulong)r);
                break;
            }
            case MemorySize.Bcd:
            {
                Span<byte> b = stackalloc byte[10];
                Float80Math.ToPackedBcd(v, b, ref env);
                if (!Deliver(ref env, memory: true))
                    return;
                WriteBytes(seg, ea, b);
                break;
            }
            default:
                Unimplemented(in i);
                return;
        }
        if (pop)
            _fpu.Pop();
    }

    /// <summary>FXCH: empty operands are replaced by the QNaN indefinite when IE is masked.</summary>
    private void FpExchange(ref Instruction i)
    {
        BeginFp(ref i);
        int k = 1;
        if (i.OpCount == 1)
            k = StIndex(i.Op0Register);
        else if (i.OpCount == 2)
            k = StIndex(i.Op0Register) != 0 ? StIndex(i.Op0Register) : StIndex(i.Op1Register);
        bool e0 = _fpu.IsEmpty(0), ek = _fpu.IsEmpty(k);
        if (e0 || ek)
        {
            if (!StackFault(overflow: false))
                return;
        }
        else
        {
            _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
        }
        Float80 a = e0 ? Float80.DefaultNaN : _fpu.St(0);
        Float80 b = ek ? Float80.DefaultNaN : _fpu.St(k);
        _fpu.SetSt(0, b);
        _fpu.SetSt(k, a);
    }

    /// <summary>FCMOVcc ST(0), ST(i) (P6): condition from CF, ZF, PF.</summary>
    private void FpConditionalMove(ref Instruction i, bool condition)
    {
        BeginFp(ref i);
        int k = StIndex(i.Op1Register);
        if (_fpu.IsEmpty(0) || _fpu.IsEmpty(k))
        {
            if (StackFault(overflow: false))
                _fpu.SetSt(0, Float80.DefaultNaN);
            return;
        }
        _fpu.StatusFlags &= unchecked((ushort)~X87State.StatusC1);
        if (condition)
            _fpu.SetSt(0, _fpu.St(k));
    }
}
