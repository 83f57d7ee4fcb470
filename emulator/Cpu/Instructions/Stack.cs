using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>PUSH POP PUSHA(D) POPA(D) PUSHF(D) POPF(D) ENTER LEAVE.</summary>
public sealed partial class X86Cpu
{
    private void PushOp(ref Instruction i)
    {
        int size = -i.StackPointerIncrement;
        uint v;
        switch (i.Op0Kind)
        {
            case OpKind.Register:
                v = ReadReg(i.Op0Register);
                break;
            case OpKind.Memory:
                v = ReadMem(MemSeg(ref i), Ea(ref i), size);
                break;
            default:
                v = (uint)i.GetImmediate(0);
                break;
        }
        Push(v, size);
    }

    private void PopOp(ref Instruction i)
    {
        int size = i.StackPointerIncrement;
        if (i.Op0Kind == OpKind.Register && IsSegReg(i.Op0Register))
        {
            uint sel = PeekStack(0, size);
            LoadSegment(RegIndex(i.Op0Register), (ushort)sel);
            AdjustSp((uint)size);
            return;
        }
        uint v = Pop(size);
        WriteOp(ref i, 0, size, v);
    }

    private void Pusha(ref Instruction i)
    {
        int size = i.Mnemonic == Mnemonic.Pushad ? 4 : 2;
        uint sp = R[4];
        for (int r = 0; r < 8; r++)
            Push(r == 4 ? sp : R[r], size);
    }

    private void Popa(ref Instruction i)
    {
        int size = i.Mnemonic == Mnemonic.Popad ? 4 : 2;
        for (int r = 7; r >= 0; r--)
        {
            uint v = Pop(size);
            if (r == 4)
                continue;
            if (size == 4) R[r] = v; else R[r] = (R[r] & 0xFFFF_0000) | (v & 0xFFFF);
        }
    }

    private void Pushf(ref Instruction i)
    {
        int size = i.Mnemonic == Mnemonic.Pushfd ? 4 : 2;
        if ((FlagsRaw & FlagVm) != 0 && (FlagsRaw & FlagIopl) != FlagIopl)
            RaiseFault(VecGp, 0);
        uint f = GetEflags() & ~(FlagVm | FlagRf);
        Push(f, size);
    }

    private void Popf(ref Instruction i)
    {
        int size = i.Mnemonic == Mnemonic.Popfd ? 4 : 2;
        bool v86 = (FlagsRaw & FlagVm) != 0;
        if (v86 && (FlagsRaw & FlagIopl) != FlagIopl)
            RaiseFault(VecGp, 0);
        uint v = Pop(size);
        WriteFlagsChecked(v, size == 4 ? 0xFFFF_FFFFu : 0xFFFFu);
    }

    /// <summary>EFLAGS write by POPF/IRET at the current privilege: IOPL only at CPL 0, IF only when CPL &lt;= IOPL.</summary>
    internal void WriteFlagsChecked(uint value, uint widthMask)
    {
        uint old = GetEflags();
        uint changeable = FlagCf | FlagPf | FlagAf | FlagZf | FlagSf | FlagTf | FlagDf | FlagOf | FlagNt | FlagAc | FlagId | FlagIf | FlagIopl;
        int iopl = (int)((old & FlagIopl) >> 12);
        bool v86 = (old & FlagVm) != 0;
        if (v86 || (!RealMode && Cpl > 0))
            changeable &= ~FlagIopl;
        if (!v86 && !RealMode && Cpl > iopl)
            changeable &= ~FlagIf;
        changeable &= widthMask;
        uint nf = (old & ~changeable) | (value & changeable);
        nf &= ~FlagRf;
        if ((nf & FlagIf) != 0 && (old & FlagIf) == 0)
            InhibitInterrupts();
        SetEflagsRaw(nf);
        _exitBlock = true;
    }

    private void Enter(ref Instruction i)
    {
        int size = OpSize16or32(ref i);
        uint alloc = i.Immediate16;
        int level = i.Immediate8_2nd & 31;
        bool big = Stack32;
        Push(R[5], size);
        uint frame = R[4];
        if (level > 0)
        {
            uint bp = R[5];
            for (int k = 1; k < level; k++)
            {
                bp -= (uint)size;
                uint v = ReadMem(SegSs, big ? bp : bp & 0xFFFF, size);
                Push(v, size);
            }
            Push(frame, size);
        }
        if (size == 4) R[5] = frame; else R[5] = (R[5] & 0xFFFF_0000) | (frame & 0xFFFF);
        if (big) R[4] -= alloc; else R[4] = (R[4] & 0xFFFF_0000) | ((R[4] - alloc) & 0xFFFF);
    }

    private static int OpSize16or32(ref Instruction i) => i.Code == Code.Enterd_imm16_imm8 ? 4 : 2;

    private void Leave(ref Instruction i)
    {
        int size = i.Code == Code.Leaved ? 4 : 2;
        if (Stack32) R[4] = R[5]; else R[4] = (R[4] & 0xFFFF_0000) | (R[5] & 0xFFFF);
        uint v = Pop(size);
        if (size == 4) R[5] = v; else R[5] = (R[5] & 0xFFFF_0000) | (v & 0xFFFF);
    }
}
