using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>MOV (incl. segment, control and debug registers), MOVZX MOVSX LEA XCHG CMOVcc LAHF SAHF IN OUT LxS BOUND.</summary>
public sealed partial class X86Cpu
{
    private void Mov(ref Instruction i)
    {
        if (i.Op0Kind == OpKind.Register)
        {
            Register r0 = i.Op0Register;
            byte kind = s_regKind[(int)r0];
            if (kind == KindSeg)
            {
                LoadSegment(s_regIndex[(int)r0], (ushort)ReadOp(ref i, 1, 2));
                return;
            }
            if (kind == KindCr)
            {
                RequireCpl0();
                WriteControlRegister(s_regIndex[(int)r0], ReadReg(i.Op1Register));
                return;
            }
            if (kind == KindDr)
            {
                RequireCpl0();
                Dr[s_regIndex[(int)r0]] = ReadReg(i.Op1Register);
                return;
            }
        }
        if (i.Op1Kind == OpKind.Register)
        {
            Register r1 = i.Op1Register;
            byte kind = s_regKind[(int)r1];
            if (kind == KindSeg)
            {
                uint sel = Seg[s_regIndex[(int)r1]].Selector;
                if (i.Op0Kind == OpKind.Register)
                    WriteReg(i.Op0Register, sel);
                else
                    WriteMem16(MemSeg(ref i), Ea(ref i), (ushort)sel);
                return;
            }
            if (kind == KindCr)
            {
                RequireCpl0();
                WriteReg(i.Op0Register, ReadControlRegister(s_regIndex[(int)r1]));
                return;
            }
            if (kind == KindDr)
            {
                RequireCpl0();
                WriteReg(i.Op0Register, Dr[s_regIndex[(int)r1]]);
                return;
            }
        }
        int size = OpSize(ref i, 0);
        uint v = ReadOp(ref i, 1, size);
        WriteOp(ref i, 0, size, v);
    }

    private uint ReadControlRegister(int n) => n switch
    {
        0 => Cr0Value,
        2 => Cr2Value,
        3 => Cr3Value,
        4 => Cr4Value,
        _ => RaiseUdValue(),
    };

    private uint RaiseUdValue()
    {
        RaiseUd();
        return 0;
    }

    private void WriteControlRegister(int n, uint v)
    {
        switch (n)
        {
            case 0: WriteCr0(v); break;
            case 2: Cr2Value = v; break;
            case 3: WriteCr3(v); break;
            case 4:
                if ((v & ~0x0000_07FFu) != 0)
                    RaiseFault(VecGp, 0);
                WriteCr4(v);
                break;
            default: RaiseUd(); break;
        }
    }

    private void Movzx(ref Instruction i)
    {
        int srcSize = OpSize(ref i, 1);
        WriteReg(i.Op0Register, ReadOp(ref i, 1, srcSize));
    }

    private void Movsx(ref Instruction i)
    {
        int srcSize = OpSize(ref i, 1);
        uint v = ReadOp(ref i, 1, srcSize);
        WriteReg(i.Op0Register, srcSize == 1 ? (uint)(sbyte)v : (uint)(short)v);
    }

    private void Lea(ref Instruction i) => WriteReg(i.Op0Register, Ea(ref i));

    private void Xchg(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        if (i.Op0Kind == OpKind.Register && i.Op1Kind == OpKind.Register)
        {
            uint a = ReadReg(i.Op0Register), b = ReadReg(i.Op1Register);
            WriteReg(i.Op0Register, b);
            WriteReg(i.Op1Register, a);
            return;
        }
        // One operand is memory: Iced puts it in op0 for XCHG r/m, r.
        Register reg = i.Op0Kind == OpKind.Register ? i.Op0Register : i.Op1Register;
        int seg = MemSeg(ref i);
        uint lin = Linear(seg, Ea(ref i), size, true);
        if (_paging)
            Translate(lin, true);
        uint m = size == 1 ? ReadLinear8(lin) : size == 2 ? ReadLinear16(lin) : ReadLinear32(lin);
        uint rv = ReadReg(reg);
        if (size == 1) WriteLinear8(lin, (byte)rv); else if (size == 2) WriteLinear16(lin, (ushort)rv); else WriteLinear32(lin, rv);
        WriteReg(reg, m);
    }

