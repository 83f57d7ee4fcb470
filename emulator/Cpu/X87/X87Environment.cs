using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// The x87 environment and state images (SDM Vol. 1, 8.1.10 and figures 8-9 to 8-12): FNSTENV/FLDENV
/// (14 or 28 bytes), FNSAVE/FRSTOR (94 or 108 bytes) in their real-mode and protected-mode layouts,
/// FXSAVE/FXRSTOR (512 bytes, SDM Vol. 2, FXSAVE table 3-53), FLDCW/FNSTCW/FNSTSW, FNINIT, FNCLEX.
/// </summary>
public sealed partial class X86Cpu
{
    // The reserved upper halves of the 32-bit image are written as zeros, as QEMU does.
    private bool FpuRealAddressing => RealMode || (FlagsRaw & FlagVm) != 0;

    /// <summary>Stores the environment; returns the image size (14 or 28).</summary>
    private uint StoreFpuEnvironment(int seg, uint ea, bool size32)
    {
        ushort fcw = _fpu.Control, fsw = _fpu.Status, ftw = _fpu.TagWord;
        bool real = FpuRealAddressing;
        if (size32)
        {
            Linear(seg, ea, 28, true);
            WriteMem32(seg, ea, fcw);
            WriteMem32(seg, ea + 4, fsw);
            WriteMem32(seg, ea + 8, ftw);
            if (real)
            {
                uint fip = ((uint)_fpu.Fcs << 4) + _fpu.Fip, fdp = ((uint)_fpu.Fds << 4) + _fpu.Fdp;
                WriteMem32(seg, ea + 12, (fip & 0xFFFF));
                WriteMem32(seg, ea + 16, ((fip >> 16) << 12) | (uint)(_fpu.Fop & 0x7FF));
                WriteMem32(seg, ea + 20, (fdp & 0xFFFF));
                WriteMem32(seg, ea + 24, (fdp >> 16) << 12);
            }
            else
            {
                WriteMem32(seg, ea + 12, _fpu.Fip);
                WriteMem32(seg, ea + 16, _fpu.Fcs | ((uint)(_fpu.Fop & 0x7FF) << 16));
                WriteMem32(seg, ea + 20, _fpu.Fdp);
                WriteMem32(seg, ea + 24, _fpu.Fds);
            }
            return 28;
        }
        Linear(seg, ea, 14, true);
        WriteMem16(seg, ea, fcw);
        WriteMem16(seg, ea + 2, fsw);
        WriteMem16(seg, ea + 4, ftw);
        if (real)
        {
            uint fip = ((uint)_fpu.Fcs << 4) + _fpu.Fip, fdp = ((uint)_fpu.Fds << 4) + _fpu.Fdp;
            WriteMem16(seg, ea + 6, (ushort)fip);
            WriteMem16(seg, ea + 8, (ushort)(((fip >> 16) & 0xF) << 12 | (uint)(_fpu.Fop & 0x7FF)));
            WriteMem16(seg, ea + 10, (ushort)fdp);
            WriteMem16(seg, ea + 12, (ushort)(((fdp >> 16) & 0xF) << 12));
        }
        else
        {
            WriteMem16(seg, ea + 6, (ushort)_fpu.Fip);
            WriteMem16(seg, ea + 8, _fpu.Fcs);
            WriteMem16(seg, ea + 10, (ushort)_fpu.Fdp);
            WriteMem16(seg, ea + 12, _fpu.Fds);
        }
        return 14;
    }

