using System.Numerics;
using System.Runtime.CompilerServices;

namespace PcEmu.Cpu;

/// <summary>
/// EFLAGS with lazy arithmetic flags. Arithmetic records the operation, its operands and its result;
/// CF/PF/AF/ZF/SF/OF are computed only when something reads them. Everything else (and any flag set
/// eagerly by shifts, rotates, BCD, POPF...) lives in <see cref="FlagsRaw"/>.
/// </summary>
public sealed partial class X86Cpu
{
    internal const uint FlagCf = 1u << 0, FlagPf = 1u << 2, FlagAf = 1u << 4, FlagZf = 1u << 6, FlagSf = 1u << 7;
    internal const uint FlagTf = 1u << 8, FlagIf = 1u << 9, FlagDf = 1u << 10, FlagOf = 1u << 11;
    internal const uint FlagIopl = 3u << 12, FlagNt = 1u << 14, FlagRf = 1u << 16, FlagVm = 1u << 17;
    internal const uint FlagAc = 1u << 18, FlagVif = 1u << 19, FlagVip = 1u << 20, FlagId = 1u << 21;
    internal const uint StatusFlags = FlagCf | FlagPf | FlagAf | FlagZf | FlagSf | FlagOf;

    internal enum LazyOp : byte { None, Add, Adc, Sub, Sbb, Logic }

    internal uint FlagsRaw = 2;
    private LazyOp _lazyOp;
    private bool _lazyKeepCf;
    private uint _lazyCarryIn;
    private uint _lazyDst, _lazySrc, _lazyRes, _lazyMask, _lazySign;

    private static readonly byte[] s_parity = BuildParity();

    private static byte[] BuildParity()
    {
        byte[] t = new byte[256];
        for (int i = 0; i < 256; i++)
            t[i] = (byte)((BitOperations.PopCount((uint)i) & 1) == 0 ? 1 : 0);
        return t;
    }

    internal static uint SizeMask(int size) => size == 4 ? 0xFFFF_FFFFu : size == 2 ? 0xFFFFu : 0xFFu;

    internal static uint SignBit(int size) => size == 4 ? 0x8000_0000u : size == 2 ? 0x8000u : 0x80u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetLazy(LazyOp op, uint dst, uint src, uint res, int size)
    {
        _lazyOp = op;
        _lazyKeepCf = false;
        _lazyDst = dst;
        _lazySrc = src;
        _lazyMask = SizeMask(size);
        _lazySign = SignBit(size);
        _lazyRes = res & _lazyMask;
    }

    internal void SetFlagsAdd(uint dst, uint src, uint res, int size) => SetLazy(LazyOp.Add, dst, src, res, size);

    internal void SetFlagsSub(uint dst, uint src, uint res, int size) => SetLazy(LazyOp.Sub, dst, src, res, size);

    internal void SetFlagsLogic(uint res, int size) => SetLazy(LazyOp.Logic, 0, 0, res, size);

    internal void SetFlagsAdc(uint dst, uint src, uint res, uint carry, int size)
    {
        SetLazy(LazyOp.Adc, dst, src, res, size);
        _lazyCarryIn = carry;
    }

    internal void SetFlagsSbb(uint dst, uint src, uint res, uint carry, int size)
    {
        SetLazy(LazyOp.Sbb, dst, src, res, size);
        _lazyCarryIn = carry;
    }

    /// <summary>INC/DEC: like ADD/SUB 1 but CF keeps its value.</summary>
    internal void SetFlagsIncDec(bool dec, uint dst, uint res, int size)
    {
        bool cf = GetCf();
        MaterializeFlags();
        FlagsRaw = cf ? FlagsRaw | FlagCf : FlagsRaw & ~FlagCf;
        SetLazy(dec ? LazyOp.Sub : LazyOp.Add, dst, 1, res, size);
        _lazyKeepCf = true;
    }

    internal bool GetCf()
    {
        if (_lazyOp == LazyOp.None || _lazyKeepCf)
            return (FlagsRaw & FlagCf) != 0;
        uint d = _lazyDst & _lazyMask, s = _lazySrc & _lazyMask, r = _lazyRes;
        return _lazyOp switch
        {
            LazyOp.Add => r < d,
            LazyOp.Adc => _lazyCarryIn != 0 ? r <= d : r < d,
            LazyOp.Sub => d < s,
            LazyOp.Sbb => _lazyCarryIn != 0 ? d <= s : d < s,
            _ => false,
        };
    }

