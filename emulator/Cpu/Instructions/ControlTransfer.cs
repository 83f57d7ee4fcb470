using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>JMP CALL RET RETF (near, indirect, far, call gates), LOOPcc, JCXZ/JECXZ, IRET.</summary>
public sealed partial class X86Cpu
{
    private static bool IsFarMemory(ref Instruction i) => i.MemorySize is MemorySize.SegPtr16 or MemorySize.SegPtr32;

    private void Jmp(ref Instruction i)
    {
        switch (i.Op0Kind)
        {
            case OpKind.NearBranch16:
            case OpKind.NearBranch32:
                Ip = (uint)i.NearBranchTarget;
                return;
            case OpKind.FarBranch16:
                FarTransfer(i.FarBranchSelector, i.FarBranch16, 2, isCall: false);
                return;
            case OpKind.FarBranch32:
                FarTransfer(i.FarBranchSelector, i.FarBranch32, 4, isCall: false);
                return;
        }
        if (i.Op0Kind == OpKind.Memory && IsFarMemory(ref i))
        {
            (ushort sel, uint off, int size) = ReadFarPointer(ref i);
            FarTransfer(sel, off, size, isCall: false);
            return;
        }
        int sz = OpSize(ref i, 0);
        uint target = ReadOp(ref i, 0, sz);
        if (target > Seg[SegCs].Limit)
            RaiseFault(VecGp, 0);
        Ip = target;
    }

    private (ushort Sel, uint Off, int Size) ReadFarPointer(ref Instruction i)
    {
        int size = i.MemorySize == MemorySize.SegPtr32 ? 4 : 2;
        int seg = MemSeg(ref i);
        uint ea = Ea(ref i);
        uint off = ReadMem(seg, ea, size);
        uint selEa = ea + (uint)size;
        if (Address16(ref i))
            selEa &= 0xFFFF;
        ushort sel = ReadMem16(seg, selEa);
        return (sel, off, size);
    }

    private void Call(ref Instruction i)
    {
        switch (i.Op0Kind)
        {
            case OpKind.NearBranch16:
                Push(Ip, 2);
                Ip = (uint)i.NearBranchTarget;
                return;
            case OpKind.NearBranch32:
                Push(Ip, 4);
                Ip = (uint)i.NearBranchTarget;
                return;
            case OpKind.FarBranch16:
                FarTransfer(i.FarBranchSelector, i.FarBranch16, 2, isCall: true);
                return;
            case OpKind.FarBranch32:
                FarTransfer(i.FarBranchSelector, i.FarBranch32, 4, isCall: true);
                return;
        }
        if (i.Op0Kind == OpKind.Memory && IsFarMemory(ref i))
        {
            (ushort sel, uint off, int size) = ReadFarPointer(ref i);
            FarTransfer(sel, off, size, isCall: true);
            return;
        }
        int sz = OpSize(ref i, 0);
        uint target = ReadOp(ref i, 0, sz);
        if (target > Seg[SegCs].Limit)
            RaiseFault(VecGp, 0);
        Push(Ip, sz);
        Ip = target;
    }

    private void Ret(ref Instruction i)
    {
        int size = i.Code is Code.Retnd or Code.Retnd_imm16 ? 4 : 2;
        uint target = Pop(size);
        if (i.OpCount > 0)
            AdjustSp(i.Immediate16);
        if (target > Seg[SegCs].Limit)
            RaiseFault(VecGp, 0);
        Ip = target;
    }

    private void Loop(ref Instruction i)
    {
        bool ecx = s_counterEcx[(int)i.Code];
        uint c = ecx ? --R[1] : (R[1] = (R[1] & 0xFFFF_0000) | ((R[1] - 1) & 0xFFFF)) & 0xFFFF;
        bool take = c != 0;
        if (i.Mnemonic == Mnemonic.Loope) take &= GetZf();
        else if (i.Mnemonic == Mnemonic.Loopne) take &= !GetZf();
        if (take)
            Ip = (uint)i.NearBranchTarget;
    }

