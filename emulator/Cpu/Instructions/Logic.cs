using System.Buffers.Binary;
using System.Numerics;
using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>AND OR XOR NOT TEST, BT/BTS/BTR/BTC, BSF/BSR, BSWAP, SETcc.</summary>
public sealed partial class X86Cpu
{
    private void And(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint res = ReadRmw(ref i, size) & src;
        WriteRmw(ref i, size, res);
        SetFlagsLogic(res, size);
    }

    private void Or(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint res = ReadRmw(ref i, size) | src;
        WriteRmw(ref i, size, res);
        SetFlagsLogic(res, size);
    }

    private void Xor(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        uint res = ReadRmw(ref i, size) ^ src;
        WriteRmw(ref i, size, res);
        SetFlagsLogic(res, size);
    }

    private void Not(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        WriteRmw(ref i, size, ~ReadRmw(ref i, size));
    }

    private void Test(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint res = ReadOp(ref i, 0, size) & ReadOp(ref i, 1, size);
        SetFlagsLogic(res, size);
    }

    /// <summary>BT (0), BTS (1), BTR (2), BTC (3). A register bit offset addresses memory beyond the operand.</summary>
    private void BitTest(ref Instruction i, int op)
    {
        int size = OpSize(ref i, 0);
        uint bits = (uint)size * 8;
        bool regOffset = i.Op1Kind == OpKind.Register;
        uint offset = ReadOp(ref i, 1, size);
        uint value;
        uint bit;
        if (i.Op0Kind == OpKind.Memory && regOffset)
        {
            int seg = MemSeg(ref i);
            int signed = size == 2 ? (short)offset : (int)offset;
            int elem = signed >> (size == 2 ? 4 : 5);
            uint ea = Ea(ref i) + (uint)(elem * size);
            if (Address16(ref i))
                ea &= 0xFFFF;
            bit = offset & (bits - 1);
            value = ReadMem(seg, ea, size);
            SetFlag(FlagCf, ((value >> (int)bit) & 1) != 0);
            if (op != 0)
                WriteMem(seg, ea, size, BitUpdate(value, bit, op));
            return;
        }
        bit = offset & (bits - 1);
        value = op == 0 ? ReadOp(ref i, 0, size) : ReadRmw(ref i, size);
        SetFlag(FlagCf, ((value >> (int)bit) & 1) != 0);
        if (op != 0)
            WriteRmw(ref i, size, BitUpdate(value, bit, op));
    }

    private static uint BitUpdate(uint value, uint bit, int op) => op switch
    {
        1 => value | (1u << (int)bit),
        2 => value & ~(1u << (int)bit),
        _ => value ^ (1u << (int)bit),
    };

    private void Bsf(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        if (src == 0)
        {
            SetFlag(FlagZf, true);
            return;
        }
        WriteReg(i.Op0Register, (uint)BitOperations.TrailingZeroCount(src));
        SetStatusFlags(0);
    }

    private void Bsr(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint src = ReadOp(ref i, 1, size);
        if (src == 0)
        {
            SetFlag(FlagZf, true);
            return;
        }
        WriteReg(i.Op0Register, (uint)(31 - BitOperations.LeadingZeroCount(src)));
        SetStatusFlags(0);
    }

    private void Bswap(ref Instruction i)
    {
        Register r = i.Op0Register;
        if (RegSize(r) == 4)
            WriteReg(r, BinaryPrimitives.ReverseEndianness(ReadReg(r)));
        else
            WriteReg(r, 0); // BSWAP r16 is undefined; real CPUs clear the low word
    }

    private void Setcc(ref Instruction i)
    {
        uint v = Condition((int)i.ConditionCode - 1) ? 1u : 0u;
        WriteOp(ref i, 0, 1, v);
    }
}
