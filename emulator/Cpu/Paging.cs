using System.Runtime.CompilerServices;

namespace PcEmu.Cpu;

/// <summary>
/// Paging (Intel SDM Vol. 3A, 4.3 "32-bit paging") and linear memory access.
/// CR0.PG enables translation, CR0.WP makes read-only pages read-only for the supervisor too,
/// CR3 holds the page directory base, CR4.PSE allows 4 MiB pages (PDE.PS), CR4.PGE keeps
/// global entries across CR3 loads. A/D bits are set on walks; #PF sets CR2 and pushes
/// P | W/R &lt;&lt; 1 | U/S &lt;&lt; 2. The software TLB is direct-mapped; each entry records which kinds of
/// access it already permits, so a write to a clean page walks again to set D.
/// </summary>
public sealed partial class X86Cpu
{
    internal const uint Cr0Pe = 1u << 0, Cr0Mp = 1u << 1, Cr0Em = 1u << 2, Cr0Ts = 1u << 3, Cr0Et = 1u << 4;
    internal const uint Cr0Ne = 1u << 5, Cr0Wp = 1u << 16, Cr0Am = 1u << 18, Cr0Pg = 1u << 31;
    internal const uint Cr4Pse = 1u << 4, Cr4Pge = 1u << 7, Cr4Osfxsr = 1u << 9, Cr4Osxmmexcpt = 1u << 10, Cr4Tsd = 1u << 2;

    private const int TlbBits = 10;
    private const int TlbSize = 1 << TlbBits;
    private const byte TlbUser = 1, TlbUserWrite = 2, TlbSupWrite = 4, TlbDirty = 8, TlbGlobal = 16;

    private uint[] _tlbTag = null!;
    private uint[] _tlbPhys = null!;
    private byte[] _tlbFlags = null!;
    private bool _paging;
    private bool _userMode;

    private void InitTlb()
    {
        _tlbTag = new uint[TlbSize];
        _tlbPhys = new uint[TlbSize];
        _tlbFlags = new byte[TlbSize];
    }

    internal void FlushTlb(bool includeGlobal)
    {
        if (includeGlobal || (Cr4Value & Cr4Pge) == 0)
        {
            Array.Clear(_tlbTag);
            _tlbHasLargePages = false;
            return;
        }
        for (int i = 0; i < TlbSize; i++)
        {
            if ((_tlbFlags[i] & TlbGlobal) == 0)
                _tlbTag[i] = 0;
        }
    }

    private bool _tlbHasLargePages;

    /// <summary>INVLPG: one entry, or everything when 4 MiB pages may be cached as many 4 KiB entries.</summary>
    internal void InvalidatePage(uint linear)
    {
        if (_tlbHasLargePages)
        {
            Array.Clear(_tlbTag);
            _tlbHasLargePages = false;
            return;
        }
        int idx = (int)((linear >> 12) & (TlbSize - 1));
        _tlbTag[idx] = 0;
    }

    private void UpdatePagingMode()
    {
        _paging = (Cr0Value & Cr0Pg) != 0 && (Cr0Value & Cr0Pe) != 0;
        _userMode = Cpl == 3;
    }

    internal void WriteCr0(uint value)
    {
        value |= Cr0Et;
        if ((value & Cr0Pg) != 0 && (value & Cr0Pe) == 0)
            RaiseFault(VecGp, 0);
        uint old = Cr0Value;
        Cr0Value = value;
        if (((old ^ value) & (Cr0Pg | Cr0Wp | Cr0Pe)) != 0)
            FlushTlb(true);
        if (((old ^ value) & Cr0Pe) != 0 && (value & Cr0Pe) == 0)
            Cpl = 0;
        UpdateModeCaches();
    }

    internal void WriteCr3(uint value)
    {
        Cr3Value = value;
        FlushTlb(false);
        _exitBlock = true;
    }

    internal void WriteCr4(uint value)
    {
        uint old = Cr4Value;
        Cr4Value = value & 0x0000_07FFu;
        if (((old ^ Cr4Value) & (Cr4Pse | Cr4Pge)) != 0)
            FlushTlb(true);
        _exitBlock = true;
    }

    /// <summary>Translates a linear address for a CPU access at the current privilege.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Translate(uint linear, bool write) => (_paging ? TranslateCore(linear, write, _userMode) : linear) & _a20Mask;

