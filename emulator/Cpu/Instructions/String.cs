using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// MOVS STOS LODS CMPS SCAS INS OUTS with REP/REPE/REPNE. Registers are committed per iteration,
/// so a fault mid-string restarts the instruction where it stopped; long runs yield every 4096
/// iterations (EIP stays on the instruction) so interrupts are not held off.
/// </summary>
public sealed partial class X86Cpu
{
    private const int StrMovs = 0, StrStos = 1, StrLods = 2, StrCmps = 3, StrScas = 4, StrIns = 5, StrOuts = 6;
    private const int StringChunk = 4096;

    private void StringOp(ref Instruction i, int op)
    {
        int size = s_memSize[(int)i.MemorySize];
        bool a32 = IsAddr32String(ref i);
        int srcSeg = op is StrMovs or StrLods or StrCmps or StrOuts ? MemSeg(ref i) : SegDs;
        bool rep = i.HasRepPrefix || i.HasRepnePrefix;
        bool repne = i.HasRepnePrefix;
        uint delta = (FlagsRaw & FlagDf) != 0 ? (uint)-size : (uint)size;
        uint amask = a32 ? 0xFFFF_FFFFu : 0xFFFFu;
        ushort port = (ushort)R[2];
        if (op is StrIns or StrOuts)
        {
            CheckIo(port, size);
            _exitBlock = true;
        }

        if (rep && delta == (uint)size && (op == StrMovs || op == StrStos) && R[1] != 0)
            FastForward(op, size, srcSeg, amask);

        for (int n = 0; ; n++)
        {
            if (rep)
            {
                uint count = R[1] & amask;
                if (count == 0)
                    return;
                if (n >= StringChunk)
                {
                    Ip = StartIp;
                    _exitBlock = true;
                    return;
                }
            }
            uint si = R[6] & amask, di = R[7] & amask;
            switch (op)
            {
                case StrMovs:
                    WriteMem(SegEs, di, size, ReadMem(srcSeg, si, size));
                    AdvanceIndex(6, delta, amask);
                    AdvanceIndex(7, delta, amask);
                    break;
                case StrStos:
                    WriteMem(SegEs, di, size, R[0]);
                    AdvanceIndex(7, delta, amask);
                    break;
                case StrLods:
                {
                    uint v = ReadMem(srcSeg, si, size);
                    WriteReg(size == 1 ? Register.AL : size == 2 ? Register.AX : Register.EAX, v);
                    AdvanceIndex(6, delta, amask);
                    break;
                }
                case StrCmps:
                {
                    uint a = ReadMem(srcSeg, si, size);
                    uint b = ReadMem(SegEs, di, size);
                    SetFlagsSub(a, b, a - b, size);
                    AdvanceIndex(6, delta, amask);
                    AdvanceIndex(7, delta, amask);
                    break;
                }
                case StrScas:
                {
                    uint a = R[0] & SizeMask(size);
                    uint b = ReadMem(SegEs, di, size);
                    SetFlagsSub(a, b, a - b, size);
                    AdvanceIndex(7, delta, amask);
                    break;
                }
                case StrIns:
                {
                    // Check the destination before the (side-effecting) port read.
                    Linear(SegEs, di, size, true);
                    uint v = _ports.Read(port, size);
                    WriteMem(SegEs, di, size, v);
                    AdvanceIndex(7, delta, amask);
                    break;
                }
                default: // OUTS
                    _ports.Write(port, size, ReadMem(srcSeg, si, size));
                    AdvanceIndex(6, delta, amask);
                    break;
            }
            if (!rep)
                return;
            R[1] = (R[1] & ~amask) | ((R[1] - 1) & amask);
            if (op is StrCmps or StrScas)
            {
                bool zf = GetZf();
                if (repne ? zf : !zf)
                    return;
            }
            if (_exitBlock && _stopRequested)
            {
                if ((R[1] & amask) != 0)
                    Ip = StartIp;
                return;
            }
        }
    }

    private void AdvanceIndex(int reg, uint delta, uint amask) => R[reg] = (R[reg] & ~amask) | ((R[reg] + delta) & amask);

    private static bool IsAddr32String(ref Instruction i)
    {
        for (int n = 0; n < i.OpCount; n++)
        {
            switch (i.GetOpKind(n))
            {
                case OpKind.MemorySegESI:
                case OpKind.MemoryESEDI:
                    return true;
                case OpKind.MemorySegSI:
                case OpKind.MemoryESDI:
                    return false;
            }
        }
        return true;
    }

    /// <summary>
    /// REP MOVS/STOS going forward: copies or fills whole runs that stay inside one source and one
    /// destination page and inside RAM, committing ESI/EDI/ECX after each run (a fault then restarts
    /// cleanly). Overlapping MOVS with the destination above the source keeps the byte-by-byte path,
    /// whose result differs from a block move. Leaves any remainder to the generic loop.
    /// </summary>
    private void FastForward(int op, int size, int srcSeg, uint amask)
    {
        ref Segment es = ref Seg[SegEs];
        if (!es.WriteFast || (op == StrMovs && !Seg[srcSeg].ReadFast))
            return;
        Span<byte> ram = _mem.Ram;
        for (int chunks = 0; chunks < 64; chunks++)
        {
            uint count = R[1] & amask;
            if (count == 0)
                return;
            uint di = R[7] & amask, si = R[6] & amask;
            ulong total = (ulong)count * (uint)size;
            if (di + total - 1 > es.Limit || (amask == 0xFFFF && di + total > 0x10000))
                return;
            uint dLin = es.Base + di;
            uint run = (uint)Math.Min(total, 4096 - (dLin & 0xFFF));
            uint sLin = 0;
            if (op == StrMovs)
            {
                ref Segment ss = ref Seg[srcSeg];
                if (si + total - 1 > ss.Limit || (amask == 0xFFFF && si + total > 0x10000))
                    return;
                sLin = ss.Base + si;
                run = Math.Min(run, 4096 - (sLin & 0xFFF));
            }
            run -= run % (uint)size;
            if (run == 0)
                return;
            uint dPhys = Translate(dLin, true);
            if (!_mem.IsRam(dPhys, (int)run))
                return;
            if (op == StrMovs)
            {
                uint sPhys = Translate(sLin, false);
                if (!_mem.IsRam(sPhys, (int)run) || (dPhys > sPhys && dPhys < sPhys + run))
                    return;
                _mem.WriteBlock(dPhys, ram.Slice((int)sPhys, (int)run));
                R[6] = (R[6] & ~amask) | ((si + run) & amask);
            }
            else if (size == 1)
            {
                ram.Slice((int)dPhys, (int)run).Fill((byte)R[0]);
                _mem.WriteBlock(dPhys, ram.Slice((int)dPhys, 1)); // code-page notification
            }
            else
            {
                for (uint k = 0; k < run; k += (uint)size)
                {
                    if (size == 2) _mem.Write16(dPhys + k, (ushort)R[0]);
                    else _mem.Write32(dPhys + k, R[0]);
                }
            }
            R[7] = (R[7] & ~amask) | ((di + run) & amask);
            R[1] = (R[1] & ~amask) | ((count - run / (uint)size) & amask);
        }
    }

    private void WriteLinear(uint lin, int size, uint v)
    {
        if (size == 1) WriteLinear8(lin, (byte)v);
        else if (size == 2) WriteLinear16(lin, (ushort)v);
        else WriteLinear32(lin, v);
    }
}
