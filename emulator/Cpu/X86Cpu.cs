using Iced.Intel;
using PcEmu.Memory;

namespace PcEmu.Cpu;

/// <summary>Why <see cref="X86Cpu.Run"/> returned.</summary>
public enum CpuExitReason { InstructionLimit, Halted, Shutdown, StopRequested }

/// <summary>Segment register numbers, in the x86 encoding order (same order as Iced's ES..GS).</summary>
public enum SegmentRegister { ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5 }

/// <summary>
/// An i686-class interpreter. Decodes with Iced once per basic block (cached by physical address and
/// code size, dropped when the guest writes to the page), keeps arithmetic flags lazily, and models
/// real mode, 16/32-bit protected mode, paging, the IDT/IVT, SSE/SSE2 and x87 basics.
/// Entry points: <see cref="Reset"/>, <see cref="EnterMultibootState"/>, <see cref="Run"/>,
/// <see cref="RequestStop"/> and the register properties.
/// </summary>
public sealed partial class X86Cpu
{
    private readonly PhysicalMemory _mem;
    private readonly IoPortBus _ports;

    // General registers, indexed EAX ECX EDX EBX ESP EBP ESI EDI.
    internal readonly uint[] R = new uint[8];
    internal uint Ip;
    internal readonly Segment[] Seg = new Segment[6];
    internal int Cpl;

    internal uint Cr0Value = 0x60000010, Cr2Value, Cr3Value, Cr4Value;
    internal DescriptorTable Gdtr, Idtr;
    internal SystemSegment Ldtr, Tr;

    private ulong _retired;
    private bool _halted;
    private bool _stopRequested;
    private bool _shutdown;
    private string? _shutdownReason;
    private bool _exitBlock;
    private ulong _inhibitInterruptsUntil;

    // State at the start of the current instruction (for restarting faults).
    internal uint StartIp;
    internal uint StartEsp;

    public X86Cpu(PhysicalMemory memory, IoPortBus ports)
    {
        _mem = memory ?? throw new ArgumentNullException(nameof(memory));
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _mem.CodePageWritten += OnCodePageWritten;
        InitBlockCache();
        InitTlb();
        Reset();
    }

    public IInterruptController? InterruptController { get; set; }

    /// <summary>One-line messages: unimplemented instructions (once per address), triple faults.</summary>
    public Action<string>? Diagnostics { get; set; }

    public ulong RetiredInstructions => _retired;

    public string? ShutdownReason => _shutdownReason;

    public bool IsHalted => _halted;

    public PhysicalMemory Memory => _mem;

    public uint Eax { get => R[0]; set => R[0] = value; }
    public uint Ecx { get => R[1]; set => R[1] = value; }
    public uint Edx { get => R[2]; set => R[2] = value; }
    public uint Ebx { get => R[3]; set => R[3] = value; }
    public uint Esp { get => R[4]; set => R[4] = value; }
    public uint Ebp { get => R[5]; set => R[5] = value; }
    public uint Esi { get => R[6]; set => R[6] = value; }
    public uint Edi { get => R[7]; set => R[7] = value; }
    public uint Eip { get => Ip; set { Ip = value; _exitBlock = true; } }
    public uint Eflags { get => GetEflags(); set => SetEflagsRaw(value); }
    public uint Cr0 { get => Cr0Value; set => WriteCr0(value); }
    public uint Cr2 { get => Cr2Value; set => Cr2Value = value; }
    public uint Cr3 { get => Cr3Value; set => WriteCr3(value); }
    public uint Cr4 { get => Cr4Value; set => WriteCr4(value); }
    public ushort Cs => Seg[1].Selector;
    public ushort Ss => Seg[2].Selector;
    public ushort Ds => Seg[3].Selector;
    public ushort Es => Seg[0].Selector;
    public ushort Fs => Seg[4].Selector;
    public ushort Gs => Seg[5].Selector;
    public int CurrentPrivilegeLevel => Cpl;
    public bool ProtectedMode => (Cr0Value & Cr0Pe) != 0;
    public bool V86Mode => (FlagsRaw & FlagVm) != 0;

    /// <summary>Base address of a segment register's hidden part.</summary>
    public uint SegmentBase(SegmentRegister s) => Seg[(int)s].Base;

    public ushort GetSegmentSelector(SegmentRegister s) => Seg[(int)s].Selector;

    /// <summary>Loads a segment register real-mode style (base = selector * 16, 64 KiB limit), for tests and firmware.</summary>
    public void SetSegmentReal(SegmentRegister s, ushort selector)
    {
        LoadRealSegment((int)s, selector);
        _exitBlock = true;
    }

    /// <summary>Sets the descriptor tables directly (debugger, loaders).</summary>
    public void SetGdtr(uint baseAddress, ushort limit) => Gdtr = new DescriptorTable(baseAddress, limit);

    public void SetIdtr(uint baseAddress, ushort limit) => Idtr = new DescriptorTable(baseAddress, limit);

