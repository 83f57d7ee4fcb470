using System.Runtime.CompilerServices;
using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// Generic operand access driven by Iced's operand kinds: registers through precomputed tables,
/// memory through the effective address and the segment Iced reports, immediates via GetImmediate.
/// Read-modify-write forms remember the checked linear address of the destination.
/// </summary>
public sealed partial class X86Cpu
{
    private const byte KindNone = 0, KindLow8 = 1, KindHigh8 = 2, Kind16 = 3, Kind32 = 4, KindSeg = 5, KindCr = 6, KindDr = 7, KindXmm = 8, KindSt = 9, KindMm = 10;

    private static readonly byte[] s_regKind;
    private static readonly byte[] s_regIndex;
    private static readonly byte[] s_memSize;

    internal readonly uint[] Dr = new uint[8];

    static X86Cpu()
    {
        int count = 0;
        foreach (Register r in Enum.GetValues<Register>())
            count = Math.Max(count, (int)r + 1);
        s_regKind = new byte[count];
        s_regIndex = new byte[count];
        foreach (Register r in Enum.GetValues<Register>())
        {
            int n = (int)r;
            if (r == Register.None)
                continue;
            if (r.IsGPR8())
            {
                int num = r.GetNumber();
                if (num < 4) { s_regKind[n] = KindLow8; s_regIndex[n] = (byte)num; }
                else if (num < 8 && r >= Register.AH && r <= Register.BH) { s_regKind[n] = KindHigh8; s_regIndex[n] = (byte)(num - 4); }
            }
            else if (r.IsGPR16() && r.GetNumber() < 8) { s_regKind[n] = Kind16; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsGPR32() && r.GetNumber() < 8) { s_regKind[n] = Kind32; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsSegmentRegister()) { s_regKind[n] = KindSeg; s_regIndex[n] = (byte)(r - Register.ES); }
            else if (r.IsCR()) { s_regKind[n] = KindCr; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsDR()) { s_regKind[n] = KindDr; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsXMM() && r.GetNumber() < 8) { s_regKind[n] = KindXmm; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsST()) { s_regKind[n] = KindSt; s_regIndex[n] = (byte)r.GetNumber(); }
            else if (r.IsMM()) { s_regKind[n] = KindMm; s_regIndex[n] = (byte)r.GetNumber(); }
        }
        int msCount = 0;
        foreach (MemorySize m in Enum.GetValues<MemorySize>())
            msCount = Math.Max(msCount, (int)m + 1);
        s_memSize = new byte[msCount];
        foreach (MemorySize m in Enum.GetValues<MemorySize>())
            s_memSize[(int)m] = (byte)Math.Min(255, m.GetSize());
    }

    internal static int RegSize(Register r) => s_regKind[(int)r] switch
    {
        KindLow8 or KindHigh8 => 1,
        Kind16 or KindSeg => 2,
        _ => 4,
    };

    internal static int RegIndex(Register r) => s_regIndex[(int)r];

