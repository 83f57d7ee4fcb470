using System.Buffers.Binary;

namespace PcEmu.Cpu;

/// <summary>
/// The x87 register stack, control and status words (SDM Vol. 1, ch. 8). This implementation keeps
/// values as IEEE doubles (53-bit significand): enough for float/double returns through ST0. An exact
/// 80-bit implementation can replace this class behind the same members (Push/Pop/St/SetSt and the
/// 80-bit load/store helpers).
/// </summary>
internal sealed class X87Stack
{
    public const ushort StatusIe = 1, StatusSf = 1 << 6, StatusC0 = 1 << 8, StatusC1 = 1 << 9, StatusC2 = 1 << 10, StatusC3 = 1 << 14;

    private readonly double[] _regs = new double[8];
    private readonly bool[] _empty = new bool[8];
    public int Top;
    public ushort Control = 0x037F;
    public ushort StatusFlags; // everything but TOP

    public X87Stack() => Init();

    public void Init()
    {
        Array.Clear(_regs);
        Array.Fill(_empty, true);
        Top = 0;
        Control = 0x037F;
        StatusFlags = 0;
    }

    public ushort Status
    {
        get => (ushort)((StatusFlags & ~0x3800) | (Top << 11));
        set
        {
            StatusFlags = (ushort)(value & ~0x3800);
            Top = (value >> 11) & 7;
        }
    }

    /// <summary>Full tag word: 00 valid, 01 zero, 10 special, 11 empty, for physical registers 0-7.</summary>
    public ushort TagWord
    {
        get
        {
            int t = 0;
            for (int p = 0; p < 8; p++)
            {
                int tag = _empty[p] ? 3 : _regs[p] == 0 ? 1 : double.IsFinite(_regs[p]) ? 0 : 2;
                t |= tag << (2 * p);
            }
            return (ushort)t;
        }
        set
        {
            for (int p = 0; p < 8; p++)
                _empty[p] = ((value >> (2 * p)) & 3) == 3;
        }
    }

    public bool IsEmptyPhysical(int p) => _empty[p];

    public void SetEmptyPhysical(int p, bool empty) => _empty[p] = empty;

    public double GetPhysical(int p) => _regs[p];

    public void SetPhysical(int p, double v) => _regs[p] = v;

    public int Physical(int i) => (Top + i) & 7;

    public bool IsEmpty(int i) => _empty[Physical(i)];

    public double St(int i)
    {
        int p = Physical(i);
        if (_empty[p])
        {
            StackFault(underflow: true);
            return double.NaN;
        }
        return _regs[p];
    }

    public void SetSt(int i, double v)
    {
        int p = Physical(i);
        _regs[p] = v;
        _empty[p] = false;
    }

    public void Push(double v)
    {
        int p = (Top - 1) & 7;
        if (!_empty[p])
        {
            StackFault(underflow: false);
            v = double.NaN;
        }
        Top = p;
        _regs[p] = v;
        _empty[p] = false;
    }

    public void Pop()
    {
        _empty[Top] = true;
        Top = (Top + 1) & 7;
    }

    public void Free(int i) => _empty[Physical(i)] = true;

    private void StackFault(bool underflow)
    {
        StatusFlags |= StatusIe | StatusSf;
        if (underflow) StatusFlags = (ushort)(StatusFlags & ~StatusC1);
        else StatusFlags |= StatusC1;
    }

    public int RoundingControl => (Control >> 10) & 3;

    public double Round(double v) => RoundingControl switch
    {
        0 => Math.Round(v, MidpointRounding.ToEven),
        1 => Math.Floor(v),
        2 => Math.Ceiling(v),
        _ => Math.Truncate(v),
    };

    // ---- 80-bit extended format ----

    public static void ToExtended(double v, Span<byte> dest)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        bool sign = (bits >> 63) != 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        ulong frac = bits & 0x000F_FFFF_FFFF_FFFF;
        ulong mant;
        int e;
        if (exp == 0)
        {
            if (frac == 0)
            {
                mant = 0;
                e = 0;
            }
            else
            {
                // Denormal double: normalize into the wider exponent range.
                int shift = System.Numerics.BitOperations.LeadingZeroCount(frac) - 11;
                mant = frac << (11 + shift);
                e = 1 - 1023 + 16383 - shift;
            }
        }
        else if (exp == 0x7FF)
        {
            mant = 0x8000_0000_0000_0000 | (frac << 11);
            e = 0x7FFF;
        }
        else
        {
            mant = 0x8000_0000_0000_0000 | (frac << 11);
            e = exp - 1023 + 16383;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(dest, mant);
        BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(8), (ushort)(e | (sign ? 0x8000 : 0)));
    }

    public static double FromExtended(ReadOnlySpan<byte> src)
    {
        ulong mant = BinaryPrimitives.ReadUInt64LittleEndian(src);
        ushort se = BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(8));
        bool sign = (se & 0x8000) != 0;
        int e = se & 0x7FFF;
        double r;
        if (e == 0 && mant == 0)
            r = 0;
        else if (e == 0x7FFF)
            r = (mant << 1) == 0 ? double.PositiveInfinity : double.NaN;
        else
            r = Math.ScaleB((double)mant, e - 16383 - 63);
        return sign ? -r : r;
    }
}
