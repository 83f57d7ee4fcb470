using Iced.Intel;
using SF = PcEmu.Cpu.SseSoftFloat;

namespace PcEmu.Cpu;

/// <summary>
/// MMX technology (SDM Vol. 1, ch. 9) and the SSE/SSE2 instructions that operate on MMX registers
/// (PAVG PEXTRW PINSRW PMAX PMIN PMOVMSKB PMULHUW PSADBW PSHUFW MASKMOVQ MOVNTQ, PADDQ PSUBQ PMULUDQ,
/// MOVQ2DQ MOVDQ2Q, CVT(T)PS2PI CVTPI2PS CVT(T)PD2PI CVTPI2PD). MMX forms: #UD when CR0.EM=1, #NM when
/// CR0.TS=1; forms that touch XMM registers need SSE enabled as well. Memory operands are not
/// alignment-checked, except the m128 of CVT(T)PD2PI. Lane arithmetic is shared with the XMM forms (Sse.cs).
/// </summary>
public sealed partial class X86Cpu
{
    private static bool IsMm(Register r) => s_regKind[(int)r] == KindMm;

    private static bool IsMmxForm(ref Instruction i) =>
        (i.Op0Kind == OpKind.Register && IsMm(i.Op0Register)) || (i.Op1Kind == OpKind.Register && IsMm(i.Op1Register))
        || i.Mnemonic is Mnemonic.Cvtpi2ps or Mnemonic.Cvtpi2pd;

    private void CheckMmx()
    {
        if ((Cr0Value & Cr0Em) != 0)
            RaiseUd();
        if ((Cr0Value & Cr0Ts) != 0)
            RaiseFault(VecNm);
    }

    /// <summary>Reads an mm/m64 (or m32 for the PUNPCKL forms) operand.</summary>
    private ulong ReadMmOperand(ref Instruction i, int n)
    {
        if (i.GetOpKind(n) == OpKind.Register)
            return Mm(s_regIndex[(int)i.GetOpRegister(n)]);
        int size = s_memSize[(int)i.MemorySize];
        uint lin = Linear(MemSeg(ref i), Ea(ref i), size, false);
        return size == 4 ? ReadLinear32(lin) : ReadLinear64(lin);
    }