    private uint LoadFpuEnvironment(int seg, uint ea, bool size32)
    {
        bool real = FpuRealAddressing;
        ushort fcw, fsw, ftw;
        if (size32)
        {
            Linear(seg, ea, 28, false);
            fcw = ReadMem16(seg, ea);
            fsw = ReadMem16(seg, ea + 4);
            ftw = ReadMem16(seg, ea + 8);
            uint w12 = ReadMem32(seg, ea + 12), w16 = ReadMem32(seg, ea + 16), w20 = ReadMem32(seg, ea + 20), w24 = ReadMem32(seg, ea + 24);
            if (real)
            {
                _fpu.Fcs = 0;
                _fpu.Fip = (w12 & 0xFFFF) | ((w16 >> 12) << 16);
                _fpu.Fop = (ushort)(w16 & 0x7FF);
                _fpu.Fds = 0;
                _fpu.Fdp = (w20 & 0xFFFF) | ((w24 >> 12) << 16);
            }
            else
            {
                _fpu.Fip = w12;
                _fpu.Fcs = (ushort)w16;
                _fpu.Fop = (ushort)((w16 >> 16) & 0x7FF);
                _fpu.Fdp = w20;
                _fpu.Fds = (ushort)w24;
            }
        }
        else
        {
            Linear(seg, ea, 14, false);
            fcw = ReadMem16(seg, ea);
            fsw = ReadMem16(seg, ea + 2);
            ftw = ReadMem16(seg, ea + 4);
            ushort w6 = ReadMem16(seg, ea + 6), w8 = ReadMem16(seg, ea + 8), w10 = ReadMem16(seg, ea + 10), w12 = ReadMem16(seg, ea + 12);
            if (real)
            {
                _fpu.Fcs = 0;
                _fpu.Fip = w6 | ((uint)(w8 >> 12) << 16);
                _fpu.Fop = (ushort)(w8 & 0x7FF);
                _fpu.Fds = 0;
                _fpu.Fdp = w10 | ((uint)(w12 >> 12) << 16);
            }
            else
            {
                _fpu.Fip = w6;
                _fpu.Fcs = w8;
                _fpu.Fdp = w10;
                _fpu.Fds = w12;
                _fpu.Fop = 0;
            }
        }
        _fpu.SetControl(fcw);
        _fpu.Status = fsw;
        _fpu.TagWord = ftw;
        return size32 ? 28u : 14u;
    }

    private static bool Is32BitImage(ref Instruction i) =>
        i.MemorySize is MemorySize.FpuEnv28 or MemorySize.FpuState108;

    /// <summary>FNSTENV: stores the environment, then masks every exception (SDM Vol. 2, FSTENV).</summary>
    private void FpStoreEnvironment(ref Instruction i, bool waiting)
    {
        BeginControl(waiting);
        StoreFpuEnvironment(MemSeg(ref i), Ea(ref i), Is32BitImage(ref i));
        _fpu.Control |= X87State.ExceptionMask;
    }

    private void FpLoadEnvironment(ref Instruction i)
    {
        BeginControl(false);
        LoadFpuEnvironment(MemSeg(ref i), Ea(ref i), Is32BitImage(ref i));
    }

    /// <summary>FNSAVE: environment, ST(0)..ST(7) as 80-bit values, then FNINIT.</summary>
    private void FpSave(ref Instruction i, bool waiting)
    {
        BeginControl(waiting);
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        bool size32 = Is32BitImage(ref i);
        Linear(seg, ea, size32 ? 108 : 94, true);
        uint off = StoreFpuEnvironment(seg, ea, size32);
        for (int k = 0; k < 8; k++)
            WriteFloat80(seg, ea + off + (uint)(10 * k), _fpu.St(k));
        _fpu.Init();
    }

    private void FpRestore(ref Instruction i)
    {
        BeginControl(false);
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        bool size32 = Is32BitImage(ref i);
        Linear(seg, ea, size32 ? 108 : 94, false);
        Span<Float80> regs = stackalloc Float80[8];
        uint off = size32 ? 28u : 14u;
        for (int k = 0; k < 8; k++)
            regs[k] = ReadFloat80(seg, ea + off + (uint)(10 * k));
        LoadFpuEnvironment(seg, ea, size32);
        for (int k = 0; k < 8; k++)
            _fpu.Regs[_fpu.Physical(k)] = regs[k];
    }

    private void FpLoadControlWord(ref Instruction i)
    {
        BeginControl(false);
        _fpu.SetControl(ReadMem16(MemSeg(ref i), Ea(ref i)));
        // ES follows the exception flags that the new mask leaves unmasked.
        bool pending = (_fpu.StatusFlags & ~_fpu.Control & X87State.ExceptionMask) != 0;
        _fpu.StatusFlags = pending
            ? (ushort)(_fpu.StatusFlags | X87State.StatusEs | X87State.StatusBusy)
            : (ushort)(_fpu.StatusFlags & ~(X87State.StatusEs | X87State.StatusBusy));
    }

