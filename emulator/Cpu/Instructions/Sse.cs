using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// SSE/SSE2 state, gating and the data-movement, logic and integer instructions (SDM Vol. 1, ch. 10-11).
/// Every SSE instruction needs CR4.OSFXSR=1 and CR0.EM=0 (else #UD) and raises #NM when CR0.TS=1.
/// XMM registers are two 64-bit halves each. Aligned forms (MOVAPS, MOVDQA and packed operations
/// with a 128-bit memory operand) raise #GP(0) on a misaligned address.
/// Floating-point arithmetic is in SseFloat.cs.
/// </summary>
public sealed partial class X86Cpu
{
    internal readonly ulong[] Xmm = new ulong[16];
    internal uint Mxcsr = 0x1F80;
    internal const uint MxcsrMask = 0x0000_FFFF;

    private void ResetSse()
    {
        Array.Clear(Xmm);
        Mxcsr = 0x1F80;
    }

    private void CheckSse()
    {
        if ((Cr0Value & Cr0Em) != 0 || (Cr4Value & Cr4Osfxsr) == 0)
            RaiseUd();
        if ((Cr0Value & Cr0Ts) != 0)
            RaiseFault(VecNm);
    }

    internal ulong XmmLo(int x) => Xmm[2 * x];
    internal ulong XmmHi(int x) => Xmm[2 * x + 1];

    internal void SetXmm(int x, ulong lo, ulong hi)
    {
        Xmm[2 * x] = lo;
        Xmm[2 * x + 1] = hi;
    }

    private static int XmmOf(Register r) => s_regIndex[(int)r];

    private uint SimdLinear(ref Instruction i, int size, bool write, bool aligned)
    {
        uint lin = Linear(MemSeg(ref i), Ea(ref i), size, write);
        if (aligned && (lin & 15) != 0)
            RaiseFault(VecGp, 0);
        return lin;
    }

    /// <summary>Reads a 128-bit xmm/m128 operand.</summary>
    private void ReadX128(ref Instruction i, int n, bool aligned, out ulong lo, out ulong hi)
    {
        if (i.GetOpKind(n) == OpKind.Register)
        {
            int x = XmmOf(i.GetOpRegister(n));
            lo = Xmm[2 * x];
            hi = Xmm[2 * x + 1];
            return;
        }
        uint lin = SimdLinear(ref i, 16, false, aligned);
        lo = ReadLinear64(lin);
        hi = ReadLinear64(lin + 8);
    }

    private void WriteX128(ref Instruction i, int n, bool aligned, ulong lo, ulong hi)
    {
        if (i.GetOpKind(n) == OpKind.Register)
        {
            SetXmm(XmmOf(i.GetOpRegister(n)), lo, hi);
            return;
        }
        uint lin = SimdLinear(ref i, 16, true, aligned);
        if (_paging)
            Translate(lin + 15, true);
        WriteLinear64(lin, lo);
        WriteLinear64(lin + 8, hi);
    }

    /// <summary>Reads the low 64 bits of xmm, or a 64-bit memory operand.</summary>
    private ulong ReadX64(ref Instruction i, int n)
    {
        if (i.GetOpKind(n) == OpKind.Register)
            return Xmm[2 * XmmOf(i.GetOpRegister(n))];
        return ReadLinear64(SimdLinear(ref i, 8, false, false));
    }

    /// <summary>Reads the low 32 bits of xmm, a 32-bit GPR, or a 32-bit memory operand.</summary>
    private uint ReadX32(ref Instruction i, int n)
    {
        if (i.GetOpKind(n) == OpKind.Register)
        {
            Register r = i.GetOpRegister(n);
            return s_regKind[(int)r] == KindXmm ? (uint)Xmm[2 * XmmOf(r)] : ReadReg(r);
        }
        return ReadLinear32(SimdLinear(ref i, 4, false, false));
    }

