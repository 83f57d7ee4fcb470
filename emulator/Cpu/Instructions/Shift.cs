using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>ROL ROR RCL RCR SHL SHR SAR (by 1, CL, imm8) and SHLD/SHRD. Flags are computed eagerly.</summary>
public sealed partial class X86Cpu
{
    /// <summary>Group-2 operation <paramref name="op"/> = ModRM reg: 0 ROL, 1 ROR, 2 RCL, 3 RCR, 4 SHL, 5 SHR, 7 SAR.</summary>
    private void Shift(ref Instruction i, int op)
    {
        int size = OpSize(ref i, 0);
        int count = (int)(ReadOp(ref i, 1, 1) & 0x1F);
        if (count == 0)
        {
            if (i.Op0Kind == OpKind.Memory)
                ReadOp(ref i, 0, size); // access checks still apply
            return;
        }
        int bits = size * 8;
        uint mask = SizeMask(size);
        uint sign = SignBit(size);
        uint dst = ReadRmw(ref i, size);
        MaterializeFlags();
        uint f = FlagsRaw & StatusFlags;
        uint res;
        bool cf;
        switch (op)
        {
            case 0: // ROL
            {
                int c = count % bits;
                res = c == 0 ? dst : ((dst << c) | (dst >> (bits - c))) & mask;
                cf = (res & 1) != 0;
                f = (f & ~(FlagCf | FlagOf)) | (cf ? FlagCf : 0);
                if ((((res & sign) != 0) ^ cf)) f |= FlagOf;
                break;
            }
            case 1: // ROR
            {
                int c = count % bits;
                res = c == 0 ? dst : ((dst >> c) | (dst << (bits - c))) & mask;
                cf = (res & sign) != 0;
                f = (f & ~(FlagCf | FlagOf)) | (cf ? FlagCf : 0);
                if ((((res & sign) != 0) ^ ((res & (sign >> 1)) != 0))) f |= FlagOf;
                break;
            }
            case 2: // RCL
            {
                int c = size == 4 ? count : count % (bits + 1);
                ulong wide = dst | ((f & FlagCf) != 0 ? 1ul << bits : 0);
                for (int k = 0; k < c; k++)
                    wide = ((wide << 1) | (wide >> bits)) & ((1ul << (bits + 1)) - 1);
                res = (uint)wide & mask;
                cf = ((wide >> bits) & 1) != 0;
                f = (f & ~(FlagCf | FlagOf)) | (cf ? FlagCf : 0);
                if ((((res & sign) != 0) ^ cf)) f |= FlagOf;
                break;
            }
            case 3: // RCR
            {
                int c = size == 4 ? count : count % (bits + 1);
                ulong wide = dst | ((f & FlagCf) != 0 ? 1ul << bits : 0);
                for (int k = 0; k < c; k++)
                    wide = ((wide >> 1) | ((wide & 1) << bits)) & ((1ul << (bits + 1)) - 1);
                res = (uint)wide & mask;
                cf = ((wide >> bits) & 1) != 0;
                f = (f & ~(FlagCf | FlagOf)) | (cf ? FlagCf : 0);
                if ((((res & sign) != 0) ^ ((res & (sign >> 1)) != 0))) f |= FlagOf;
                break;
            }
            case 4: // SHL
            case 6:
            {
                ulong wide = (ulong)dst << count;
                res = (uint)wide & mask;
                cf = ((wide >> bits) & 1) != 0;
                f = SzpFlags(res, size) | (cf ? FlagCf : 0);
                if ((((res & sign) != 0) ^ cf)) f |= FlagOf;
                break;
            }
            case 5: // SHR
            {
                res = count >= 32 ? 0 : (dst >> count) & mask;
                cf = count <= bits && ((dst >> (count - 1)) & 1) != 0;
                f = SzpFlags(res, size) | (cf ? FlagCf : 0);
                // OF from the last single-bit step: MSB of the value before it (= MSB of dst for a count of 1).
                if ((((res << 1) ^ res) & sign) != 0) f |= FlagOf;
                break;
            }
            default: // SAR
            {
                int sdst = size == 1 ? (sbyte)dst : size == 2 ? (short)dst : (int)dst;
                int c = Math.Min(count, bits - 1);
                res = (uint)(sdst >> c) & mask;
                cf = count >= bits ? sdst < 0 : ((sdst >> (count - 1)) & 1) != 0;
                f = SzpFlags(res, size) | (cf ? FlagCf : 0);
                break;
            }
        }
        WriteRmw(ref i, size, res);
        FlagsRaw = (FlagsRaw & ~StatusFlags) | f;
    }

    private void DoubleShift(ref Instruction i, bool left)
    {
        int size = OpSize(ref i, 0);
        int count = (int)(ReadOp(ref i, 2, 1) & 0x1F);
        if (count == 0)
            return;
        uint src = ReadReg(i.Op1Register);
        uint dst = ReadRmw(ref i, size);
        int bits = size * 8;
        uint res;
        bool cf;
        if (size == 4)
        {
            if (left)
            {
                ulong wide = ((ulong)dst << 32) | src;
                res = (uint)((wide << count) >> 32);
                cf = ((dst >> (32 - count)) & 1) != 0;
            }
            else
            {
                ulong wide = ((ulong)src << 32) | dst;
                res = (uint)(wide >> count);
                cf = ((dst >> (count - 1)) & 1) != 0;
            }
        }
        else
        {
            // 16-bit: the 32-bit pattern dst:src (or src:dst) shifted, counts above 16 are undefined.
            if (left)
            {
                ulong wide = ((ulong)dst << 32) | ((ulong)src << 16) | dst;
                res = (uint)((wide << count) >> 32) & 0xFFFF;
                cf = ((wide << (count - 1)) >> 47 & 1) != 0;
            }
            else
            {
                ulong wide = ((ulong)dst << 32) | ((ulong)src << 16) | dst;
                res = (uint)(wide >> count) & 0xFFFF;
                cf = ((wide >> (count - 1)) & 1) != 0;
            }
        }
        WriteRmw(ref i, size, res);
        uint sign = SignBit(size);
        uint f = SzpFlags(res, size) | (cf ? FlagCf : 0);
        if (((res ^ dst) & sign) != 0) f |= FlagOf;
        _ = bits;
        SetStatusFlags(f);
    }
}