    internal static bool IsSegReg(Register r) => s_regKind[(int)r] == KindSeg;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint ReadReg(Register r)
    {
        int idx = s_regIndex[(int)r];
        switch (s_regKind[(int)r])
        {
            case Kind32: return R[idx];
            case Kind16: return R[idx] & 0xFFFF;
            case KindLow8: return R[idx] & 0xFF;
            case KindHigh8: return (R[idx] >> 8) & 0xFF;
            case KindSeg: return Seg[idx].Selector;
            default: return 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteReg(Register r, uint v)
    {
        int idx = s_regIndex[(int)r];
        switch (s_regKind[(int)r])
        {
            case Kind32: R[idx] = v; break;
            case Kind16: R[idx] = (R[idx] & 0xFFFF_0000) | (v & 0xFFFF); break;
            case KindLow8: R[idx] = (R[idx] & 0xFFFF_FF00) | (v & 0xFF); break;
            case KindHigh8: R[idx] = (R[idx] & 0xFFFF_00FF) | ((v & 0xFF) << 8); break;
        }
    }

    /// <summary>Operand size in bytes of operand <paramref name="n"/> (register or memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int OpSize(ref Instruction i, int n)
    {
        OpKind k = i.GetOpKind(n);
        if (k == OpKind.Register)
            return RegSize(i.GetOpRegister(n));
        return s_memSize[(int)i.MemorySize];
    }

    internal static int MemSize(ref Instruction i) => s_memSize[(int)i.MemorySize];

    /// <summary>True when the memory operand uses 16-bit addressing.</summary>
    internal static bool Address16(ref Instruction i)
    {
        Register b = i.MemoryBase, x = i.MemoryIndex;
        if (b != Register.None)
            return s_regKind[(int)b] == Kind16;
        if (x != Register.None)
            return s_regKind[(int)x] == Kind16;
        return i.MemoryDisplSize == 2;
    }

    /// <summary>Effective address (offset within the segment) of the memory operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Ea(ref Instruction i)
    {
        uint ea = i.MemoryDisplacement32;
        Register b = i.MemoryBase;
        Register x = i.MemoryIndex;
        bool a16 = false;
        if (b != Register.None)
        {
            ea += ReadReg(b);
            a16 = s_regKind[(int)b] == Kind16;
        }
        if (x != Register.None)
        {
            uint xv = ReadReg(x);
            int scale = i.MemoryIndexScale;
            ea += scale == 1 ? xv : xv * (uint)scale;
            a16 |= s_regKind[(int)x] == Kind16;
        }
        else if (b == Register.None)
        {
            a16 = i.MemoryDisplSize == 2;
        }
        return a16 ? ea & 0xFFFF : ea;
    }

    internal int MemSeg(ref Instruction i) => s_regIndex[(int)i.MemorySegment];

    internal uint ReadOp(ref Instruction i, int n, int size)
    {
        switch (i.GetOpKind(n))
        {
            case OpKind.Register:
                return ReadReg(i.GetOpRegister(n));
            case OpKind.Memory:
                return ReadMem(MemSeg(ref i), Ea(ref i), size);
            default:
                return (uint)i.GetImmediate(n) & SizeMask(size);
        }
    }

    internal void WriteOp(ref Instruction i, int n, int size, uint v)
    {
        if (i.GetOpKind(n) == OpKind.Register)
            WriteReg(i.GetOpRegister(n), v);
        else
            WriteMem(MemSeg(ref i), Ea(ref i), size, v);
    }

    private uint _rmwLinear;

    /// <summary>Reads operand 0 for a read-modify-write, checking write access up front.</summary>
    internal uint ReadRmw(ref Instruction i, int size)
    {
        if (i.Op0Kind == OpKind.Register)
            return ReadReg(i.Op0Register);
        uint lin = Linear(MemSeg(ref i), Ea(ref i), size, true);
        _rmwLinear = lin;
        if (_paging)
        {
            Translate(lin, true);
            Translate(lin + (uint)size - 1, true);
        }
        return size switch
        {
            1 => ReadLinear8(lin),
            2 => ReadLinear16(lin),
            _ => ReadLinear32(lin),
        };
    }

    internal void WriteRmw(ref Instruction i, int size, uint v)
    {
        if (i.Op0Kind == OpKind.Register)
        {
            WriteReg(i.Op0Register, v);
            return;
        }
        switch (size)
        {
            case 1: WriteLinear8(_rmwLinear, (byte)v); break;
            case 2: WriteLinear16(_rmwLinear, (ushort)v); break;
            default: WriteLinear32(_rmwLinear, v); break;
        }
    }

    // ---- Stack ----

    internal bool Stack32 => Seg[SegSs].Big;

    internal void Push(uint v, int size)
    {
        if (Seg[SegSs].Big)
        {
            uint esp = R[4] - (uint)size;
            WriteMem(SegSs, esp, size, v);
            R[4] = esp;
        }
        else
        {
            uint sp = (R[4] - (uint)size) & 0xFFFF;
            WriteMem(SegSs, sp, size, v);
            R[4] = (R[4] & 0xFFFF_0000) | sp;
        }
    }

    internal uint Pop(int size)
    {
        if (Seg[SegSs].Big)
        {
            uint v = ReadMem(SegSs, R[4], size);
            R[4] += (uint)size;
            return v;
        }
        uint sp = R[4] & 0xFFFF;
        uint r = ReadMem(SegSs, sp, size);
        R[4] = (R[4] & 0xFFFF_0000) | ((sp + (uint)size) & 0xFFFF);
        return r;
    }

    /// <summary>Reads the stack at ESP + <paramref name="offset"/> without moving it.</summary>
    internal uint PeekStack(uint offset, int size)
    {
        uint sp = Seg[SegSs].Big ? R[4] + offset : (R[4] + offset) & 0xFFFF;
        return ReadMem(SegSs, sp, size);
    }

    internal void AdjustSp(uint delta)
    {
        if (Seg[SegSs].Big)
            R[4] += delta;
        else
            R[4] = (R[4] & 0xFFFF_0000) | ((R[4] + delta) & 0xFFFF);
    }
}