    private bool ExecuteSimd(ref Instruction i)
    {
        if (IsMmxForm(ref i))
            return ExecuteMmx(ref i);
        switch (i.Mnemonic)
        {
            case Mnemonic.Movups: case Mnemonic.Movupd: case Mnemonic.Movdqu: case Mnemonic.Lddqu:
                CheckSse(); MoveX128(ref i, aligned: false); return true;
            case Mnemonic.Movaps: case Mnemonic.Movapd: case Mnemonic.Movdqa:
            case Mnemonic.Movntps: case Mnemonic.Movntpd: case Mnemonic.Movntdq:
                CheckSse(); MoveX128(ref i, aligned: true); return true;
            case Mnemonic.Movq: CheckSse(); Movq(ref i); return true;
            case Mnemonic.Movd: CheckSse(); Movd(ref i); return true;
            case Mnemonic.Movss: CheckSse(); Movss(ref i); return true;
            case Mnemonic.Movsd: CheckSse(); MovsdXmm(ref i); return true;
            case Mnemonic.Movhlps: CheckSse(); { int d = XmmOf(i.Op0Register); SetXmm(d, XmmHi(XmmOf(i.Op1Register)), XmmHi(d)); } return true;
            case Mnemonic.Movlhps: CheckSse(); { int d = XmmOf(i.Op0Register); SetXmm(d, XmmLo(d), XmmLo(XmmOf(i.Op1Register))); } return true;
            case Mnemonic.Movlps: case Mnemonic.Movlpd: CheckSse(); MoveHalf(ref i, high: false); return true;
            case Mnemonic.Movhps: case Mnemonic.Movhpd: CheckSse(); MoveHalf(ref i, high: true); return true;
            case Mnemonic.Movmskps: CheckSse(); Movmsk(ref i, single: true); return true;
            case Mnemonic.Movmskpd: CheckSse(); Movmsk(ref i, single: false); return true;
            case Mnemonic.Pmovmskb: CheckSse(); Pmovmskb(ref i); return true;

            case Mnemonic.Xorps: case Mnemonic.Xorpd: case Mnemonic.Pxor: CheckSse(); Logic128(ref i, 0); return true;
            case Mnemonic.Andps: case Mnemonic.Andpd: case Mnemonic.Pand: CheckSse(); Logic128(ref i, 1); return true;
            case Mnemonic.Andnps: case Mnemonic.Andnpd: case Mnemonic.Pandn: CheckSse(); Logic128(ref i, 2); return true;
            case Mnemonic.Orps: case Mnemonic.Orpd: case Mnemonic.Por: CheckSse(); Logic128(ref i, 3); return true;

            case Mnemonic.Paddb: CheckSse(); PackedInt(ref i, 1, PiAdd); return true;
            case Mnemonic.Paddw: CheckSse(); PackedInt(ref i, 2, PiAdd); return true;
            case Mnemonic.Paddd: CheckSse(); PackedInt(ref i, 4, PiAdd); return true;
            case Mnemonic.Paddq: CheckSse(); PackedInt(ref i, 8, PiAdd); return true;
            case Mnemonic.Psubb: CheckSse(); PackedInt(ref i, 1, PiSub); return true;
            case Mnemonic.Psubw: CheckSse(); PackedInt(ref i, 2, PiSub); return true;
            case Mnemonic.Psubd: CheckSse(); PackedInt(ref i, 4, PiSub); return true;
            case Mnemonic.Psubq: CheckSse(); PackedInt(ref i, 8, PiSub); return true;
            case Mnemonic.Pcmpeqb: CheckSse(); PackedInt(ref i, 1, PiCmpEq); return true;
            case Mnemonic.Pcmpeqw: CheckSse(); PackedInt(ref i, 2, PiCmpEq); return true;
            case Mnemonic.Pcmpeqd: CheckSse(); PackedInt(ref i, 4, PiCmpEq); return true;
            case Mnemonic.Pcmpgtb: CheckSse(); PackedInt(ref i, 1, PiCmpGt); return true;
            case Mnemonic.Pcmpgtw: CheckSse(); PackedInt(ref i, 2, PiCmpGt); return true;
            case Mnemonic.Pcmpgtd: CheckSse(); PackedInt(ref i, 4, PiCmpGt); return true;
            case Mnemonic.Pmullw: CheckSse(); PackedInt(ref i, 2, PiMulLo); return true;
            case Mnemonic.Pmuludq: CheckSse(); Pmuludq(ref i); return true;
            case Mnemonic.Paddusb: CheckSse(); PackedInt(ref i, 1, PiAddUs); return true;
            case Mnemonic.Paddusw: CheckSse(); PackedInt(ref i, 2, PiAddUs); return true;
            case Mnemonic.Psubusb: CheckSse(); PackedInt(ref i, 1, PiSubUs); return true;
            case Mnemonic.Psubusw: CheckSse(); PackedInt(ref i, 2, PiSubUs); return true;
            case Mnemonic.Paddsb: CheckSse(); PackedInt(ref i, 1, PiAddSs); return true;
            case Mnemonic.Paddsw: CheckSse(); PackedInt(ref i, 2, PiAddSs); return true;
            case Mnemonic.Psubsb: CheckSse(); PackedInt(ref i, 1, PiSubSs); return true;
            case Mnemonic.Psubsw: CheckSse(); PackedInt(ref i, 2, PiSubSs); return true;
            case Mnemonic.Pminub: CheckSse(); PackedInt(ref i, 1, PiMinU); return true;
            case Mnemonic.Pmaxub: CheckSse(); PackedInt(ref i, 1, PiMaxU); return true;
            case Mnemonic.Pminsw: CheckSse(); PackedInt(ref i, 2, PiMinS); return true;
            case Mnemonic.Pmaxsw: CheckSse(); PackedInt(ref i, 2, PiMaxS); return true;
            case Mnemonic.Pavgb: CheckSse(); PackedInt(ref i, 1, PiAvg); return true;
            case Mnemonic.Pavgw: CheckSse(); PackedInt(ref i, 2, PiAvg); return true;
            case Mnemonic.Pmulhw: CheckSse(); PackedInt(ref i, 2, PiMulHiS); return true;
            case Mnemonic.Pmulhuw: CheckSse(); PackedInt(ref i, 2, PiMulHiU); return true;
            case Mnemonic.Packsswb: CheckSse(); Pack(ref i, 2, signed: true); return true;
            case Mnemonic.Packssdw: CheckSse(); Pack(ref i, 4, signed: true); return true;
            case Mnemonic.Packuswb: CheckSse(); Pack(ref i, 2, signed: false); return true;
            case Mnemonic.Pshufd: CheckSse(); Pshufd(ref i); return true;
            case Mnemonic.Pshuflw: CheckSse(); PshufWords(ref i, high: false); return true;
            case Mnemonic.Pshufhw: CheckSse(); PshufWords(ref i, high: true); return true;
            case Mnemonic.Psllw: CheckSse(); PackedShift(ref i, 2, 0); return true;
            case Mnemonic.Pslld: CheckSse(); PackedShift(ref i, 4, 0); return true;
            case Mnemonic.Psllq: CheckSse(); PackedShift(ref i, 8, 0); return true;
            case Mnemonic.Psrlw: CheckSse(); PackedShift(ref i, 2, 1); return true;
            case Mnemonic.Psrld: CheckSse(); PackedShift(ref i, 4, 1); return true;
            case Mnemonic.Psrlq: CheckSse(); PackedShift(ref i, 8, 1); return true;
            case Mnemonic.Psraw: CheckSse(); PackedShift(ref i, 2, 2); return true;
            case Mnemonic.Psrad: CheckSse(); PackedShift(ref i, 4, 2); return true;
            case Mnemonic.Pslldq: CheckSse(); ByteShift(ref i, left: true); return true;
            case Mnemonic.Psrldq: CheckSse(); ByteShift(ref i, left: false); return true;
            case Mnemonic.Punpcklbw: CheckSse(); Unpack(ref i, 1, high: false); return true;
            case Mnemonic.Punpcklwd: CheckSse(); Unpack(ref i, 2, high: false); return true;
            case Mnemonic.Punpckldq: case Mnemonic.Unpcklps: CheckSse(); Unpack(ref i, 4, high: false); return true;
            case Mnemonic.Punpcklqdq: case Mnemonic.Unpcklpd: CheckSse(); Unpack(ref i, 8, high: false); return true;
            case Mnemonic.Punpckhbw: CheckSse(); Unpack(ref i, 1, high: true); return true;
            case Mnemonic.Punpckhwd: CheckSse(); Unpack(ref i, 2, high: true); return true;
            case Mnemonic.Punpckhdq: case Mnemonic.Unpckhps: CheckSse(); Unpack(ref i, 4, high: true); return true;
            case Mnemonic.Punpckhqdq: case Mnemonic.Unpckhpd: CheckSse(); Unpack(ref i, 8, high: true); return true;
            case Mnemonic.Shufps: CheckSse(); Shufps(ref i); return true;
            case Mnemonic.Shufpd: CheckSse(); Shufpd(ref i); return true;

            case Mnemonic.Pextrw when s_regKind[(int)i.Op1Register] == KindXmm:
            {
                CheckSse();
                int x = XmmOf(i.Op1Register), w = i.Immediate8 & 7;
                WriteReg(i.Op0Register, (uint)(((w < 4 ? XmmLo(x) : XmmHi(x)) >> (16 * (w & 3))) & 0xFFFF));
                return true;
            }
            case Mnemonic.Pinsrw when s_regKind[(int)i.Op0Register] == KindXmm:
            {
                CheckSse();
                int x = XmmOf(i.Op0Register), w = i.Immediate8 & 7;
                ulong v = (i.Op1Kind == OpKind.Register ? ReadReg(i.Op1Register) : ReadMem16(MemSeg(ref i), Ea(ref i))) & 0xFFFFul;
                int sh = 16 * (w & 3);
                if (w < 4) SetXmm(x, (XmmLo(x) & ~(0xFFFFul << sh)) | (v << sh), XmmHi(x));
                else SetXmm(x, XmmLo(x), (XmmHi(x) & ~(0xFFFFul << sh)) | (v << sh));
                return true;
            }
            case Mnemonic.Ldmxcsr: CheckSse(); Ldmxcsr(ref i); return true;
            case Mnemonic.Stmxcsr: CheckSse(); WriteMem32(MemSeg(ref i), Ea(ref i), Mxcsr); return true;
            case Mnemonic.Fxsave: Fxsave(ref i); return true;
            case Mnemonic.Fxrstor: Fxrstor(ref i); return true;
            case Mnemonic.Emms: CheckMmx(); EmptyMmxState(); return true;
            case Mnemonic.Movnti: WriteMem32(MemSeg(ref i), Ea(ref i), ReadReg(i.Op1Register)); return true;
            case Mnemonic.Pmaddwd: CheckSse(); PackedPairs(ref i, MultiplyAddWords); return true;
            case Mnemonic.Psadbw: CheckSse(); PackedPairs(ref i, SumAbsoluteDifferences); return true;
            case Mnemonic.Maskmovdqu:
            {
                CheckSse();
                int s = XmmOf(i.Op1Register), m = XmmOf(i.Op2Register);
                MaskedStore(ref i, XmmLo(s), XmmLo(m), 0);
                MaskedStore(ref i, XmmHi(s), XmmHi(m), 8);
                return true;
            }
        }
        return ExecuteSseFloat(ref i);
    }