    private void FpStoreStatusWord(ref Instruction i, bool waiting)
    {
        BeginControl(waiting);
        if (i.Op0Kind == OpKind.Register)
            WriteReg(i.Op0Register, _fpu.Status);
        else
            WriteMem16(MemSeg(ref i), Ea(ref i), _fpu.Status);
    }

    private void FpStoreControlWord(ref Instruction i, bool waiting)
    {
        BeginControl(waiting);
        WriteMem16(MemSeg(ref i), Ea(ref i), _fpu.Control);
    }

    private void FpClearExceptions(bool waiting)
    {
        BeginControl(waiting);
        _fpu.StatusFlags &= 0x7F00;
    }

    private void FpInit(bool waiting)
    {
        BeginControl(waiting);
        _fpu.Init();
    }

    // ---- FXSAVE / FXRSTOR (512-byte image, 16-byte aligned) ----

    private void Fxsave(ref Instruction i)
    {
        CheckFpu();
        uint lin = Linear(MemSeg(ref i), Ea(ref i), 512, true);
        if ((lin & 15) != 0)
            RaiseFault(VecGp, 0);
        Translate(lin, true);
        Translate(lin + 511, true);
        WriteLinear16(lin, _fpu.Control);
        WriteLinear16(lin + 2, _fpu.Status);
        WriteLinear8(lin + 4, _fpu.AbridgedTag);
        WriteLinear8(lin + 5, 0);
        WriteLinear16(lin + 6, (ushort)(_fpu.Fop & 0x7FF));
        WriteLinear32(lin + 8, _fpu.Fip);
        WriteLinear32(lin + 12, _fpu.Fcs);
        WriteLinear32(lin + 16, _fpu.Fdp);
        WriteLinear32(lin + 20, _fpu.Fds);
        WriteLinear32(lin + 24, Mxcsr);
        WriteLinear32(lin + 28, MxcsrMask);
        Span<byte> b = stackalloc byte[10];
        for (int k = 0; k < 8; k++)
        {
            _fpu.St(k).WriteBytes(b);
            uint slot = lin + 32 + (uint)(16 * k);
            for (int j = 0; j < 10; j++)
                WriteLinear8(slot + (uint)j, b[j]);
            WriteLinear16(slot + 10, 0);
            WriteLinear32(slot + 12, 0);
        }
        for (int x = 0; x < 8; x++)
        {
            WriteLinear64(lin + 160 + (uint)(16 * x), XmmLo(x));
            WriteLinear64(lin + 168 + (uint)(16 * x), XmmHi(x));
        }
    }

    private void Fxrstor(ref Instruction i)
    {
        CheckFpu();
        uint lin = Linear(MemSeg(ref i), Ea(ref i), 512, false);
        if ((lin & 15) != 0)
            RaiseFault(VecGp, 0);
        uint mx = ReadLinear32(lin + 24);
        if ((mx & ~MxcsrMask) != 0)
            RaiseFault(VecGp, 0);
        _fpu.SetControl(ReadLinear16(lin));
        _fpu.Status = ReadLinear16(lin + 2);
        _fpu.AbridgedTag = ReadLinear8(lin + 4);
        _fpu.Fop = (ushort)(ReadLinear16(lin + 6) & 0x7FF);
        _fpu.Fip = ReadLinear32(lin + 8);
        _fpu.Fcs = ReadLinear16(lin + 12);
        _fpu.Fdp = ReadLinear32(lin + 16);
        _fpu.Fds = ReadLinear16(lin + 20);
        Span<byte> b = stackalloc byte[10];
        for (int k = 0; k < 8; k++)
        {
            for (int j = 0; j < 10; j++)
                b[j] = ReadLinear8(lin + 32 + (uint)(16 * k + j));
            _fpu.Regs[_fpu.Physical(k)] = Float80.FromBytes(b);
        }
        Mxcsr = mx;
        for (int x = 0; x < 8; x++)
            SetXmm(x, ReadLinear64(lin + 160 + (uint)(16 * x)), ReadLinear64(lin + 168 + (uint)(16 * x)));
    }
}