    private bool ExecuteMmx(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            case Mnemonic.Movq2dq: case Mnemonic.Movdq2q:
            case Mnemonic.Cvtpi2ps: case Mnemonic.Cvtpi2pd: case Mnemonic.Cvtps2pi: case Mnemonic.Cvttps2pi:
            case Mnemonic.Cvtpd2pi: case Mnemonic.Cvttpd2pi:
                CheckSse();
                EnterMmx();
                return ExecuteMmxSse(ref i);
        }
        CheckMmx();
        EnterMmx();
        int d = i.Op0Kind == OpKind.Register && IsMm(i.Op0Register) ? s_regIndex[(int)i.Op0Register] : -1;
        switch (i.Mnemonic)
        {
            case Mnemonic.Movd: MmxMovd(ref i, d); return true;
            case Mnemonic.Movq: case Mnemonic.Movntq: MmxMovq(ref i, d); return true;

            case Mnemonic.Pxor: SetMm(d, Mm(d) ^ ReadMmOperand(ref i, 1)); return true;
            case Mnemonic.Pand: SetMm(d, Mm(d) & ReadMmOperand(ref i, 1)); return true;
            case Mnemonic.Pandn: SetMm(d, ~Mm(d) & ReadMmOperand(ref i, 1)); return true;
            case Mnemonic.Por: SetMm(d, Mm(d) | ReadMmOperand(ref i, 1)); return true;

            case Mnemonic.Paddb: MmLanes(ref i, d, 1, PiAdd); return true;
            case Mnemonic.Paddw: MmLanes(ref i, d, 2, PiAdd); return true;
            case Mnemonic.Paddd: MmLanes(ref i, d, 4, PiAdd); return true;
            case Mnemonic.Paddq: MmLanes(ref i, d, 8, PiAdd); return true;
            case Mnemonic.Psubb: MmLanes(ref i, d, 1, PiSub); return true;
            case Mnemonic.Psubw: MmLanes(ref i, d, 2, PiSub); return true;
            case Mnemonic.Psubd: MmLanes(ref i, d, 4, PiSub); return true;
            case Mnemonic.Psubq: MmLanes(ref i, d, 8, PiSub); return true;
            case Mnemonic.Paddsb: MmLanes(ref i, d, 1, PiAddSs); return true;
            case Mnemonic.Paddsw: MmLanes(ref i, d, 2, PiAddSs); return true;
            case Mnemonic.Psubsb: MmLanes(ref i, d, 1, PiSubSs); return true;
            case Mnemonic.Psubsw: MmLanes(ref i, d, 2, PiSubSs); return true;
            case Mnemonic.Paddusb: MmLanes(ref i, d, 1, PiAddUs); return true;
            case Mnemonic.Paddusw: MmLanes(ref i, d, 2, PiAddUs); return true;
            case Mnemonic.Psubusb: MmLanes(ref i, d, 1, PiSubUs); return true;
            case Mnemonic.Psubusw: MmLanes(ref i, d, 2, PiSubUs); return true;
            case Mnemonic.Pcmpeqb: MmLanes(ref i, d, 1, PiCmpEq); return true;
            case Mnemonic.Pcmpeqw: MmLanes(ref i, d, 2, PiCmpEq); return true;
            case Mnemonic.Pcmpeqd: MmLanes(ref i, d, 4, PiCmpEq); return true;
            case Mnemonic.Pcmpgtb: MmLanes(ref i, d, 1, PiCmpGt); return true;
            case Mnemonic.Pcmpgtw: MmLanes(ref i, d, 2, PiCmpGt); return true;
            case Mnemonic.Pcmpgtd: MmLanes(ref i, d, 4, PiCmpGt); return true;
            case Mnemonic.Pmullw: MmLanes(ref i, d, 2, PiMulLo); return true;
            case Mnemonic.Pmulhw: MmLanes(ref i, d, 2, PiMulHiS); return true;
            case Mnemonic.Pmulhuw: MmLanes(ref i, d, 2, PiMulHiU); return true;
            case Mnemonic.Pminub: MmLanes(ref i, d, 1, PiMinU); return true;
            case Mnemonic.Pmaxub: MmLanes(ref i, d, 1, PiMaxU); return true;
            case Mnemonic.Pminsw: MmLanes(ref i, d, 2, PiMinS); return true;
            case Mnemonic.Pmaxsw: MmLanes(ref i, d, 2, PiMaxS); return true;
            case Mnemonic.Pavgb: MmLanes(ref i, d, 1, PiAvg); return true;
            case Mnemonic.Pavgw: MmLanes(ref i, d, 2, PiAvg); return true;
            case Mnemonic.Pmuludq: SetMm(d, (ulong)(uint)Mm(d) * (uint)ReadMmOperand(ref i, 1)); return true;
            case Mnemonic.Pmaddwd: SetMm(d, MultiplyAddWords(Mm(d), ReadMmOperand(ref i, 1))); return true;
            case Mnemonic.Psadbw: SetMm(d, SumAbsoluteDifferences(Mm(d), ReadMmOperand(ref i, 1))); return true;

            case Mnemonic.Packsswb: SetMm(d, PackLanes(Mm(d), ReadMmOperand(ref i, 1), 2, signed: true)); return true;
            case Mnemonic.Packssdw: SetMm(d, PackLanes(Mm(d), ReadMmOperand(ref i, 1), 4, signed: true)); return true;
            case Mnemonic.Packuswb: SetMm(d, PackLanes(Mm(d), ReadMmOperand(ref i, 1), 2, signed: false)); return true;
            case Mnemonic.Punpcklbw: MmUnpack(ref i, d, 1, high: false); return true;
            case Mnemonic.Punpcklwd: MmUnpack(ref i, d, 2, high: false); return true;
            case Mnemonic.Punpckldq: MmUnpack(ref i, d, 4, high: false); return true;
            case Mnemonic.Punpckhbw: MmUnpack(ref i, d, 1, high: true); return true;
            case Mnemonic.Punpckhwd: MmUnpack(ref i, d, 2, high: true); return true;
            case Mnemonic.Punpckhdq: MmUnpack(ref i, d, 4, high: true); return true;

            case Mnemonic.Psllw: MmShift(ref i, d, 2, 0); return true;
            case Mnemonic.Pslld: MmShift(ref i, d, 4, 0); return true;
            case Mnemonic.Psllq: MmShift(ref i, d, 8, 0); return true;
            case Mnemonic.Psrlw: MmShift(ref i, d, 2, 1); return true;
            case Mnemonic.Psrld: MmShift(ref i, d, 4, 1); return true;
            case Mnemonic.Psrlq: MmShift(ref i, d, 8, 1); return true;
            case Mnemonic.Psraw: MmShift(ref i, d, 2, 2); return true;
            case Mnemonic.Psrad: MmShift(ref i, d, 4, 2); return true;

            case Mnemonic.Pshufw: SetMm(d, ShuffleWords(ReadMmOperand(ref i, 1), i.Immediate8)); return true;
            case Mnemonic.Pextrw:
                WriteReg(i.Op0Register, (uint)(Mm(s_regIndex[(int)i.Op1Register]) >> (16 * (i.Immediate8 & 3))) & 0xFFFF);
                return true;
            case Mnemonic.Pinsrw:
            {
                ulong v = (i.Op1Kind == OpKind.Register ? ReadReg(i.Op1Register) : ReadMem16(MemSeg(ref i), Ea(ref i))) & 0xFFFFul;
                int sh = 16 * (i.Immediate8 & 3);
                SetMm(d, (Mm(d) & ~(0xFFFFul << sh)) | (v << sh));
                return true;
            }
            case Mnemonic.Pmovmskb: WriteReg(i.Op0Register, ByteSignMask(Mm(s_regIndex[(int)i.Op1Register]))); return true;
            case Mnemonic.Maskmovq: MaskedStore(ref i, Mm(s_regIndex[(int)i.Op1Register]), Mm(s_regIndex[(int)i.Op2Register]), 0); return true;
        }
        Unimplemented(in i);
        return true;
    }

    private void MmLanes(ref Instruction i, int d, int lane, int op) => SetMm(d, LaneOp(Mm(d), ReadMmOperand(ref i, 1), lane, op));

    private void MmxMovd(ref Instruction i, int d)
    {
        if (d >= 0)
        {
            SetMm(d, i.Op1Kind == OpKind.Register ? ReadReg(i.Op1Register) : ReadMem32(MemSeg(ref i), Ea(ref i)));
            return;
        }
        uint v = (uint)Mm(s_regIndex[(int)i.Op1Register]);
        if (i.Op0Kind == OpKind.Register)
            WriteReg(i.Op0Register, v);
        else
            WriteMem32(MemSeg(ref i), Ea(ref i), v);
    }

    private void MmxMovq(ref Instruction i, int d)
    {
        if (d >= 0)
        {
            SetMm(d, ReadMmOperand(ref i, 1));
            return;
        }
        WriteMem64(MemSeg(ref i), Ea(ref i), Mm(s_regIndex[(int)i.Op1Register]));
    }

    /// <summary>PUNPCKL*: interleave the low halves (a 32-bit memory source); PUNPCKH*: the high halves.</summary>
    private void MmUnpack(ref Instruction i, int d, int lane, bool high)
    {
        ulong a = Mm(d), b = ReadMmOperand(ref i, 1);
        int half = high ? 32 : 0;
        SetMm(d, InterleaveLanes((uint)(a >> half), (uint)(b >> half), lane));
    }

    private void MmShift(ref Instruction i, int d, int lane, int kind)
    {
        ulong count = i.Op1Kind == OpKind.Immediate8 ? i.Immediate8 : ReadMmOperand(ref i, 1);
        SetMm(d, ShiftLanes(Mm(d), lane, kind, count));
    }

    /// <summary>Interleaves the lanes of two 32-bit values: a0 b0 a1 b1 ... (low to high).</summary>
    private static ulong InterleaveLanes(uint a, uint b, int lane)
    {
        int bits = lane * 8;
        ulong mask = (1ul << bits) - 1, r = 0;
        int pos = 0;
        for (int sh = 0; sh < 32; sh += bits)
        {
            r |= ((a >> sh) & mask) << pos;
            pos += bits;
            r |= ((b >> sh) & mask) << pos;
            pos += bits;
        }
        return r;
    }

    /// <summary>PACKSS/PACKUS on 64 bits: the lanes of <paramref name="a"/> then of <paramref name="b"/>, narrowed with saturation.</summary>
    private static ulong PackLanes(ulong a, ulong b, int lane, bool signed)
    {
        int bits = lane * 8, outBits = bits / 2;
        long max = signed ? (1L << (outBits - 1)) - 1 : (1L << outBits) - 1;
        long min = signed ? -(1L << (outBits - 1)) : 0;
        ulong outMask = (1ul << outBits) - 1, r = 0;
        int pos = 0;
        for (int q = 0; q < 2; q++)
        {
            ulong src = q == 0 ? a : b;
            for (int sh = 0; sh < 64; sh += bits)
            {
                long v = SignExtend((src >> sh) & ((1ul << bits) - 1), bits);
                r |= ((ulong)Math.Clamp(v, min, max) & outMask) << pos;
                pos += outBits;
            }
        }
        return r;
    }

    /// <summary>PMADDWD on 64 bits: two dwords, each the sum of two signed word products (wraps at 0x80000000).</summary>
    private static ulong MultiplyAddWords(ulong a, ulong b)
    {
        ulong r = 0;
        for (int k = 0; k < 2; k++)
        {
            int sh = 32 * k;
            int p = (short)(a >> sh) * (short)(b >> sh) + (short)(a >> (sh + 16)) * (short)(b >> (sh + 16));
            r |= (ulong)(uint)p << sh;
        }
        return r;
    }

    /// <summary>PSADBW on 64 bits: the sum of the eight absolute byte differences, in the low word.</summary>
    private static ulong SumAbsoluteDifferences(ulong a, ulong b)
    {
        int sum = 0;
        for (int sh = 0; sh < 64; sh += 8)
            sum += Math.Abs((int)((a >> sh) & 0xFF) - (int)((b >> sh) & 0xFF));
        return (ulong)sum;
    }

    private static ulong ShuffleWords(ulong src, int imm)
    {
        ulong r = 0;
        for (int k = 0; k < 4; k++)
            r |= ((src >> (16 * ((imm >> (2 * k)) & 3))) & 0xFFFF) << (16 * k);
        return r;
    }

    private static uint ByteSignMask(ulong v)
    {
        uint m = 0;
        for (int b = 0; b < 8; b++)
            m |= (uint)((v >> (8 * b + 7)) & 1) << b;
        return m;
    }

    /// <summary>MASKMOVQ/MASKMOVDQU: stores the bytes of <paramref name="data"/> whose mask byte has bit 7 set, at DS:(E)DI + offset.</summary>
    private void MaskedStore(ref Instruction i, ulong data, ulong mask, uint offset)
    {
        uint address = i.Op0Kind == OpKind.MemorySegDI ? R[7] & 0xFFFF : R[7];
        int seg = MemSeg(ref i);
        for (int b = 0; b < 8; b++)
        {
            if (((mask >> (8 * b + 7)) & 1) != 0)
            {
                uint off = address + offset + (uint)b;
                WriteMem8(seg, i.Op0Kind == OpKind.MemorySegDI ? off & 0xFFFF : off, (byte)(data >> (8 * b)));
            }
        }
    }

    /// <summary>The MMX forms that also touch XMM registers: MOVQ2DQ, MOVDQ2Q and the packed int32 conversions.</summary>
    private bool ExecuteMmxSse(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            case Mnemonic.Movq2dq: SetXmm(XmmOf(i.Op0Register), Mm(s_regIndex[(int)i.Op1Register]), 0); return true;
            case Mnemonic.Movdq2q: SetMm(s_regIndex[(int)i.Op0Register], XmmLo(XmmOf(i.Op1Register))); return true;
            case Mnemonic.Cvtpi2ps:
            {
                int x = XmmOf(i.Op0Register);
                ulong v = ReadMmOperand(ref i, 1);
                uint f = 0;
                ulong r = FromInt(SF.F32, v, ref f) | FromInt(SF.F32, v >> 32, ref f) << 32;
                SimdCommit(f);
                Xmm[2 * x] = r;
                return true;
            }
            case Mnemonic.Cvtpi2pd:
            {
                ulong v = ReadMmOperand(ref i, 1);
                uint f = 0;
                SetXmm(XmmOf(i.Op0Register), FromInt(SF.F64, v, ref f), FromInt(SF.F64, v >> 32, ref f));
                return true;
            }
            case Mnemonic.Cvtps2pi: case Mnemonic.Cvttps2pi:
            {
                ulong v = ReadX64(ref i, 1);
                bool t = i.Mnemonic == Mnemonic.Cvttps2pi;
                uint f = 0;
                ulong r = ToInt(SF.F32, (uint)v, t, ref f) | ToInt(SF.F32, v >> 32, t, ref f) << 32;
                SimdCommit(f);
                SetMm(s_regIndex[(int)i.Op0Register], r);
                return true;
            }
            case Mnemonic.Cvtpd2pi: case Mnemonic.Cvttpd2pi:
            {
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                bool t = i.Mnemonic == Mnemonic.Cvttpd2pi;
                uint f = 0;
                ulong r = ToInt(SF.F64, lo, t, ref f) | ToInt(SF.F64, hi, t, ref f) << 32;
                SimdCommit(f);
                SetMm(s_regIndex[(int)i.Op0Register], r);
                return true;
            }
        }
        Unimplemented(in i);
        return true;
    }
}