    private void MoveX128(ref Instruction i, bool aligned)
    {
        ReadX128(ref i, 1, aligned, out ulong lo, out ulong hi);
        WriteX128(ref i, 0, aligned, lo, hi);
    }

    private void Movq(ref Instruction i)
    {
        if (i.Op0Kind == OpKind.Register && s_regKind[(int)i.Op0Register] == KindXmm)
        {
            SetXmm(XmmOf(i.Op0Register), ReadX64(ref i, 1), 0);
            return;
        }
        if (i.Op0Kind == OpKind.Memory && i.Op1Kind == OpKind.Register && s_regKind[(int)i.Op1Register] == KindXmm)
        {
            WriteLinear64(SimdLinear(ref i, 8, true, false), XmmLo(XmmOf(i.Op1Register)));
            return;
        }
        Unimplemented(in i); // not reached: MMX forms go to ExecuteMmx
    }

    private void Movd(ref Instruction i)
    {
        if (i.Op0Kind == OpKind.Register && s_regKind[(int)i.Op0Register] == KindXmm)
        {
            SetXmm(XmmOf(i.Op0Register), ReadX32(ref i, 1), 0);
            return;
        }
        if (i.Op1Kind == OpKind.Register && s_regKind[(int)i.Op1Register] == KindXmm)
        {
            uint v = (uint)XmmLo(XmmOf(i.Op1Register));
            if (i.Op0Kind == OpKind.Register)
                WriteReg(i.Op0Register, v);
            else
                WriteLinear32(SimdLinear(ref i, 4, true, false), v);
            return;
        }
        Unimplemented(in i); // not reached: MMX forms go to ExecuteMmx
    }