    private void Cmovcc(ref Instruction i)
    {
        int size = OpSize(ref i, 0);
        uint v = ReadOp(ref i, 1, size); // the source is read (and may fault) either way
        if (Condition((int)i.ConditionCode - 1))
            WriteReg(i.Op0Register, v);
    }

    private void Lahf()
    {
        uint ah = (GetEflags() & 0xD5) | 2;
        R[0] = (R[0] & 0xFFFF_00FF) | (ah << 8);
    }

    private void Sahf()
    {
        uint ah = (R[0] >> 8) & 0xD5;
        MaterializeFlags();
        FlagsRaw = (FlagsRaw & ~0xD5u) | ah;
    }

    // ---- Port I/O ----

    /// <summary>I/O permission check (SDM Vol. 1, 19.5): CPL &lt;= IOPL, else the TSS I/O bitmap decides.</summary>
    private void CheckIo(ushort port, int size)
    {
        if (RealMode)
            return;
        int iopl = (int)((FlagsRaw & FlagIopl) >> 12);
        if ((FlagsRaw & FlagVm) == 0 && Cpl <= iopl)
            return;
        if ((Tr.Access & 0xF) is not (9 or 0xB) || Tr.Limit < 0x67)
            RaiseFault(VecGp, 0);
        uint mapBase = ReadLinearSystem16(Tr.Base + 0x66);
        uint byteOff = mapBase + (uint)(port >> 3);
        if (byteOff + 1 > Tr.Limit)
            RaiseFault(VecGp, 0);
        uint bitsWord = ReadLinearSystem16(Tr.Base + byteOff);
        uint need = ((1u << size) - 1) << (port & 7);
        if ((bitsWord & need) != 0)
            RaiseFault(VecGp, 0);
    }

    private void In(ref Instruction i)
    {
        int size = RegSize(i.Op0Register);
        ushort port = (ushort)(i.Op1Kind == OpKind.Register ? R[2] & 0xFFFF : i.Immediate8);
        CheckIo(port, size);
        WriteReg(i.Op0Register, _ports.Read(port, size));
        _exitBlock = true; // a device may have raised an interrupt: recognise it at the next boundary
    }

    private void Out(ref Instruction i)
    {
        int size = RegSize(i.Op1Register);
        ushort port = (ushort)(i.Op0Kind == OpKind.Register ? R[2] & 0xFFFF : i.Immediate8);
        CheckIo(port, size);
        _ports.Write(port, size, ReadReg(i.Op1Register) & SizeMask(size));
        _exitBlock = true;
    }

    private void LoadFarPointer(ref Instruction i, int seg)
    {
        if (i.Op1Kind != OpKind.Memory)
            RaiseUd();
        int size = RegSize(i.Op0Register);
        int ms = MemSeg(ref i);
        uint ea = Ea(ref i);
        uint off = ReadMem(ms, ea, size);
        uint selOff = ea + (uint)size;
        if (Address16(ref i))
            selOff &= 0xFFFF;
        ushort sel = ReadMem16(ms, selOff);
        LoadSegment(seg, sel);
        WriteReg(i.Op0Register, off);
    }

    private void Bound(ref Instruction i)
    {
        int size = RegSize(i.Op0Register);
        int ms = MemSeg(ref i);
        uint ea = Ea(ref i);
        uint upperOff = ea + (uint)size;
        if (Address16(ref i))
            upperOff &= 0xFFFF;
        int lower, upper, idx;
        if (size == 2)
        {
            lower = (short)ReadMem16(ms, ea);
            upper = (short)ReadMem16(ms, upperOff);
            idx = (short)ReadReg(i.Op0Register);
        }
        else
        {
            lower = (int)ReadMem32(ms, ea);
            upper = (int)ReadMem32(ms, upperOff);
            idx = (int)ReadReg(i.Op0Register);
        }
        if (idx < lower || idx > upper)
            RaiseFault(VecBr);
    }
}
