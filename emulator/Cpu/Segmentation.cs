using System.Runtime.CompilerServices;

namespace PcEmu.Cpu;

/// <summary>The hidden part of a segment register (Intel SDM Vol. 3A, 3.4.3 and 3.4.5).</summary>
internal struct Segment
{
    public ushort Selector;
    public uint Base;
    public uint Limit;
    /// <summary>The descriptor's access byte: P, DPL, S, type.</summary>
    public byte Access;
    /// <summary>D/B bit: 32-bit code or stack segment.</summary>
    public bool Big;
    public bool Usable;
    /// <summary>Cached: usable, readable, not expand-down.</summary>
    public bool ReadFast;
    /// <summary>Cached: usable, writable data, not expand-down.</summary>
    public bool WriteFast;

    public static Segment Flat(ushort selector, byte type, bool big)
    {
        Segment s = new() { Selector = selector, Base = 0, Limit = 0xFFFF_FFFF, Access = (byte)(0x90 | type | 1), Big = big, Usable = true };
        s.UpdateCaches();
        return s;
    }

    public readonly int Dpl => (Access >> 5) & 3;
    public readonly bool IsCode => (Access & 0x08) != 0;
    public readonly bool ExpandDown => !IsCode && (Access & 0x04) != 0;
    public readonly bool Readable => !IsCode || (Access & 0x02) != 0;
    public readonly bool Writable => !IsCode && (Access & 0x02) != 0;

    public void UpdateCaches()
    {
        ReadFast = Usable && Readable && !ExpandDown;
        WriteFast = Usable && Writable && !ExpandDown;
    }
}

internal readonly record struct DescriptorTable(uint Base, ushort Limit);

/// <summary>LDTR or TR: selector plus cached base and limit.</summary>
internal struct SystemSegment
{
    public ushort Selector;
    public uint Base;
    public uint Limit;
    public byte Access;
}

/// <summary>A raw 8-byte descriptor with its fields decoded.</summary>
internal readonly struct Descriptor
{
    public readonly uint Low, High;

    public Descriptor(uint low, uint high)
    {
        Low = low;
        High = high;
    }

    public uint Base => (Low >> 16) | ((High & 0xFF) << 16) | (High & 0xFF00_0000);
    public uint Limit
    {
        get
        {
            uint l = (Low & 0xFFFF) | (High & 0xF_0000);
            return (High & (1u << 23)) != 0 ? (l << 12) | 0xFFF : l;
        }
    }
    public byte Access => (byte)(High >> 8);
    public bool Present => (High & (1u << 15)) != 0;
    public int Dpl => (int)(High >> 13) & 3;
    public bool IsSystem => (High & (1u << 12)) == 0;
    public int Type => (int)(High >> 8) & 0xF;
    public bool IsCode => !IsSystem && (Type & 8) != 0;
    public bool IsData => !IsSystem && (Type & 8) == 0;
    public bool Conforming => IsCode && (Type & 4) != 0;
    public bool Readable => IsData || (Type & 2) != 0;
    public bool Writable => IsData && (Type & 2) != 0;
    public bool Big => (High & (1u << 22)) != 0;
    // Gates
    public ushort GateSelector => (ushort)(Low >> 16);
    public uint GateOffset => (Low & 0xFFFF) | (High & 0xFFFF_0000);
    public int GateParamCount => (int)(High & 0x1F);
}

public sealed partial class X86Cpu
{
    internal const int SegEs = 0, SegCs = 1, SegSs = 2, SegDs = 3, SegFs = 4, SegGs = 5;
    internal const byte DescCode = 0x08, DescReadable = 0x02, DescWritable = 0x02;

    internal bool RealMode => (Cr0Value & Cr0Pe) == 0;