    internal bool GetZf() => _lazyOp == LazyOp.None ? (FlagsRaw & FlagZf) != 0 : _lazyRes == 0;

    internal bool GetSf() => _lazyOp == LazyOp.None ? (FlagsRaw & FlagSf) != 0 : (_lazyRes & _lazySign) != 0;

    internal bool GetPf() => _lazyOp == LazyOp.None ? (FlagsRaw & FlagPf) != 0 : s_parity[_lazyRes & 0xFF] != 0;

    internal bool GetAf()
    {
        if (_lazyOp == LazyOp.None)
            return (FlagsRaw & FlagAf) != 0;
        if (_lazyOp == LazyOp.Logic)
            return false;
        return ((_lazyRes ^ _lazyDst ^ _lazySrc) & 0x10) != 0;
    }

    internal bool GetOf()
    {
        uint d = _lazyDst, s = _lazySrc, r = _lazyRes;
        return _lazyOp switch
        {
            LazyOp.None => (FlagsRaw & FlagOf) != 0,
            LazyOp.Add or LazyOp.Adc => ((d ^ r) & (s ^ r) & _lazySign) != 0,
            LazyOp.Sub or LazyOp.Sbb => ((d ^ s) & (d ^ r) & _lazySign) != 0,
            _ => false,
        };
    }

    /// <summary>Folds the lazy flags into <see cref="FlagsRaw"/>; afterwards they can be edited bit by bit.</summary>
    internal void MaterializeFlags()
    {
        if (_lazyOp == LazyOp.None)
            return;
        uint f = FlagsRaw & ~StatusFlags;
        if (GetCf()) f |= FlagCf;
        if (GetPf()) f |= FlagPf;
        if (GetAf()) f |= FlagAf;
        if (GetZf()) f |= FlagZf;
        if (GetSf()) f |= FlagSf;
        if (GetOf()) f |= FlagOf;
        FlagsRaw = f;
        _lazyOp = LazyOp.None;
    }

    internal uint GetEflags()
    {
        MaterializeFlags();
        return FlagsRaw;
    }

    /// <summary>Writes all of EFLAGS without privilege checks (reserved bits forced).</summary>
    internal void SetEflagsRaw(uint value)
    {
        _lazyOp = LazyOp.None;
        uint old = FlagsRaw;
        FlagsRaw = (value & 0x003F_7FD5u) | 2u;
        if (((old ^ FlagsRaw) & (FlagVm | FlagIf | FlagTf)) != 0)
            _exitBlock = true;
    }

    /// <summary>Sets the six status flags from a result computed eagerly (shifts, BCD, bit tests...).</summary>
    internal void SetStatusFlags(uint statusBits)
    {
        MaterializeFlags();
        FlagsRaw = (FlagsRaw & ~StatusFlags) | (statusBits & StatusFlags);
    }

    internal static uint SzpFlags(uint res, int size)
    {
        res &= SizeMask(size);
        uint f = 0;
        if (res == 0) f |= FlagZf;
        if ((res & SignBit(size)) != 0) f |= FlagSf;
        if (s_parity[res & 0xFF] != 0) f |= FlagPf;
        return f;
    }

    internal void SetFlag(uint flag, bool value)
    {
        MaterializeFlags();
        FlagsRaw = value ? FlagsRaw | flag : FlagsRaw & ~flag;
    }

    /// <summary>Evaluates a condition code (the low nibble of Jcc/SETcc/CMOVcc).</summary>
    internal bool Condition(int cc)
    {
        bool r = (cc >> 1) switch
        {
            0 => GetOf(),
            1 => GetCf(),
            2 => GetZf(),
            3 => GetCf() || GetZf(),
            4 => GetSf(),
            5 => GetPf(),
            6 => GetSf() != GetOf(),
            _ => GetZf() || GetSf() != GetOf(),
        };
        return (cc & 1) != 0 ? !r : r;
    }
}