    private void Movss(ref Instruction i)
    {
        if (i.Op0Kind == OpKind.Memory)
        {
            WriteLinear32(SimdLinear(ref i, 4, true, false), (uint)XmmLo(XmmOf(i.Op1Register)));
            return;
        }
        int d = XmmOf(i.Op0Register);
        if (i.Op1Kind == OpKind.Memory)
        {
            SetXmm(d, ReadX32(ref i, 1), 0);
            return;
        }
        SetXmm(d, (XmmLo(d) & 0xFFFF_FFFF_0000_0000) | (uint)XmmLo(XmmOf(i.Op1Register)), XmmHi(d));
    }

    private void MovsdXmm(ref Instruction i)
    {
        if (i.Op0Kind == OpKind.Memory)
        {
            WriteLinear64(SimdLinear(ref i, 8, true, false), XmmLo(XmmOf(i.Op1Register)));
            return;
        }
        int d = XmmOf(i.Op0Register);
        if (i.Op1Kind == OpKind.Memory)
        {
            SetXmm(d, ReadX64(ref i, 1), 0);
            return;
        }
        SetXmm(d, XmmLo(XmmOf(i.Op1Register)), XmmHi(d));
    }

    private void MoveHalf(ref Instruction i, bool high)
    {
        if (i.Op0Kind == OpKind.Memory)
        {
            int s = XmmOf(i.Op1Register);
            WriteLinear64(SimdLinear(ref i, 8, true, false), high ? XmmHi(s) : XmmLo(s));
            return;
        }
        int d = XmmOf(i.Op0Register);
        ulong v = ReadX64(ref i, 1);
        if (high) SetXmm(d, XmmLo(d), v); else SetXmm(d, v, XmmHi(d));
    }

