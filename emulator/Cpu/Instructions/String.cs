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
            CheckIo(port, size);

        if (rep && op == StrStos && delta == (uint)size && a32 && !_paging && TryFastStos(size))
            return;

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

    /// <summary>REP STOS forward over plain RAM without paging: one span fill.</summary>
    private bool TryFastStos(int size)
    {
        ref Segment es = ref Seg[SegEs];
        uint count = R[1];
        if (count == 0 || !es.WriteFast || count > 0x1000_0000)
            return false;
        uint bytes = count * (uint)size;
        uint off = R[7];
        if ((ulong)off + bytes - 1 > es.Limit)
            return false;
        uint lin = es.Base + off;
        if (!_mem.IsRam(lin, (int)bytes))
            return false;
        if (size == 1)
        {
            // Write through the bus so code-page invalidation still happens, page by page.
            _mem.Ram.Slice((int)lin, (int)bytes).Fill((byte)R[0]);
            NotifyRangeWritten(lin, bytes);
        }
        else
        {
            for (uint k = 0; k < count; k++)
                WriteLinear(lin + k * (uint)size, size, R[0]);
        }
        R[7] = off + bytes;
        R[1] = 0;
        return true;
    }

    private void WriteLinear(uint lin, int size, uint v)
    {
        if (size == 1) WriteLinear8(lin, (byte)v);
        else if (size == 2) WriteLinear16(lin, (ushort)v);
        else WriteLinear32(lin, v);
    }

    /// <summary>Tells the memory (and so the block cache) that RAM was written behind its back.</summary>
    private void NotifyRangeWritten(uint lin, uint bytes)
    {
        for (uint p = lin >> 12; p <= (lin + bytes - 1) >> 12; p++)
        {
            uint a = p << 12;
            if (a < lin) a = lin;
            _mem.Write8(a, _mem.Read8(a));
        }
    }
}
