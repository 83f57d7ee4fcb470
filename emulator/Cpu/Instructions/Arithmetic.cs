using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>ADD ADC SUB SBB CMP INC DEC NEG MUL IMUL DIV IDIV CMPXCHG CMPXCHG8B XADD and the BCD adjusts.</summary>
public sealed partial class X86Cpu
{
    private void Add(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint dst = ReadRmw(ref i, size);
        uint res = dst + src;
        WriteRmw(ref i, size, res);
        SetFlagsAdd(dst, src, res, size);
    }

    private void Adc(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint dst = ReadRmw(ref i, size);
        uint c = GetCf() ? 1u : 0u;
        uint res = dst + src + c;
        WriteRmw(ref i, size, res);
        SetFlagsAdc(dst, src, res, c, size);
    }

    private void Sub(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint dst = ReadRmw(ref i, size);
        uint res = dst - src;
        WriteRmw(ref i, size, res);
        SetFlagsSub(dst, src, res, size);
    }

    private void Sbb(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint dst = ReadRmw(ref i, size);
        uint c = GetCf() ? 1u : 0u;
        uint res = dst - src - c;
        WriteRmw(ref i, size, res);
        SetFlagsSbb(dst, src, res, c, size);
    }

    private void Cmp(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint dst = ReadOp(ref i, 0, size);
        uint src = ReadOp(ref i, 1, size);
        SetFlagsSub(dst, src, dst - src, size);
    }

    private void Inc(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint dst = ReadRmw(ref i, size);
        uint res = dst + 1;
        WriteRmw(ref i, size, res);
        SetFlagsIncDec(false, dst, res, size);
    }

    private void Dec(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint dst = ReadRmw(ref i, size);
        uint res = dst - 1;
        WriteRmw(ref i, size, res);
        SetFlagsIncDec(true, dst, res, size);
    }

    private void Neg(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadRmw(ref i, size);
        uint res = 0 - src;
        WriteRmw(ref i, size, res);
        SetFlagsSub(0, src, res, size);
    }

    /// <summary>MUL/IMUL flags: CF=OF=upper half significant; SF/ZF/PF from the low result (undefined on Intel).</summary>
    private void SetMulFlags(bool overflow, uint low, int size)
    {
        uint f = SzpFlags(low, size);
        if (overflow)
            f |= FlagCf | FlagOf;
        SetStatusFlags(f);
    }