    private void Jcxz(ref Instruction i)
    {
        uint c = i.Mnemonic == Mnemonic.Jecxz ? R[1] : R[1] & 0xFFFF;
        if (c == 0)
            Ip = (uint)i.NearBranchTarget;
    }

    private static readonly bool[] s_counterEcx = BuildCounterTable();

    private static bool[] BuildCounterTable()
    {
        Code[] codes = Enum.GetValues<Code>();
        int max = 0;
        foreach (Code c in codes) max = Math.Max(max, (int)c + 1);
        bool[] t = new bool[max];
        foreach (Code c in codes)
            t[(int)c] = c.ToString().EndsWith("_ECX", StringComparison.Ordinal);
        return t;
    }

    // ---- Far transfers ----

    /// <summary>Far JMP/CALL to selector:offset (SDM Vol. 2, JMP and CALL, protected-mode paths).</summary>
    private void FarTransfer(ushort sel, uint off, int size, bool isCall)
    {
        if (RealMode || (FlagsRaw & FlagVm) != 0)
        {
            if (isCall)
            {
                Push(Seg[SegCs].Selector, size);
                Push(Ip, size);
            }
            LoadRealSegment(SegCs, sel);
            Ip = size == 2 ? off & 0xFFFF : off;
            return;
        }
        if ((sel & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        Descriptor d = ReadDescriptor(sel);
        if (d.IsCode)
        {
            int rpl = sel & 3;
            if (d.Conforming ? d.Dpl > Cpl : (rpl > Cpl || d.Dpl != Cpl))
                RaiseFault(VecGp, sel & 0xFFFCu);
            if (!d.Present)
                RaiseFault(VecNp, sel & 0xFFFCu);
            if (size == 2) off &= 0xFFFF;
            if (off > d.Limit)
                RaiseFault(VecGp, 0);
            if (isCall)
            {
                Push(Seg[SegCs].Selector, size);
                Push(Ip, size);
            }
            LoadCs(sel, d, Cpl);
            Ip = off;
            return;
        }
        if (d.IsSystem && (d.Type == 4 || d.Type == 0xC))
        {
            ThroughCallGate(sel, d, isCall);
            return;
        }
        if (d.IsSystem && (d.Type == 9 || d.Type == 5 || d.Type == 1))
        {
            if (d.Dpl < Cpl || d.Dpl < (sel & 3))
                RaiseFault(VecGp, sel & 0xFFFCu);
            if (!d.Present)
                RaiseFault(VecNp, sel & 0xFFFCu);
            ushort tss = d.Type == 5 ? d.GateSelector : sel;
            SwitchTask(tss, isCall ? TaskSwitchReason.Call : TaskSwitchReason.Jump);
            return;
        }
        RaiseFault(VecGp, sel & 0xFFFCu);
    }

    private void ThroughCallGate(ushort gateSel, Descriptor gate, bool isCall)
    {
        if (gate.Dpl < Cpl || gate.Dpl < (gateSel & 3))
            RaiseFault(VecGp, gateSel & 0xFFFCu);
        if (!gate.Present)
            RaiseFault(VecNp, gateSel & 0xFFFCu);
        ushort sel = gate.GateSelector;
        bool gate32 = gate.Type == 0xC;
        uint off = gate32 ? gate.GateOffset : gate.GateOffset & 0xFFFF;
        if ((sel & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        Descriptor d = ReadDescriptor(sel);
        if (!d.IsCode || d.Dpl > Cpl)
            RaiseFault(VecGp, sel & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, sel & 0xFFFCu);
        if (off > d.Limit)
            RaiseFault(VecGp, 0);
        int size = gate32 ? 4 : 2;
        if (!isCall)
        {
            if (!d.Conforming && d.Dpl != Cpl)
                RaiseFault(VecGp, sel & 0xFFFCu);
            LoadCs(sel, d, Cpl);
            Ip = off;
            return;
        }
        if (!d.Conforming && d.Dpl < Cpl)
        {
            int newCpl = d.Dpl;
            (ushort ssSel, uint newEsp) = ReadTssStack(newCpl);
            if ((ssSel & 0xFFFC) == 0)
                RaiseFault(VecTs, 0);
            Descriptor sd = ReadDescriptor(ssSel, VecTs);
            if ((ssSel & 3) != newCpl || sd.Dpl != newCpl || !sd.IsData || !sd.Writable)
                RaiseFault(VecTs, ssSel & 0xFFFCu);
            if (!sd.Present)
                RaiseFault(VecSs, ssSel & 0xFFFCu);
            int paramCount = gate.GateParamCount;
            Segment newSs = SegmentFromDescriptor(ssSel, sd);
            uint oldEsp = R[4];
            ushort oldSs = Seg[SegSs].Selector;
            uint esp = newEsp;
            esp = PushFrame(ref newSs, esp, size, oldSs, newCpl);
            esp = PushFrame(ref newSs, esp, size, oldEsp, newCpl);
            for (int k = paramCount - 1; k >= 0; k--)
                esp = PushFrame(ref newSs, esp, size, PeekStack((uint)(k * size), size), newCpl);
            esp = PushFrame(ref newSs, esp, size, Seg[SegCs].Selector, newCpl);
            esp = PushFrame(ref newSs, esp, size, Ip, newCpl);
            Seg[SegSs] = newSs;
            R[4] = newSs.Big ? esp : (R[4] & 0xFFFF_0000) | (esp & 0xFFFF);
            LoadCs(sel, d, newCpl);
            Ip = off;
            return;
        }
        Push(Seg[SegCs].Selector, size);
        Push(Ip, size);
        LoadCs(sel, d, Cpl);
        Ip = off;
    }

    private void Retf(ref Instruction i)
    {
        int size = i.Code is Code.Retfd or Code.Retfd_imm16 ? 4 : 2;
        uint imm = i.OpCount > 0 ? i.Immediate16 : 0u;
        uint off = PeekStack(0, size);
        ushort sel = (ushort)PeekStack((uint)size, size);
        if (RealMode || (FlagsRaw & FlagVm) != 0)
        {
            AdjustSp((uint)(2 * size) + imm);
            LoadRealSegment(SegCs, sel);
            Ip = off;
            return;
        }
        if ((sel & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        Descriptor d = ReadDescriptor(sel);
        int rpl = sel & 3;
        if (!d.IsCode || rpl < Cpl || (d.Conforming ? d.Dpl > rpl : d.Dpl != rpl))
            RaiseFault(VecGp, sel & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, sel & 0xFFFCu);
        if (off > d.Limit)
            RaiseFault(VecGp, 0);
        if (rpl == Cpl)
        {
            AdjustSp((uint)(2 * size) + imm);
            LoadCs(sel, d, Cpl);
            Ip = off;
            return;
        }
        // Return to an outer privilege level: ESP and SS follow the immediate's parameter area.
        uint newEsp = PeekStack((uint)(2 * size) + imm, size);
        ushort ssSel = (ushort)PeekStack((uint)(3 * size) + imm, size);
        ReturnToOuter(sel, d, off, ssSel, newEsp, size);
        AdjustSp(imm);
    }

    private void ReturnToOuter(ushort csSel, Descriptor cd, uint off, ushort ssSel, uint newEsp, int size)
    {
        int rpl = csSel & 3;
        if ((ssSel & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        Descriptor sd = ReadDescriptor(ssSel);
        if ((ssSel & 3) != rpl || !sd.IsData || !sd.Writable || sd.Dpl != rpl)
            RaiseFault(VecGp, ssSel & 0xFFFCu);
        if (!sd.Present)
            RaiseFault(VecSs, ssSel & 0xFFFCu);
        LoadCs(csSel, cd, rpl);
        SetAccessedBit(ssSel, sd);
        Seg[SegSs] = SegmentFromDescriptor(ssSel, sd);
        R[4] = size == 4 || Seg[SegSs].Big ? newEsp : (R[4] & 0xFFFF_0000) | (newEsp & 0xFFFF);
        Ip = off;
        InvalidateSegmentsForCpl();
    }

    private void Iret(ref Instruction i)
    {
        int size = i.Mnemonic == Mnemonic.Iretd ? 4 : 2;
        _exitBlock = true;
        if (RealMode)
        {
            uint ip = Pop(size);
            ushort cs = (ushort)Pop(size);
            uint fl = Pop(size);
            LoadRealSegment(SegCs, cs);
            Ip = ip;
            WriteFlagsChecked(fl, size == 4 ? 0xFFFF_FFFFu & ~(FlagVm | FlagVip | FlagVif) : 0xFFFFu);
            return;
        }
        if ((FlagsRaw & FlagVm) != 0)
        {
            if ((FlagsRaw & FlagIopl) != FlagIopl)
                RaiseFault(VecGp, 0);
            uint ip = Pop(size);
            ushort cs = (ushort)Pop(size);
            uint fl = Pop(size);
            LoadRealSegment(SegCs, cs);
            Ip = ip;
            WriteFlagsChecked(fl, size == 4 ? ~(FlagVm | FlagVip | FlagVif | FlagIopl) : 0xFFFFu & ~FlagIopl);
            return;
        }
        if ((FlagsRaw & FlagNt) != 0)
        {
            SwitchTask(ReadLinearSystem16(Tr.Base + TssLink), TaskSwitchReason.Iret);
            return;
        }
        uint newIp = PeekStack(0, size);
        ushort newCs = (ushort)PeekStack((uint)size, size);
        uint newFlags = PeekStack((uint)(2 * size), size);
        if (size == 4 && (newFlags & FlagVm) != 0 && Cpl == 0)
        {
            ReturnToV86(newIp, newCs, newFlags);
            return;
        }
        if ((newCs & 0xFFFC) == 0)
            RaiseFault(VecGp, 0);
        Descriptor d = ReadDescriptor(newCs);
        int rpl = newCs & 3;
        if (!d.IsCode || rpl < Cpl || (d.Conforming ? d.Dpl > rpl : d.Dpl != rpl))
            RaiseFault(VecGp, newCs & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, newCs & 0xFFFCu);
        if (size == 2) newIp &= 0xFFFF;
        int oldCpl = Cpl;
        if (rpl == Cpl)
        {
            AdjustSp((uint)(3 * size));
            LoadCs(newCs, d, Cpl);
            Ip = newIp;
        }
        else
        {
            uint newEsp = PeekStack((uint)(3 * size), size);
            ushort ssSel = (ushort)PeekStack((uint)(4 * size), size);
            ReturnToOuter(newCs, d, newIp, ssSel, newEsp, size);
        }
        // Flags are written with the privilege of the code that executed IRET.
        int cplNow = Cpl;
        Cpl = oldCpl;
        WriteFlagsChecked(newFlags, size == 4 ? ~(FlagVm | FlagVip | FlagVif) : 0xFFFFu);
        Cpl = cplNow;
    }

    private void ReturnToV86(uint ip, ushort cs, uint flags)
    {
        uint esp = PeekStack(12, 4);
        ushort ss = (ushort)PeekStack(16, 4);
        ushort es = (ushort)PeekStack(20, 4);
        ushort ds = (ushort)PeekStack(24, 4);
        ushort fs = (ushort)PeekStack(28, 4);
        ushort gs = (ushort)PeekStack(32, 4);
        SetEflagsRaw(flags);
        LoadRealSegment(SegCs, cs);
        LoadRealSegment(SegSs, ss);
        LoadRealSegment(SegEs, es);
        LoadRealSegment(SegDs, ds);
        LoadRealSegment(SegFs, fs);
        LoadRealSegment(SegGs, gs);
        SetCpl(3);
        R[4] = esp;
        Ip = ip & 0xFFFF;
        _exitBlock = true;
    }
}
