using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>A run of decoded instructions ending at a control transfer, a page end or a size cap.</summary>
internal sealed class Block
{
    public required Instruction[] Instructions;
    public required uint StartIp;
    public required uint IpMask;
    public required uint Page;
    public required ulong Key;
    public required bool Cacheable;
    /// <summary>For a single instruction straddling a page end: the physical page it continues on (else uint.MaxValue).</summary>
    public uint CrossPhys = uint.MaxValue;
}

/// <summary>Feeds Iced guest code bytes from one page (optionally crossing into the next one).</summary>
internal sealed class GuestCodeReader : CodeReader
{
    private readonly X86Cpu _cpu;
    public uint Linear;
    public uint PhysPage;
    public uint LinearPageEnd;
    public uint CsBase;
    public uint CsLimit;
    public bool AllowCross;

    public GuestCodeReader(X86Cpu cpu) => _cpu = cpu;

    public override int ReadByte()
    {
        uint lin = Linear;
        if (CsLimit != 0xFFFF_FFFF && lin - CsBase > CsLimit)
            return -1;
        if (lin < LinearPageEnd && lin >= LinearPageEnd - 4096)
        {
            Linear = lin + 1;
            return _cpu.Memory.Read8(PhysPage | (lin & 0xFFF));
        }
        if (!AllowCross)
            return -1;
        Linear = lin + 1;
        return _cpu.ReadLinearFetch(lin);
    }
}

/// <summary>
/// The decoded-block cache: blocks keyed by physical address and code size, each physical page
/// marked in <see cref="PcEmu.Memory.PhysicalMemory"/> so that any write to it drops the page's blocks
/// (self-modifying code). A block never crosses a page; an instruction that straddles a page
/// boundary is decoded on its own and not cached.
/// </summary>
public sealed partial class X86Cpu
{
    private const int MaxBlockInstructions = 48;

    private const int FastBlockSlots = 4096;

    private Dictionary<ulong, Block> _blocks = null!;
    private readonly Block?[] _fastBlocks = new Block?[FastBlockSlots];
    private Dictionary<uint, List<ulong>> _pageBlocks = null!;
    private Block? _currentBlock;
    private GuestCodeReader _reader = null!;
    private Decoder _decoder16 = null!, _decoder32 = null!;
    private readonly List<Instruction> _decodeScratch = new(MaxBlockInstructions);

    private void InitBlockCache()
    {
        _blocks = new Dictionary<ulong, Block>();
        _pageBlocks = new Dictionary<uint, List<ulong>>();
        _reader = new GuestCodeReader(this);
        _decoder16 = Decoder.Create(16, _reader);
        _decoder32 = Decoder.Create(32, _reader);
    }

    internal byte ReadLinearFetch(uint lin) => _mem.Read8(Translate(lin, false));

    /// <summary>Drops every cached block (e.g. after a snapshot restore).</summary>
    public void FlushDecodedBlocks()
    {
        _blocks.Clear();
        Array.Clear(_fastBlocks);
        _pageBlocks.Clear();
        _exitBlock = true;
    }

    private void OnCodePageWritten(uint page)
    {
        if (_pageBlocks.TryGetValue(page, out List<ulong>? keys))
        {
            foreach (ulong k in keys)
            {
                _blocks.Remove(k);
                int slot = FastSlot((uint)k);
                if (_fastBlocks[slot] is { } fb && fb.Key == k)
                    _fastBlocks[slot] = null;
            }
            keys.Clear();
        }
        if (_currentBlock is { } b && (b.Page == page || (b.CrossPhys != uint.MaxValue && b.CrossPhys >> 12 == page)))
            _exitBlock = true;
    }

    private Block FetchBlock()
    {
        ref Segment cs = ref Seg[SegCs];
        uint ip = Ip;
        if (ip > cs.Limit)
            RaiseFault(VecGp, 0);
        uint lin = cs.Base + ip;
        uint phys = Translate(lin, false);
        bool code32 = cs.Big;
        ulong key = phys | (code32 ? 1ul << 32 : 0);
        int slot = FastSlot(phys);
        Block? block = _fastBlocks[slot];
        if (block != null && block.Key == key && block.StartIp == ip && (block.CrossPhys == uint.MaxValue || CrossStillValid(block, lin)))
            return block;
        if (!_blocks.TryGetValue(key, out block) || block.StartIp != ip || (block.CrossPhys != uint.MaxValue && !CrossStillValid(block, lin)))
            block = DecodeBlock(lin, phys, ip, code32, key);
        if (block.Cacheable)
            _fastBlocks[slot] = block;
        return block;
    }