    private void Movmsk(ref Instruction i, bool single)
    {
        int s = XmmOf(i.Op1Register);
        ulong lo = XmmLo(s), hi = XmmHi(s);
        uint m = single
            ? (uint)(((lo >> 31) & 1) | ((lo >> 62) & 2) | (((hi >> 31) & 1) << 2) | (((hi >> 63) & 1) << 3))
            : (uint)(((lo >> 63) & 1) | ((hi >> 62) & 2));
        WriteReg(i.Op0Register, m);
    }

    private void Pmovmskb(ref Instruction i)
    {
        int s = XmmOf(i.Op1Register);
        uint m = 0;
        for (int b = 0; b < 8; b++)
        {
            m |= (uint)((XmmLo(s) >> (8 * b + 7)) & 1) << b;
            m |= (uint)((XmmHi(s) >> (8 * b + 7)) & 1) << (b + 8);
        }
        WriteReg(i.Op0Register, m);
    }

    private void Logic128(ref Instruction i, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        ulong a = XmmLo(d), b = XmmHi(d);
        switch (op)
        {
            case 0: SetXmm(d, a ^ lo, b ^ hi); break;
            case 1: SetXmm(d, a & lo, b & hi); break;
            case 2: SetXmm(d, ~a & lo, ~b & hi); break;
            default: SetXmm(d, a | lo, b | hi); break;
        }
    }