    private uint _a20Mask = 0xFFFF_FFFF;

    /// <summary>The A20 gate: when false, physical address bit 20 is forced to 0 (8086 wrap-around).</summary>
    public bool A20Enabled
    {
        get => _a20Mask == 0xFFFF_FFFF;
        set
        {
            _a20Mask = value ? 0xFFFF_FFFF : ~(1u << 20);
            _exitBlock = true;
        }
    }

    private uint TranslateCore(uint linear, bool write, bool user)
    {
        uint page = linear >> 12;
        int idx = (int)(page & (TlbSize - 1));
        if (_tlbTag[idx] == page + 1)
        {
            byte f = _tlbFlags[idx];
            int need = user ? (write ? TlbUser | TlbUserWrite | TlbDirty : TlbUser) : (write ? TlbSupWrite | TlbDirty : 0);
            if ((f & need) == need)
                return _tlbPhys[idx] | (linear & 0xFFF);
        }
        return Walk(linear, write, user);
    }

    private uint Walk(uint linear, bool write, bool user)
    {
        uint pdeAddr = (Cr3Value & 0xFFFF_F000) + ((linear >> 22) << 2);
        uint pde = _mem.Read32(pdeAddr);
        uint errWrite = write ? 2u : 0u, errUser = user ? 4u : 0u;
        if ((pde & 1) == 0)
            PageFault(linear, errWrite | errUser);
        uint physPage;
        bool userOk, writable, global;
        bool big = (pde & 0x80) != 0 && (Cr4Value & Cr4Pse) != 0;
        uint pte = 0, pteAddr = 0;
        if (big)
        {
            _tlbHasLargePages = true;
            physPage = (pde & 0xFFC0_0000) | (linear & 0x003F_F000);
            userOk = (pde & 4) != 0;
            writable = (pde & 2) != 0;
            global = (pde & 0x100) != 0;
        }
        else
        {
            pteAddr = (pde & 0xFFFF_F000) + (((linear >> 12) & 0x3FF) << 2);
            pte = _mem.Read32(pteAddr);
            if ((pte & 1) == 0)
                PageFault(linear, errWrite | errUser);
            physPage = pte & 0xFFFF_F000;
            userOk = (pde & 4) != 0 && (pte & 4) != 0;
            writable = (pde & 2) != 0 && (pte & 2) != 0;
            global = (pte & 0x100) != 0;
        }
        bool wp = (Cr0Value & Cr0Wp) != 0;
        if (user && !userOk)
            PageFault(linear, 1 | errWrite | errUser);
        if (write && !writable && (user || wp))
            PageFault(linear, 1 | errWrite | errUser);

        bool dirty;
        if (big)
        {
            uint newPde = pde | 0x20 | (write ? 0x40u : 0u);
            if (newPde != pde)
                _mem.Write32(pdeAddr, newPde);
            dirty = (newPde & 0x40) != 0;
        }
        else
        {
            if ((pde & 0x20) == 0)
                _mem.Write32(pdeAddr, pde | 0x20);
            uint newPte = pte | 0x20 | (write ? 0x40u : 0u);
            if (newPte != pte)
                _mem.Write32(pteAddr, newPte);
            dirty = (newPte & 0x40) != 0;
        }

        uint page = linear >> 12;
        int idx = (int)(page & (TlbSize - 1));
        byte flags = 0;
        if (userOk) flags |= TlbUser;
        if (userOk && writable) flags |= TlbUserWrite;
        if (writable || !wp) flags |= TlbSupWrite;
        if (dirty) flags |= TlbDirty;
        if (global && (Cr4Value & Cr4Pge) != 0) flags |= TlbGlobal;
        _tlbTag[idx] = page + 1;
        _tlbPhys[idx] = physPage;
        _tlbFlags[idx] = flags;
        return physPage | (linear & 0xFFF);
    }

    private void PageFault(uint linear, uint errorCode)
    {
        Cr2Value = linear;
        RaiseFault(VecPf, errorCode);
    }

    // ---- Linear memory access at the current privilege ----

    internal byte ReadLinear8(uint lin) => _mem.Read8(Translate(lin, false));

    internal ushort ReadLinear16(uint lin)
    {
        if ((!_paging && _a20Mask == 0xFFFF_FFFF) || (lin & 0xFFF) <= 0xFFE)
            return _mem.Read16(Translate(lin, false));
        return (ushort)(ReadLinear8(lin) | ReadLinear8(lin + 1) << 8);
    }