    private void Mul(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 0, size);
        switch (size)
        {
            case 1:
            {
                uint r = (R[0] & 0xFF) * src;
                R[0] = (R[0] & 0xFFFF_0000) | (r & 0xFFFF);
                SetMulFlags((r & 0xFF00) != 0, r, 1);
                break;
            }
            case 2:
            {
                uint r = (R[0] & 0xFFFF) * src;
                R[0] = (R[0] & 0xFFFF_0000) | (r & 0xFFFF);
                R[2] = (R[2] & 0xFFFF_0000) | (r >> 16);
                SetMulFlags((r >> 16) != 0, r, 2);
                break;
            }
            default:
            {
                ulong r = (ulong)R[0] * src;
                R[0] = (uint)r;
                R[2] = (uint)(r >> 32);
                SetMulFlags((r >> 32) != 0, (uint)r, 4);
                break;
            }
        }
    }

    private void Imul(ref Instruction i)
    {
        if (i.OpCount == 1)
        {
            int size = OpSize(ref i, 0);
            uint src = ReadOp(ref i, 0, size);
            switch (size)
            {
                case 1:
                {
                    int r = (sbyte)R[0] * (sbyte)src;
                    R[0] = (R[0] & 0xFFFF_0000) | ((uint)r & 0xFFFF);
                    SetMulFlags(r != (sbyte)r, (uint)r, 1);
                    break;
                }
                case 2:
                {
                    int r = (short)R[0] * (short)src;
                    R[0] = (R[0] & 0xFFFF_0000) | ((uint)r & 0xFFFF);
                    R[2] = (R[2] & 0xFFFF_0000) | (((uint)r >> 16) & 0xFFFF);
                    SetMulFlags(r != (short)r, (uint)r, 2);
                    break;
                }
                default:
                {
                    long r = (long)(int)R[0] * (int)src;
                    R[0] = (uint)r;
                    R[2] = (uint)((ulong)r >> 32);
                    SetMulFlags(r != (int)r, (uint)r, 4);
                    break;
                }
            }
            return;
        }
        int sz = OpSize(ref i, 0);
        uint a, b;
        if (i.OpCount == 2)
        {
            a = ReadOp(ref i, 0, sz);
            b = ReadOp(ref i, 1, sz);
        }
        else
        {
            a = ReadOp(ref i, 1, sz);
            b = ReadOp(ref i, 2, sz);
        }
        long res = sz == 2 ? (long)(short)a * (short)b : (long)(int)a * (int)b;
        bool of = sz == 2 ? res != (short)res : res != (int)res;
        WriteReg(i.Op0Register, (uint)res);
        SetMulFlags(of, (uint)res, sz);
    }

    private void Div(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint d = ReadOp(ref i, 0, size);
        if (d == 0)
            RaiseFault(VecDe);
        switch (size)
        {
            case 1:
            {
                uint n = R[0] & 0xFFFF;
                uint q = n / d;
                if (q > 0xFF)
                    RaiseFault(VecDe);
                R[0] = (R[0] & 0xFFFF_0000) | ((n % d) << 8) | q;
                break;
            }
            case 2:
            {
                uint n = ((R[2] & 0xFFFF) << 16) | (R[0] & 0xFFFF);
                uint q = n / d;
                if (q > 0xFFFF)
                    RaiseFault(VecDe);
                R[0] = (R[0] & 0xFFFF_0000) | q;
                R[2] = (R[2] & 0xFFFF_0000) | (n % d);
                break;
            }
            default:
            {
                ulong n = ((ulong)R[2] << 32) | R[0];
                ulong q = n / d;
                if (q > 0xFFFF_FFFF)
                    RaiseFault(VecDe);
                R[0] = (uint)q;
                R[2] = (uint)(n % d);
                break;
            }
        }
    }

    private void Idiv(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint d = ReadOp(ref i, 0, size);
        if (d == 0)
            RaiseFault(VecDe);
        switch (size)
        {
            case 1:
            {
                int n = (short)R[0];
                int dv = (sbyte)d;
                int q = n / dv;
                if (q != (sbyte)q)
                    RaiseFault(VecDe);
                int rem = n % dv;
                R[0] = (R[0] & 0xFFFF_0000) | (((uint)rem & 0xFF) << 8) | ((uint)q & 0xFF);
                break;
            }
            case 2:
            {
                int n = (int)(((R[2] & 0xFFFF) << 16) | (R[0] & 0xFFFF));
                int dv = (short)d;
                long q = (long)n / dv;
                if (q != (short)q)
                    RaiseFault(VecDe);
                long rem = (long)n % dv;
                R[0] = (R[0] & 0xFFFF_0000) | ((uint)q & 0xFFFF);
                R[2] = (R[2] & 0xFFFF_0000) | ((uint)rem & 0xFFFF);
                break;
            }
            default:
            {
                long n = (long)(((ulong)R[2] << 32) | R[0]);
                long dv = (int)d;
                if (n == long.MinValue && dv == -1)
                    RaiseFault(VecDe);
                long q = n / dv;
                if (q != (int)q)
                    RaiseFault(VecDe);
                R[0] = (uint)q;
                R[2] = (uint)(n % dv);
                break;
            }
        }
    }

    private void Cmpxchg(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint dst = ReadRmw(ref i, size);
        uint acc = R[0] & SizeMask(size);
        SetFlagsSub(acc, dst, acc - dst, size);
        if (acc == dst)
        {
            WriteRmw(ref i, size, src);
        }
        else
        {
            WriteRmw(ref i, size, dst); // the destination is always written
            WriteReg(size == 1 ? Register.AL : size == 2 ? Register.AX : Register.EAX, dst);
        }
    }

    private void Cmpxchg8b(ref Instruction i)
    {
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        uint lin = Linear(seg, ea, 8, true);
        ulong v = ReadLinear64(lin);
        ulong cmp = ((ulong)R[2] << 32) | R[0];
        if (v == cmp)
        {
            WriteLinear64(lin, ((ulong)R[1] << 32) | R[3]);
            SetFlag(FlagZf, true);
        }
        else
        {
            WriteLinear64(lin, v);
            R[0] = (uint)v;
            R[2] = (uint)(v >> 32);
            SetFlag(FlagZf, false);
        }
    }

    private void Xadd(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadReg(i.Op1Register);
        uint dst = ReadRmw(ref i, size);
        uint res = dst + src;
        WriteReg(i.Op1Register, dst);
        WriteRmw(ref i, size, res);
        SetFlagsAdd(dst, src, res, size);
    }

    // ---- BCD (SDM Vol. 2, DAA/DAS/AAA/AAS/AAM/AAD) ----

    private void Daa()
    {
        uint al = R[0] & 0xFF, oldAl = al;
        bool cf = GetCf(), af = GetAf();
        bool newCf = false, newAf = false;
        if ((al & 0xF) > 9 || af)
        {
            al += 6;
            newCf = cf || al > 0xFF;
            newAf = true;
        }
        if (oldAl > 0x99 || cf)
        {
            al += 0x60;
            newCf = true;
        }
        al &= 0xFF;
        R[0] = (R[0] & 0xFFFF_FF00) | al;
        uint f = SzpFlags(al, 1) | (newCf ? FlagCf : 0) | (newAf ? FlagAf : 0);
        if (((oldAl ^ al) & al & 0x80) != 0) f |= FlagOf;
        SetStatusFlags(f);
    }

    private void Das()
    {
        uint al = R[0] & 0xFF, oldAl = al;
        bool cf = GetCf(), af = GetAf();
        bool newCf = false, newAf = false;
        if ((al & 0xF) > 9 || af)
        {
            newCf = cf || al < 6;
            al -= 6;
            newAf = true;
        }
        if (oldAl > 0x99 || cf)
        {
            al -= 0x60;
            newCf = true;
        }
        al &= 0xFF;
        R[0] = (R[0] & 0xFFFF_FF00) | al;
        uint f = SzpFlags(al, 1) | (newCf ? FlagCf : 0) | (newAf ? FlagAf : 0);
        if (((oldAl ^ al) & oldAl & 0x80) != 0) f |= FlagOf;
        SetStatusFlags(f);
    }

    private void Aaa()
    {
        uint ax = R[0] & 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || GetAf();
        if (adjust)
            ax = ((ax + 0x106) & 0xFF00) | ((ax + 6) & 0x0F);
        else
            ax &= 0xFF0F;
        R[0] = (R[0] & 0xFFFF_0000) | ax;
        uint f = SzpFlags(ax, 1) & ~(FlagZf | FlagSf | FlagPf);
        if (adjust) f |= FlagAf | FlagCf;
        SetStatusFlags(f | SzpFlags(ax & 0xFF, 1));
    }

    private void Aas()
    {
        uint ax = R[0] & 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || GetAf();
        if (adjust)
            ax = ((ax - 0x106) & 0xFF00) | ((ax - 6) & 0x0F);
        else
            ax &= 0xFF0F;
        R[0] = (R[0] & 0xFFFF_0000) | ax;
        uint f = SzpFlags(ax & 0xFF, 1);
        if (adjust) f |= FlagAf | FlagCf;
        SetStatusFlags(f);
    }

    private void Aam(ref Instruction i)
    {
        uint imm = i.Immediate8;
        if (imm == 0)
            RaiseFault(VecDe);
        uint al = R[0] & 0xFF;
        uint ah = al / imm;
        al %= imm;
        R[0] = (R[0] & 0xFFFF_0000) | (ah << 8) | al;
        SetStatusFlags(SzpFlags(al, 1));
    }

    private void Aad(ref Instruction i)
    {
        uint imm = i.Immediate8;
        uint al = R[0] & 0xFF, ah = (R[0] >> 8) & 0xFF;
        uint res = (al + ah * imm) & 0xFF;
        R[0] = (R[0] & 0xFFFF_0000) | res;
        // Flags as if ADD AL, AH*imm (byte), which matches the hardware for OF/AF/CF.
        uint add = (ah * imm) & 0xFF;
        SetFlagsAdd(al, add, al + add, 1);
    }
}