    private const int PiAdd = 0, PiSub = 1, PiCmpEq = 2, PiCmpGt = 3, PiMulLo = 4, PiAddUs = 5, PiSubUs = 6, PiAddSs = 7, PiSubSs = 8;
    private const int PiMinU = 9, PiMaxU = 10, PiMinS = 11, PiMaxS = 12, PiAvg = 13, PiMulHiS = 14, PiMulHiU = 15;

    private void PackedInt(ref Instruction i, int lane, int op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        SetXmm(d, LaneOp(XmmLo(d), lo, lane, op), LaneOp(XmmHi(d), hi, lane, op));
    }

    private static ulong LaneOp(ulong a, ulong b, int lane, int op)
    {
        int bits = lane * 8;
        ulong mask = lane == 8 ? ulong.MaxValue : (1ul << bits) - 1;
        ulong r = 0;
        for (int sh = 0; sh < 64; sh += bits)
        {
            ulong x = (a >> sh) & mask, y = (b >> sh) & mask;
            long sx = SignExtend(x, bits), sy = SignExtend(y, bits);
            long smax = (long)(mask >> 1), smin = -smax - 1;
            ulong v = op switch
            {
                PiAdd => x + y,
                PiSub => x - y,
                PiCmpEq => x == y ? mask : 0,
                PiCmpGt => sx > sy ? mask : 0,
                PiMulLo => x * y,
                PiAddUs => Math.Min(x + y, mask),
                PiSubUs => x > y ? x - y : 0,
                PiAddSs => (ulong)Math.Clamp(sx + sy, smin, smax),
                PiSubSs => (ulong)Math.Clamp(sx - sy, smin, smax),
                PiMinU => Math.Min(x, y),
                PiMaxU => Math.Max(x, y),
                PiMinS => (ulong)Math.Min(sx, sy),
                PiMaxS => (ulong)Math.Max(sx, sy),
                PiAvg => (x + y + 1) >> 1,
                PiMulHiS => (ulong)((sx * sy) >> bits),
                _ => (x * y) >> bits,
            };
            r |= (v & mask) << sh;
        }
        return r;
    }