    internal uint ReadLinear32(uint lin)
    {
        if ((!_paging && _a20Mask == 0xFFFF_FFFF) || (lin & 0xFFF) <= 0xFFC)
            return _mem.Read32(Translate(lin, false));
        return ReadLinear16(lin) | (uint)ReadLinear16(lin + 2) << 16;
    }

    internal ulong ReadLinear64(uint lin) => ReadLinear32(lin) | (ulong)ReadLinear32(lin + 4) << 32;

    internal void WriteLinear8(uint lin, byte v) => _mem.Write8(Translate(lin, true), v);

    internal void WriteLinear16(uint lin, ushort v)
    {
        if ((!_paging && _a20Mask == 0xFFFF_FFFF) || (lin & 0xFFF) <= 0xFFE)
        {
            _mem.Write16(Translate(lin, true), v);
            return;
        }
        // Check both pages before writing either (no partial writes on #PF).
        Translate(lin + 1, true);
        WriteLinear8(lin, (byte)v);
        WriteLinear8(lin + 1, (byte)(v >> 8));
    }

    internal void WriteLinear32(uint lin, uint v)
    {
        if ((!_paging && _a20Mask == 0xFFFF_FFFF) || (lin & 0xFFF) <= 0xFFC)
        {
            _mem.Write32(Translate(lin, true), v);
            return;
        }
        Translate(lin, true);
        Translate(lin + 3, true);
        for (int i = 0; i < 4; i++)
            WriteLinear8(lin + (uint)i, (byte)(v >> (8 * i)));
    }

    internal void WriteLinear64(uint lin, ulong v)
    {
        Translate(lin, true);
        Translate(lin + 7, true);
        WriteLinear32(lin, (uint)v);
        WriteLinear32(lin + 4, (uint)(v >> 32));
    }

    // ---- Supervisor-level access for descriptor tables, the TSS and the IDT ----

    internal uint ReadLinearSystem32(uint lin)
    {
        if (!_paging)
            return _mem.Read32(lin & _a20Mask);
        uint v = 0;
        for (int i = 0; i < 4; i++)
            v |= (uint)_mem.Read8(TranslateCore(lin + (uint)i, false, false) & _a20Mask) << (8 * i);
        return v;
    }

    internal ushort ReadLinearSystem16(uint lin) => (ushort)ReadLinearSystem32Partial(lin, 2);

    private uint ReadLinearSystem32Partial(uint lin, int size)
    {
        uint v = 0;
        for (int i = 0; i < size; i++)
            v |= (uint)_mem.Read8((_paging ? TranslateCore(lin + (uint)i, false, false) : lin + (uint)i) & _a20Mask) << (8 * i);
        return v;
    }

    internal void WriteLinearSystem8(uint lin, byte v) => _mem.Write8((_paging ? TranslateCore(lin, true, false) : lin) & _a20Mask, v);

    // ---- Segmented access ----

    internal byte ReadMem8(int s, uint off) => ReadLinear8(Linear(s, off, 1, false));
    internal ushort ReadMem16(int s, uint off) => ReadLinear16(Linear(s, off, 2, false));
    internal uint ReadMem32(int s, uint off) => ReadLinear32(Linear(s, off, 4, false));
    internal ulong ReadMem64(int s, uint off) => ReadLinear64(Linear(s, off, 8, false));
    internal void WriteMem8(int s, uint off, byte v) => WriteLinear8(Linear(s, off, 1, true), v);
    internal void WriteMem16(int s, uint off, ushort v) => WriteLinear16(Linear(s, off, 2, true), v);
    internal void WriteMem32(int s, uint off, uint v) => WriteLinear32(Linear(s, off, 4, true), v);
    internal void WriteMem64(int s, uint off, ulong v) => WriteLinear64(Linear(s, off, 8, true), v);

    internal uint ReadMem(int s, uint off, int size) => size switch
    {
        1 => ReadMem8(s, off),
        2 => ReadMem16(s, off),
        _ => ReadMem32(s, off),
    };

    internal void WriteMem(int s, uint off, int size, uint v)
    {
        switch (size)
        {
            case 1: WriteMem8(s, off, (byte)v); break;
            case 2: WriteMem16(s, off, (ushort)v); break;
            default: WriteMem32(s, off, v); break;
        }
    }
}
