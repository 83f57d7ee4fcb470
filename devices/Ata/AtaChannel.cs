using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// One ATA channel (cable): up to two devices (master = slot 0, slave = slot 1), the shared
/// Device Control register and one IRQ wire. Attaching it to ports is the job of
/// <see cref="AtaChannelIsa"/>; bus-master DMA is the job of <see cref="BusMasterIde"/>.
/// <para>
/// Register semantics (ATA/ATAPI-6, clause 5 and 7): writes to the command block reach both
/// devices; reads come from the device selected by Device.DEV. When the selected device is
/// absent but the other one exists, Status and Alternate Status read 00h and the other
/// registers read the absent slot's latched values (device 0 answers for a missing device 1;
/// this is QEMU's behaviour too). A channel with no device at all reads 00h everywhere.
/// Writing the Command register while BSY is ignored; writing it to an absent device is
/// ignored. A write to any command block register clears HOB.
/// </para>
/// <para>
/// IRQ: the selected device's pending interrupt drives the wire unless nIEN is set; reading
/// Status acknowledges it, reading Alternate Status does not. SRST: while set both devices
/// are BSY; on release they reset and show their signatures (ATA: 01h 01h 00h 00h, status
/// 50h, error 01h; ATAPI: 01h 01h 14h EBh, status 00h) with device 0 selected.
/// </para>
/// </summary>
public sealed class AtaChannel
{
    private readonly IInterruptLine _irq;
    private readonly AtaDevice?[] _devices = new AtaDevice?[2];
    private readonly AtaTaskFile[] _taskFiles = new AtaTaskFile[2];
    private AtaDeviceControl _control;
    private int _selected;
    private bool _irqLevel;

    public AtaChannel(IInterruptLine irq, AtaDevice? master = null, AtaDevice? slave = null)
    {
        ArgumentNullException.ThrowIfNull(irq);
        _irq = irq;
        Attach(0, master);
        Attach(1, slave);
        Reset(ResetKind.PowerOn);
    }

    /// <summary>
    /// Raised whenever the channel asserts its IRQ wire: a device's new request while it is
    /// selected and nIEN is clear, or the wire rising because nIEN or the selection changed. The
    /// bus master latches its Interrupt bit from this (PIIX3 datasheet, Bus Master IDE Status bit 2, IDE Interrupt Status: set when
    /// the device asserts its interrupt line), so with nIEN set a finished DMA command leaves the
    /// bit clear, as on a PIIX and in QEMU.
    /// </summary>
    internal event Action? InterruptRaised;

    public AtaDevice? Master => _devices[0];

    public AtaDevice? Slave => _devices[1];

    /// <summary>0 for the master, 1 for the slave: Device.DEV as last written.</summary>
    public int SelectedSlot => _selected;

    /// <summary>The level this channel drives on its IRQ wire.</summary>
    public bool InterruptAsserted => _irqLevel;

    public AtaDeviceControl DeviceControl => _control;

    internal BusMasterChannel? BusMaster { get; set; }

    internal bool HasBusMaster => BusMaster is not null;

    public AtaDevice? DeviceAt(int slot) => _devices[slot];

    public void Reset(ResetKind kind)
    {
        _control = AtaDeviceControl.None;
        _selected = 0;
        for (int slot = 0; slot < 2; slot++)
        {
            if (_devices[slot] is { } device)
                device.Reset();
            else
                _taskFiles[slot].Clear();
        }
        UpdateIrq();
    }

    /// <summary>A read of a command block register other than Data.</summary>
    public byte ReadRegister(AtaRegister register)
    {
        if (_devices[0] is null && _devices[1] is null)
            return 0;
        AtaDevice? device = _devices[_selected];
        if (register == AtaRegister.StatusCommand)
        {
            if (device is null)
                return 0;
            byte status = (byte)device.TaskFile.Status;
            device.AcknowledgeInterrupt();
            UpdateIrq();
            return status;
        }
        if (register == AtaRegister.Data)
            return (byte)ReadData(1);
        bool hob = (_control & AtaDeviceControl.HighOrderByte) != 0;
        return _taskFiles[_selected].Read(register, hob);
    }