    /// <summary>PACKSSWB/PACKSSDW/PACKUSWB: narrow dst then src lanes with signed or unsigned saturation.</summary>
    private void Pack(ref Instruction i, int lane, bool signed)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        SetXmm(d, PackLanes(XmmLo(d), XmmHi(d), lane, signed), PackLanes(lo, hi, lane, signed));
    }

    /// <summary>An operation applied to each 64-bit half (PMADDWD, PSADBW).</summary>
    private void PackedPairs(ref Instruction i, Func<ulong, ulong, ulong> op)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        SetXmm(d, op(XmmLo(d), lo), op(XmmHi(d), hi));
    }

    private static long SignExtend(ulong v, int bits) => bits == 64 ? (long)v : (long)(v << (64 - bits)) >> (64 - bits);

    private void Pmuludq(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        SetXmm(d, (ulong)(uint)XmmLo(d) * (uint)lo, (ulong)(uint)XmmHi(d) * (uint)hi);
    }

    private void Pshufd(ref Instruction i)
    {
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int imm = i.Immediate8;
        uint Dword(int k) => (uint)((k < 2 ? lo : hi) >> (32 * (k & 1)));
        ulong rlo = Dword(imm & 3) | (ulong)Dword((imm >> 2) & 3) << 32;
        ulong rhi = Dword((imm >> 4) & 3) | (ulong)Dword((imm >> 6) & 3) << 32;
        SetXmm(XmmOf(i.Op0Register), rlo, rhi);
    }

    private void PshufWords(ref Instruction i, bool high)
    {
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int imm = i.Immediate8;
        ulong src = high ? hi : lo;
        ulong r = 0;
        for (int k = 0; k < 4; k++)
            r |= ((src >> (16 * ((imm >> (2 * k)) & 3))) & 0xFFFF) << (16 * k);
        SetXmm(XmmOf(i.Op0Register), high ? lo : r, high ? r : hi);
    }

    /// <summary>PSLL/PSRL/PSRA by imm8 or by the low 64 bits of xmm/m128. kind 0 left, 1 logical right, 2 arithmetic right.</summary>
    private void PackedShift(ref Instruction i, int lane, int kind)
    {
        int d = XmmOf(i.Op0Register);
        ulong count;
        if (i.Op1Kind == OpKind.Immediate8)
            count = i.Immediate8;
        else
        {
            ReadX128(ref i, 1, true, out ulong lo, out _);
            count = lo;
        }
        SetXmm(d, ShiftLanes(XmmLo(d), lane, kind, count), ShiftLanes(XmmHi(d), lane, kind, count));
    }

    private static ulong ShiftLanes(ulong v, int lane, int kind, ulong count)
    {
        int bits = lane * 8;
        ulong mask = lane == 8 ? ulong.MaxValue : (1ul << bits) - 1;
        ulong r = 0;
        for (int sh = 0; sh < 64; sh += bits)
        {
            ulong x = (v >> sh) & mask;
            ulong y;
            if (kind == 2)
            {
                int c = (int)Math.Min(count, (ulong)bits - 1);
                y = (ulong)(SignExtend(x, bits) >> c) & mask;
            }
            else if (count >= (ulong)bits)
                y = 0;
            else
                y = (kind == 0 ? x << (int)count : x >> (int)count) & mask;
            r |= y << sh;
        }
        return r;
    }

    private void ByteShift(ref Instruction i, bool left)
    {
        int d = XmmOf(i.Op0Register);
        int n = Math.Min((int)i.Immediate8, 16) * 8;
        UInt128 v = ((UInt128)XmmHi(d) << 64) | XmmLo(d);
        v = n >= 128 ? UInt128.Zero : left ? v << n : v >> n;
        SetXmm(d, (ulong)v, (ulong)(v >> 64));
    }

    private void Unpack(ref Instruction i, int lane, bool high)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        ulong a = high ? XmmHi(d) : XmmLo(d);
        ulong b = high ? hi : lo;
        if (lane == 8)
        {
            SetXmm(d, a, b);
            return;
        }
        int bits = lane * 8;
        ulong mask = (1ul << bits) - 1;
        UInt128 r = 0;
        int pos = 0;
        for (int sh = 0; sh < 64; sh += bits)
        {
            r |= (UInt128)((a >> sh) & mask) << pos;
            pos += bits;
            r |= (UInt128)((b >> sh) & mask) << pos;
            pos += bits;
        }
        SetXmm(d, (ulong)r, (ulong)(r >> 64));
    }

    private void Shufps(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        ulong dlo = XmmLo(d), dhi = XmmHi(d);
        int imm = i.Immediate8;
        static uint Pick(ulong l, ulong h, int k) => (uint)((k < 2 ? l : h) >> (32 * (k & 1)));
        ulong rlo = Pick(dlo, dhi, imm & 3) | (ulong)Pick(dlo, dhi, (imm >> 2) & 3) << 32;
        ulong rhi = Pick(lo, hi, (imm >> 4) & 3) | (ulong)Pick(lo, hi, (imm >> 6) & 3) << 32;
        SetXmm(d, rlo, rhi);
    }

    private void Shufpd(ref Instruction i)
    {
        int d = XmmOf(i.Op0Register);
        ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
        int imm = i.Immediate8;
        SetXmm(d, (imm & 1) == 0 ? XmmLo(d) : XmmHi(d), (imm & 2) == 0 ? lo : hi);
    }

    private void Ldmxcsr(ref Instruction i)
    {
        uint v = ReadMem32(MemSeg(ref i), Ea(ref i));
        if ((v & ~MxcsrMask) != 0)
            RaiseFault(VecGp, 0);
        Mxcsr = v;
    }
}
