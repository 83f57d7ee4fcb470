using Iced.Intel;
using SF = PcEmu.Cpu.SseSoftFloat;

namespace PcEmu.Cpu;

/// <summary>
/// SSE/SSE2 conversions between int32, single and double (the XMM forms; the MMX-register forms are in
/// Mmx.cs). CVT* round under MXCSR.RC, CVTT* truncate; a NaN or out-of-range value gives IE and the
/// integer indefinite 0x80000000 (SDM Vol. 1, 4.8.3.7 and 11.5.2.1).
/// </summary>
public sealed partial class X86Cpu
{
    private ulong ToInt(int frac, ulong bits, bool truncate, ref uint flags) => SF.ToInt32(frac, bits, truncate, Mxcsr, ref flags);

    private ulong FromInt(int frac, ulong v, ref uint flags) => SF.FromInt32(frac, (int)(uint)v, Mxcsr, ref flags);

    private bool ExecuteSseConversion(ref Instruction i)
    {
        uint f = 0;
        switch (i.Mnemonic)
        {
            case Mnemonic.Cvtsi2sd:
            {
                CheckSse();
                ulong r = FromInt(SF.F64, ReadX32(ref i, 1), ref f);
                Xmm[2 * XmmOf(i.Op0Register)] = r;
                return true;
            }
            case Mnemonic.Cvtsi2ss:
            {
                CheckSse();
                ulong r = FromInt(SF.F32, ReadX32(ref i, 1), ref f);
                SimdCommit(f);
                SetLowS(XmmOf(i.Op0Register), r);
                return true;
            }
            case Mnemonic.Cvtsd2ss:
            {
                CheckSse();
                ulong r = SF.Convert(SF.F64, SF.F32, ReadX64(ref i, 1), Mxcsr, ref f);
                SimdCommit(f);
                SetLowS(XmmOf(i.Op0Register), r);
                return true;
            }
            case Mnemonic.Cvtss2sd:
            {
                CheckSse();
                ulong r = SF.Convert(SF.F32, SF.F64, ReadX32(ref i, 1), Mxcsr, ref f);
                SimdCommit(f);
                Xmm[2 * XmmOf(i.Op0Register)] = r;
                return true;
            }
            case Mnemonic.Cvttsd2si: case Mnemonic.Cvtsd2si:
            {
                CheckSse();
                ulong r = ToInt(SF.F64, ReadX64(ref i, 1), i.Mnemonic == Mnemonic.Cvttsd2si, ref f);
                SimdCommit(f);
                WriteReg(i.Op0Register, (uint)r);
                return true;
            }
            case Mnemonic.Cvttss2si: case Mnemonic.Cvtss2si:
            {
                CheckSse();
                ulong r = ToInt(SF.F32, ReadX32(ref i, 1), i.Mnemonic == Mnemonic.Cvttss2si, ref f);
                SimdCommit(f);
                WriteReg(i.Op0Register, (uint)r);
                return true;
            }
            case Mnemonic.Cvttpd2dq: case Mnemonic.Cvtpd2dq:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                bool t = i.Mnemonic == Mnemonic.Cvttpd2dq;
                ulong r = ToInt(SF.F64, lo, t, ref f) | ToInt(SF.F64, hi, t, ref f) << 32;
                SimdCommit(f);
                SetXmm(XmmOf(i.Op0Register), r, 0);
                return true;
            }
            case Mnemonic.Cvttps2dq: case Mnemonic.Cvtps2dq:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                bool t = i.Mnemonic == Mnemonic.Cvttps2dq;
                ulong rlo = ToInt(SF.F32, (uint)lo, t, ref f) | ToInt(SF.F32, lo >> 32, t, ref f) << 32;
                ulong rhi = ToInt(SF.F32, (uint)hi, t, ref f) | ToInt(SF.F32, hi >> 32, t, ref f) << 32;
                SimdCommit(f);
                SetXmm(XmmOf(i.Op0Register), rlo, rhi);
                return true;
            }
            case Mnemonic.Cvtdq2pd:
            {
                CheckSse();
                ulong v = ReadX64(ref i, 1);
                SetXmm(XmmOf(i.Op0Register), FromInt(SF.F64, v, ref f), FromInt(SF.F64, v >> 32, ref f));
                return true;
            }
            case Mnemonic.Cvtdq2ps:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                ulong rlo = FromInt(SF.F32, lo, ref f) | FromInt(SF.F32, lo >> 32, ref f) << 32;
                ulong rhi = FromInt(SF.F32, hi, ref f) | FromInt(SF.F32, hi >> 32, ref f) << 32;
                SimdCommit(f);
                SetXmm(XmmOf(i.Op0Register), rlo, rhi);
                return true;
            }
            case Mnemonic.Cvtps2pd:
            {
                CheckSse();
                ulong v = ReadX64(ref i, 1);
                ulong rlo = SF.Convert(SF.F32, SF.F64, (uint)v, Mxcsr, ref f), rhi = SF.Convert(SF.F32, SF.F64, v >> 32, Mxcsr, ref f);
                SimdCommit(f);
                SetXmm(XmmOf(i.Op0Register), rlo, rhi);
                return true;
            }
            case Mnemonic.Cvtpd2ps:
            {
                CheckSse();
                ReadX128(ref i, 1, true, out ulong lo, out ulong hi);
                ulong r = SF.Convert(SF.F64, SF.F32, lo, Mxcsr, ref f) | SF.Convert(SF.F64, SF.F32, hi, Mxcsr, ref f) << 32;
                SimdCommit(f);
                SetXmm(XmmOf(i.Op0Register), r, 0);
                return true;
            }
        }
        return false;
    }

    private void SetLowS(int x, ulong bits) => Xmm[2 * x] = (Xmm[2 * x] & 0xFFFF_FFFF_0000_0000) | (uint)bits;
}