    /// <summary>A write of a command block register other than Data.</summary>
    public void WriteRegister(AtaRegister register, byte value)
    {
        _control &= ~AtaDeviceControl.HighOrderByte;
        switch (register)
        {
            case AtaRegister.Data:
                WriteData(1, value);
                return;
            case AtaRegister.StatusCommand:
                WriteCommand(value);
                return;
            case AtaRegister.Device:
                _taskFiles[0].Write(register, value);
                _taskFiles[1].Write(register, value);
                _selected = (value & (byte)AtaDeviceHead.Device1) != 0 ? 1 : 0;
                UpdateIrq();
                return;
            default:
                if (IsBusy)
                    return;
                _taskFiles[0].Write(register, value);
                _taskFiles[1].Write(register, value);
                return;
        }
    }

    /// <summary>A data port read of 1, 2 or 4 bytes from the selected device's DRQ block.</summary>
    public uint ReadData(int size) => _devices[_selected]?.ReadData(size) ?? 0;

    public void WriteData(int size, uint value) => _devices[_selected]?.WriteData(size, value);

    /// <summary>Alternate Status: Status without acknowledging the interrupt.</summary>
    public byte ReadAlternateStatus()
    {
        if (_devices[_selected] is not { } device)
            return 0;
        return (byte)device.TaskFile.Status;
    }

    /// <summary>Device Control: nIEN, SRST (acted on at its release), HOB.</summary>
    public void WriteDeviceControl(byte value)
    {
        AtaDeviceControl next = (AtaDeviceControl)value & (AtaDeviceControl.InterruptDisable | AtaDeviceControl.SoftReset | AtaDeviceControl.HighOrderByte);
        bool wasReset = (_control & AtaDeviceControl.SoftReset) != 0;
        bool isReset = (next & AtaDeviceControl.SoftReset) != 0;
        _control = next;
        if (isReset && !wasReset)
        {
            foreach (AtaDevice? device in _devices)
            {
                if (device is null)
                    continue;
                device.SoftReset();
                device.TaskFile.Status = AtaStatus.Busy;
            }
            BusMaster?.DeviceReset();
        }
        else if (!isReset && wasReset)
        {
            foreach (AtaDevice? device in _devices)
                device?.SoftReset();
            _selected = 0;
        }
        UpdateIrq();
    }

    internal void DeviceInterrupt(AtaDevice device)
    {
        bool wasAsserted = _irqLevel;
        UpdateIrq();
        if (wasAsserted && _irqLevel)
            InterruptRaised?.Invoke(); // a new request on a wire that was already high
    }

    internal void DmaRequested(AtaDevice device) => BusMaster?.DeviceRequest(device);

    /// <summary>The device whose DMA request the bus master should serve: the selected one, if it has a transfer pending.</summary>
    internal AtaDevice? DmaDevice => _devices[_selected] is { PendingDma: not null } device ? device : null;

    private bool IsBusy => _devices[_selected] is { } d && (d.TaskFile.Status & AtaStatus.Busy) != 0;

    private void WriteCommand(byte command)
    {
        if (_devices[_selected] is not { } device || IsBusy)
            return;
        device.AcknowledgeInterrupt();
        UpdateIrq();
        device.ExecuteCommand(command);
    }

    private void Attach(int slot, AtaDevice? device)
    {
        if (device is not null)
        {
            if (device.Channel is not null)
                throw new InvalidOperationException("the ATA device is already attached to a channel");
            device.Channel = this;
        }
        _devices[slot] = device;
        _taskFiles[slot] = device?.TaskFile ?? new AtaTaskFile();
    }

    /// <summary>The only code that drives the IRQ wire.</summary>
    private void UpdateIrq()
    {
        bool level = (_control & AtaDeviceControl.InterruptDisable) == 0
            && _devices[_selected] is { InterruptPending: true };
        if (level == _irqLevel)
            return;
        _irqLevel = level;
        _irq.Set(level);
        if (level)
            InterruptRaised?.Invoke();
    }
}