    internal void LoadRealSegment(int s, ushort selector)
    {
        ref Segment seg = ref Seg[s];
        seg.Selector = selector;
        seg.Base = (uint)selector << 4;
        if (seg.Limit == 0 || !seg.Usable)
            seg.Limit = 0xFFFF;
        byte dpl = (FlagsRaw & FlagVm) != 0 ? (byte)0x60 : (byte)0;
        if ((FlagsRaw & FlagVm) != 0)
            seg.Limit = 0xFFFF;
        seg.Access = s == SegCs ? (byte)(0x9B | dpl) : (byte)(0x93 | dpl);
        if (s == SegCs)
            seg.Access = (byte)(0x93 | dpl); // real-mode CS is writable through overrides
        seg.Big = s == SegCs || s == SegSs ? false : seg.Big;
        seg.Usable = true;
        seg.UpdateCaches();
        if (s == SegCs)
            _exitBlock = true;
    }

    /// <summary>Linear address of seg:offset for an access of <paramref name="size"/> bytes, with limit and type checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Linear(int s, uint offset, int size, bool write)
    {
        ref Segment seg = ref Seg[s];
        if ((write ? seg.WriteFast : seg.ReadFast) && (ulong)offset + (uint)(size - 1) <= seg.Limit)
            return seg.Base + offset;
        return LinearSlow(s, offset, size, write);
    }

    private uint LinearSlow(int s, uint offset, int size, bool write)
    {
        ref Segment seg = ref Seg[s];
        int vector = s == SegSs ? VecSs : VecGp;
        if (!seg.Usable)
            RaiseFault(VecGp, 0);
        if (write ? !seg.Writable : !seg.Readable)
            RaiseFault(VecGp, 0);
        ulong last = (ulong)offset + (uint)(size - 1);
        if (seg.ExpandDown)
        {
            uint upper = seg.Big ? 0xFFFF_FFFFu : 0xFFFFu;
            if (offset <= seg.Limit || last > upper)
                RaiseFault(vector, 0);
        }
        else if (last > seg.Limit)
        {
            RaiseFault(vector, 0);
        }
        return seg.Base + offset;
    }

    // ---- Descriptor tables ----

    /// <summary>Reads the descriptor for <paramref name="selector"/> from the GDT or LDT; #GP(selector) past the limit.</summary>
    internal Descriptor ReadDescriptor(ushort selector, int faultVector = VecGp)
    {
        uint index = selector & 0xFFF8u;
        uint tableBase, limit;
        if ((selector & 4) != 0)
        {
            if (Ldtr.Selector == 0 && Ldtr.Limit == 0)
                RaiseFault(faultVector, selector & 0xFFFCu);
            tableBase = Ldtr.Base;
            limit = Ldtr.Limit;
        }
        else
        {
            tableBase = Gdtr.Base;
            limit = Gdtr.Limit;
        }
        if (index + 7 > limit)
            RaiseFault(faultVector, selector & 0xFFFCu);
        uint lo = ReadLinearSystem32(tableBase + index);
        uint hi = ReadLinearSystem32(tableBase + index + 4);
        return new Descriptor(lo, hi);
    }

    internal void SetAccessedBit(ushort selector, Descriptor d)
    {
        if ((d.High & 0x100) != 0)
            return;
        uint tableBase = (selector & 4) != 0 ? Ldtr.Base : Gdtr.Base;
        uint addr = tableBase + (selector & 0xFFF8u) + 5;
        WriteLinearSystem8(addr, (byte)(d.Access | 1));
    }

    internal static Segment SegmentFromDescriptor(ushort selector, Descriptor d)
    {
        Segment s = new()
        {
            Selector = selector,
            Base = d.Base,
            Limit = d.Limit,
            Access = (byte)(d.Access | 1),
            Big = d.Big,
            Usable = true,
        };
        s.UpdateCaches();
        return s;
    }

