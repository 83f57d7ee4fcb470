using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Pic;

/// <summary>
/// The AT's two 8259As as the PIIX3 integrates them: the master (ports 0x20/0x21, IRQ 0-7)
/// and the slave (0xA0/0xA1, IRQ 8-15) whose INT drives the master's IR2, plus the two edge/
/// level control registers (ELCR1 at 0x4D0 for IRQ 0-7, ELCR2 at 0x4D1 for IRQ 8-15; a set
/// bit makes the line level-triggered). Ports are attached by <see cref="DualPicIsa"/>.
/// <para>
/// Devices drive <see cref="Irq"/>(n); the CPU sees <see cref="InterruptPending"/> (the
/// master's INT) and runs <see cref="Acknowledge"/> for the vector. A request the master
/// resolves to its cascade line is handed to the slave, which answers with its own vector,
/// or with vector base + 7 (the spurious IRQ 15) when its request has gone; the master's
/// ISR bit 2 is set in that case, as on hardware. A master with no request left answers
/// vector base + 7 (the spurious IRQ 7) and changes nothing.
/// </para>
/// <para>
/// Readings chosen: IRQ 2 on the ISA bus is the cascade; a device that asks for
/// <c>Irq(2)</c> gets IRQ 9, where the AT rewired the XT's IRQ 2 pin. ELCR bits for IRQ 0,
/// 1, 2, 8 and 13 are reserved by the PIIX3 (they must stay edge-triggered) and read 0. If a
/// guest programs the master's ICW3 for a line other than 2, or gives the slave an id other
/// than 2, no slave answers that INTA and the CPU reads a floating bus (0xFF).
/// </para>
/// </summary>
public sealed class DualPic : IInterruptController
{
    public const int IrqCount = 16;
    public const int CascadeLine = 2;
    public const byte MasterBiosVectorBase = 0x08;
    public const byte SlaveBiosVectorBase = 0x70;

    /// <summary>PIIX3 ELCR1: IRQ 0, 1 and 2 are always edge-triggered.</summary>
    public const byte Elcr1Writable = 0xF8;

    /// <summary>PIIX3 ELCR2: IRQ 8 and 13 are always edge-triggered.</summary>
    public const byte Elcr2Writable = 0xDE;

    private const byte FloatingBus = 0xFF;

    private readonly IInterruptLine[] _lines = new IInterruptLine[IrqCount];
    private readonly MasterOutput _masterOutput;
    private byte _elcr1;
    private byte _elcr2;

    /// <param name="cpuIntr">Optional: told each time the master's INT changes (to wake a halted CPU).</param>
    public DualPic(IInterruptLine? cpuIntr = null)
    {
        _masterOutput = new MasterOutput(cpuIntr);
        Master = new Pic8259(isMaster: true, _masterOutput, MasterBiosVectorBase, powerOnIcw3: 1 << CascadeLine);
        Slave = new Pic8259(isMaster: false, new InputLine(Master, CascadeLine), SlaveBiosVectorBase, powerOnIcw3: CascadeLine);
        for (int irq = 0; irq < IrqCount; irq++)
            _lines[irq] = irq < Pic8259.LineCount ? new InputLine(Master, irq) : new InputLine(Slave, irq - Pic8259.LineCount);
        _lines[CascadeLine] = _lines[9];
    }

    public Pic8259 Master { get; }

    public Pic8259 Slave { get; }

    /// <summary>The master's INT: the CPU's INTR pin.</summary>
    public bool InterruptPending => Master.InterruptOutput;

    public byte Elcr1 => _elcr1;

    public byte Elcr2 => _elcr2;

    /// <summary>The request line of ISA IRQ <paramref name="irq"/> (0-15; 2 is the same wire as 9).</summary>
    public IInterruptLine Irq(int irq)
    {
        if ((uint)irq >= IrqCount)
            throw new ArgumentOutOfRangeException(nameof(irq), irq, "the PC has IRQ 0-15");
        return _lines[irq];
    }

    /// <summary>The INTA cycle: master first, then the slave if the master chose its cascade line.</summary>
    public byte Acknowledge()
    {
        if (!Master.TryAcknowledge(out int masterLine))
            return (byte)(Master.VectorBase + masterLine); // spurious IRQ 7
        if (!Master.IsCascadeLine(masterLine))
            return (byte)(Master.VectorBase + masterLine);
        if (Slave.SlaveId != masterLine)
            return FloatingBus;
        Slave.TryAcknowledge(out int slaveLine); // spurious IRQ 15 when false: slaveLine is 7
        return (byte)(Slave.VectorBase + slaveLine);
    }

    /// <summary>ELCR1 (IRQ 0-7) for <paramref name="index"/> 0, ELCR2 (IRQ 8-15) for 1.</summary>
    public byte ReadElcr(int index) => index == 0 ? _elcr1 : _elcr2;

    public void WriteElcr(int index, byte value)
    {
        if (index == 0)
        {
            _elcr1 = (byte)(value & Elcr1Writable);
            Master.LevelTriggeredLines = _elcr1;
        }
        else
        {
            _elcr2 = (byte)(value & Elcr2Writable);
            Slave.LevelTriggeredLines = _elcr2;
        }
    }

    public void Reset(ResetKind kind)
    {
        _elcr1 = 0;
        _elcr2 = 0;
        Slave.Reset(kind);
        Master.Reset(kind);
    }

    public DualPicState SaveState() => new(DualPicState.CurrentVersion, Master.SaveState(), Slave.SaveState(), _elcr1, _elcr2);

    public void LoadState(DualPicState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > DualPicState.CurrentVersion)
            throw new InvalidDataException($"PIC pair state version {state.Version} is not supported");
        _elcr1 = (byte)(state.Elcr1 & Elcr1Writable);
        _elcr2 = (byte)(state.Elcr2 & Elcr2Writable);
        Slave.LoadState(state.Slave with { LevelTriggered = _elcr2 });
        Master.LoadState(state.Master with { LevelTriggered = _elcr1 });
    }

    /// <summary>A wire into one request input of one chip.</summary>
    private sealed class InputLine(Pic8259 chip, int line) : IInterruptLine
    {
        public void Set(bool level) => chip.SetInput(line, level);
    }

    /// <summary>The master's INT pin, forwarded to the CPU's optional INTR listener.</summary>
    private sealed class MasterOutput(IInterruptLine? cpuIntr) : IInterruptLine
    {
        public void Set(bool level) => cpuIntr?.Set(level);
    }
}