    private bool CrossStillValid(Block block, uint lin) => (Translate((lin & 0xFFFF_F000) + 0x1000, false) & 0xFFFF_F000) == block.CrossPhys;

    private static int FastSlot(uint phys) => (int)((phys ^ (phys >> 12)) & (FastBlockSlots - 1));

    /// <summary>How many blocks were decoded (cache misses), for tests and statistics.</summary>
    internal ulong DecodedBlockCount;

    private Block DecodeBlock(uint lin, uint phys, uint ip, bool code32, ulong key)
    {
        DecodedBlockCount++;
        ref Segment cs = ref Seg[SegCs];
        GuestCodeReader r = _reader;
        r.Linear = lin;
        r.PhysPage = phys & 0xFFFF_F000;
        r.LinearPageEnd = (lin & 0xFFFF_F000) + 4096;
        r.CsBase = cs.Base;
        r.CsLimit = cs.Limit;
        r.AllowCross = false;
        Decoder dec = code32 ? _decoder32 : _decoder16;
        uint ipMask = code32 ? 0xFFFF_FFFFu : 0xFFFFu;
        dec.IP = ip;
        List<Instruction> list = _decodeScratch;
        list.Clear();
        bool cacheable = true;
        uint crossPhys = uint.MaxValue;
        while (list.Count < MaxBlockInstructions)
        {
            uint startLinear = r.Linear;
            dec.Decode(out Instruction instr);
            if (dec.LastError == DecoderError.NoMoreBytes)
            {
                if (list.Count > 0)
                    break;
                // The first instruction straddles the page (or the CS limit): decode it alone.
                r.Linear = startLinear;
                r.AllowCross = true;
                dec.IP = ip;
                dec.Decode(out instr);
                list.Add(instr);
                if (r.Linear > r.LinearPageEnd)
                    crossPhys = Translate(r.LinearPageEnd, false) & 0xFFFF_F000;
                else
                    cacheable = false; // stopped by the CS limit
                break;
            }
            list.Add(instr);
            if (instr.FlowControl != FlowControl.Next || instr.Code == Code.INVALID || EndsBlock(instr.Mnemonic))
                break;
            if (r.Linear >= r.LinearPageEnd || r.Linear < lin)
                break;
            dec.IP = (uint)instr.NextIP & ipMask;
        }
        // Code fetched from a device (the VGA window, a framebuffer) can change without a
        // write through memory (a plane switch, a bank change): decode it afresh every time.
        if (_mem.IsMmio(phys) || _mem.IsMmio(phys | 0xFFF) || (crossPhys != uint.MaxValue && _mem.IsMmio(crossPhys)))
            cacheable = false;
        Block block = new()
        {
            Instructions = list.ToArray(),
            StartIp = ip,
            IpMask = ipMask,
            Page = phys >> 12,
            Key = key,
            Cacheable = cacheable,
            CrossPhys = crossPhys,
        };
        if (cacheable && _blocks.TryGetValue(key, out Block? previous))
        {
            // Same physical start, different EIP or second page: replace; the page lists already hold the key.
            _blocks[key] = block;
            if (previous.CrossPhys == crossPhys)
                return block;
        }
        if (cacheable)
        {
            _blocks[key] = block;
            uint page = phys >> 12;
            if (!_pageBlocks.TryGetValue(page, out List<ulong>? keys))
                _pageBlocks[page] = keys = new List<ulong>();
            keys.Add(key);
            _mem.MarkCodePage(page);
            if (crossPhys != uint.MaxValue)
            {
                uint page2 = crossPhys >> 12;
                if (!_pageBlocks.TryGetValue(page2, out List<ulong>? keys2))
                    _pageBlocks[page2] = keys2 = new List<ulong>();
                keys2.Add(key);
                _mem.MarkCodePage(page2);
            }
        }
        return block;
    }

    /// <summary>Instructions after which the decode-relevant state may change.</summary>
    private static bool EndsBlock(Mnemonic m) => m is Mnemonic.Hlt or Mnemonic.Lmsw or Mnemonic.Clts
        or Mnemonic.Sti or Mnemonic.Popf or Mnemonic.Popfd or Mnemonic.Invlpg or Mnemonic.Wrmsr;
}