    /// <summary>Power-on state: real mode, CS=F000 with base FFFF0000, EIP=FFF0.</summary>
    public void Reset()
    {
        Array.Clear(R);
        R[2] = CpuidSignature; // EDX after reset holds the processor signature
        SetEflagsRaw(0x2);
        Cr0Value = 0x6000_0010;
        Cr2Value = Cr3Value = Cr4Value = 0;
        for (int s = 0; s < 6; s++)
            LoadRealSegment(s, 0);
        Seg[1].Selector = 0xF000;
        Seg[1].Base = 0xFFFF_0000;
        Ip = 0xFFF0;
        Cpl = 0;
        Gdtr = new DescriptorTable(0, 0xFFFF);
        Idtr = new DescriptorTable(0, 0x3FF);
        Ldtr = default;
        Tr = default;
        _halted = false;
        _shutdown = false;
        _shutdownReason = null;
        _exitBlock = true;
        _inhibitInterruptsUntil = 0;
        ResetFpu();
        ResetSse();
        FlushTlb(true);
        UpdateModeCaches();
    }

    /// <summary>The state a Multiboot v1 loader leaves: flat 32-bit protected mode, paging off, IF=0.</summary>
    public void EnterMultibootState(uint entry, uint multibootInfoAddress)
    {
        Reset();
        Cr0Value = Cr0Pe | Cr0Et;
        Segment code = Segment.Flat(0x08, DescCode | DescReadable, true);
        Segment data = Segment.Flat(0x10, DescWritable, true);
        Seg[1] = code;
        Seg[0] = Seg[2] = Seg[3] = Seg[4] = Seg[5] = data;
        Cpl = 0;
        SetEflagsRaw(0x2);
        R[0] = 0x2BAD_B002;
        R[3] = multibootInfoAddress;
        Ip = entry;
        Gdtr = new DescriptorTable(0, 0);
        Idtr = new DescriptorTable(0, 0);
        UpdateModeCaches();
    }

    /// <summary>Runs until the budget is used, HLT with nothing able to wake it, shutdown, or <see cref="RequestStop"/>.</summary>
    public CpuExitReason Run(ulong maxInstructions)
    {
        _stopRequested = false;
        ulong end = _retired + maxInstructions;
        if (end < _retired)
            end = ulong.MaxValue;
        while (true)
        {
            if (_shutdown)
                return CpuExitReason.Shutdown;
            if (_stopRequested)
                return CpuExitReason.StopRequested;
            if (_retired >= end)
                return CpuExitReason.InstructionLimit;
            if ((FlagsRaw & FlagIf) != 0 && _retired >= _inhibitInterruptsUntil && InterruptController is { InterruptPending: true } pic)
            {
                byte vector = pic.Acknowledge();
                _halted = false;
                DeliverExternal(vector);
                continue;
            }
            if (_halted)
                return CpuExitReason.Halted;
            ExecuteBlock(end);
        }
    }

    /// <summary>Called by a device during an I/O access: Run returns StopRequested after the current instruction.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        _exitBlock = true;
    }

    internal void Shutdown(string reason)
    {
        _shutdown = true;
        _shutdownReason = reason;
        _exitBlock = true;
        Diagnostics?.Invoke("pcemu: " + reason);
    }

    private void ExecuteBlock(ulong end)
    {
        StartIp = Ip;
        StartEsp = R[4];
        try
        {
            Block block = FetchBlock();
            Instruction[] code = block.Instructions;
            uint ipMask = block.IpMask;
            _exitBlock = false;
            _currentBlock = block;
            if ((FlagsRaw & FlagTf) != 0)
            {
                SingleStep(ref code[0], ipMask);
                return;
            }
            for (int k = 0; k < code.Length; k++)
            {
                ref Instruction instr = ref code[k];
                StartIp = Ip;
                StartEsp = R[4];
                Ip = (uint)instr.NextIP & ipMask;
                Execute(ref instr);
                _retired++;
                if (_exitBlock || _retired >= end)
                    break;
            }
            _currentBlock = null;
        }
        catch (CpuFault)
        {
            _currentBlock = null;
            Ip = StartIp;
            R[4] = StartEsp;
            _retired++;
            DeliverException(_faultVector, _faultHasError, _faultError);
        }
    }

    /// <summary>TF=1: run one instruction, then the single-step #DB trap (DR6.BS) unless it delivered an interrupt.</summary>
    private void SingleStep(ref Instruction instr, uint ipMask)
    {
        StartIp = Ip;
        StartEsp = R[4];
        ulong deliveries = _deliveries;
        Ip = (uint)instr.NextIP & ipMask;
        Execute(ref instr);
        _retired++;
        _currentBlock = null;
        if (_deliveries == deliveries && !_shutdown)
        {
            Dr[6] |= 0x4000;
            StartIp = Ip;
            StartEsp = R[4];
            DeliverException(VecDb, false, 0);
        }
    }

    private void UpdateModeCaches()
    {
        _exitBlock = true;
        UpdatePagingMode();
    }
}