    /// <summary>MOV/POP/LxS to a data segment register or SS, with protected-mode checks (SDM Vol. 2, MOV).</summary>
    internal void LoadSegment(int s, ushort selector)
    {
        if (RealMode || (FlagsRaw & FlagVm) != 0)
        {
            LoadRealSegment(s, selector);
            if (s == SegSs)
                InhibitInterrupts();
            return;
        }
        if (s == SegCs)
            RaiseUd();
        int rpl = selector & 3;
        if ((selector & 0xFFFC) == 0)
        {
            if (s == SegSs)
                RaiseFault(VecGp, 0);
            Seg[s] = new Segment { Selector = selector, Usable = false };
            return;
        }
        Descriptor d = ReadDescriptor(selector);
        if (s == SegSs)
        {
            if (rpl != Cpl || !d.IsData || !d.Writable || d.Dpl != Cpl)
                RaiseFault(VecGp, selector & 0xFFFCu);
            if (!d.Present)
                RaiseFault(VecSs, selector & 0xFFFCu);
            InhibitInterrupts();
        }
        else
        {
            if (d.IsSystem || (d.IsCode && !d.Readable))
                RaiseFault(VecGp, selector & 0xFFFCu);
            if ((d.IsData || !d.Conforming) && (rpl > d.Dpl || Cpl > d.Dpl))
                RaiseFault(VecGp, selector & 0xFFFCu);
            if (!d.Present)
                RaiseFault(VecNp, selector & 0xFFFCu);
        }
        SetAccessedBit(selector, d);
        Seg[s] = SegmentFromDescriptor(selector, d);
    }

    /// <summary>Loads CS from a code descriptor already checked by the caller, setting CPL.</summary>
    internal void LoadCs(ushort selector, Descriptor d, int newCpl)
    {
        SetAccessedBit(selector, d);
        Segment cs = SegmentFromDescriptor((ushort)((selector & 0xFFFC) | newCpl), d);
        Seg[SegCs] = cs;
        SetCpl(newCpl);
        _exitBlock = true;
    }

    internal void SetCpl(int cpl)
    {
        if (cpl != Cpl)
        {
            Cpl = cpl;
            UpdatePagingMode();
        }
    }

    /// <summary>After a privilege drop, data segments the new CPL may not use become null (SDM IRET/RET).</summary>
    internal void InvalidateSegmentsForCpl()
    {
        for (int s = 0; s < 6; s++)
        {
            if (s == SegCs || s == SegSs)
                continue;
            ref Segment seg = ref Seg[s];
            if (!seg.Usable)
                continue;
            bool conformingCode = seg.IsCode && (seg.Access & 4) != 0;
            if (!conformingCode && seg.Dpl < Cpl)
                seg = new Segment { Selector = 0, Usable = false };
        }
    }

    internal void InhibitInterrupts() => _inhibitInterruptsUntil = _retired + 2;

    internal void LoadLdt(ushort selector)
    {
        if ((selector & 0xFFFC) == 0)
        {
            Ldtr = new SystemSegment { Selector = selector };
            return;
        }
        if ((selector & 4) != 0)
            RaiseFault(VecGp, selector & 0xFFFCu);
        Descriptor d = ReadDescriptor(selector);
        if (!d.IsSystem || d.Type != 2)
            RaiseFault(VecGp, selector & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, selector & 0xFFFCu);
        Ldtr = new SystemSegment { Selector = selector, Base = d.Base, Limit = d.Limit, Access = d.Access };
    }

    internal void LoadTr(ushort selector)
    {
        if ((selector & 0xFFFC) == 0 || (selector & 4) != 0)
            RaiseFault(VecGp, selector & 0xFFFCu);
        Descriptor d = ReadDescriptor(selector);
        if (!d.IsSystem || (d.Type != 1 && d.Type != 9))
            RaiseFault(VecGp, selector & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, selector & 0xFFFCu);
        // Mark busy.
        uint addr = Gdtr.Base + (selector & 0xFFF8u) + 5;
        WriteLinearSystem8(addr, (byte)(d.Access | 2));
        Tr = new SystemSegment { Selector = selector, Base = d.Base, Limit = d.Limit, Access = (byte)(d.Access | 2) };
    }
}
