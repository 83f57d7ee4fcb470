namespace PcEmu.Cpu.X87;

/// <summary>
/// The x87 register file (SDM Vol. 1, 8.1): eight 80-bit data registers addressed physically, the stack
/// top, control and status words, the empty/non-empty part of the tag word (the rest is computed from
/// the contents whenever it is stored) and the last-instruction and last-operand pointers.
/// </summary>
internal sealed class X87State
{
    public const ushort StatusIe = 1, StatusDe = 2, StatusZe = 4, StatusOe = 8, StatusUe = 16, StatusPe = 32;
    public const ushort StatusSf = 1 << 6, StatusEs = 1 << 7, StatusC0 = 1 << 8, StatusC1 = 1 << 9, StatusC2 = 1 << 10;
    public const ushort StatusC3 = 1 << 14, StatusBusy = 1 << 15;
    public const ushort ConditionMask = StatusC0 | StatusC1 | StatusC2 | StatusC3;
    public const ushort ExceptionMask = 0x3F;

    public readonly Float80[] Regs = new Float80[8];
    /// <summary>Bit p set: physical register p is empty (tag 11).</summary>
    public byte EmptyMask;
    public int Top;
    public ushort Control;
    /// <summary>The status word without TOP (bits 13:11).</summary>
    public ushort StatusFlags;
    public uint Fip, Fdp;
    public ushort Fcs, Fds, Fop;

    public X87State() => Init();

    /// <summary>FNINIT (SDM Vol. 2, FINIT): FCW 037Fh, FSW 0, all registers empty, pointers cleared; the data registers keep their contents.</summary>
    public void Init()
    {
        Control = 0x037F;
        StatusFlags = 0;
        Top = 0;
        EmptyMask = 0xFF;
        Fip = Fdp = 0;
        Fcs = Fds = Fop = 0;
    }

    public ushort Status
    {
        get => (ushort)((StatusFlags & ~0x3800) | (Top << 11));
        set
        {
            Top = (value >> 11) & 7;
            // ES and B follow the unmasked exception flags (QEMU recomputes B from ES the same way).
            ushort s = (ushort)(value & ~0x3800 & ~StatusBusy);
            if ((s & StatusEs) != 0)
                s |= StatusBusy;
            StatusFlags = s;
        }
    }

    /// <summary>Loads FCW; bit 6 reads as 1 and bits 15:13 as 0 on P6 processors.</summary>
    public void SetControl(ushort value) => Control = (ushort)((value & 0x1F7F) | 0x0040);

    public RoundingMode Rounding => (RoundingMode)((Control >> 10) & 3);

    /// <summary>FCW.PC: 00 single (24 bits), 10 double (53), 11 extended (64); the reserved 01 acts as extended.</summary>
    public int Precision => ((Control >> 8) & 3) switch
    {
        0 => 24,
        2 => 53,
        _ => 64,
    };

    public int Physical(int i) => (Top + i) & 7;

    public bool IsEmpty(int i) => (EmptyMask & (1 << Physical(i))) != 0;

    public Float80 St(int i) => Regs[Physical(i)];

    public void SetSt(int i, Float80 v)
    {
        int p = Physical(i);
        Regs[p] = v;
        EmptyMask &= (byte)~(1 << p);
    }

    public void Push(Float80 v)
    {
        Top = (Top - 1) & 7;
        SetSt(0, v);
    }

    public void Pop()
    {
        EmptyMask |= (byte)(1 << Top);
        Top = (Top + 1) & 7;
    }

    public void Free(int i) => EmptyMask |= (byte)(1 << Physical(i));

    /// <summary>The tag of a physical register: 00 valid, 01 zero, 10 special (NaN, infinity, denormal, unsupported), 11 empty.</summary>
    public int Tag(int physical)
    {
        if ((EmptyMask & (1 << physical)) != 0)
            return 3;
        Float80 v = Regs[physical];
        if (v.IsZero)
            return 1;
        if (v.Exponent == 0 || v.Exponent == Float80.MaxExponent || (v.Significand & Float80.IntegerBit) == 0)
            return 2;
        return 0;
    }

    public ushort TagWord
    {
        get
        {
            int t = 0;
            for (int p = 7; p >= 0; p--)
                t = (t << 2) | Tag(p);
            return (ushort)t;
        }
        set
        {
            byte empty = 0;
            for (int p = 0; p < 8; p++)
            {
                if (((value >> (2 * p)) & 3) == 3)
                    empty |= (byte)(1 << p);
            }
            EmptyMask = empty;
        }
    }

    /// <summary>The abridged tag byte of FXSAVE: bit p set when physical register p is not empty.</summary>
    public byte AbridgedTag
    {
        get => (byte)~EmptyMask;
        set => EmptyMask = (byte)~value;
    }
}
