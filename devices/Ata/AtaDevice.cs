namespace PcEmu.Devices.Ata;

/// <summary>
/// What a hard disk and an ATAPI drive share: the task file, the interrupt request, the PIO
/// data buffer with its DRQ blocks, and the device side of a bus-master DMA transfer. A
/// device is attached to one slot of an <see cref="AtaChannel"/>, which routes register
/// accesses to it and computes the channel's IRQ line.
/// <para>
/// Timing: every command completes at once, inside the host's write to the Command register
/// (and each DRQ block is ready as soon as the previous one is consumed). BSY is therefore
/// never observed except while SRST is held. This is deterministic and what drivers written
/// for fast drives expect; a later version may move completion onto an IVirtualTimer.
/// </para>
/// </summary>
public abstract class AtaDevice
{
    /// <summary>Largest PIO block: an ATAPI byte count limit (0xFFFE) rounded up.</summary>
    private const int MaxPioBlock = 64 * 1024;

    private readonly byte[] _buffer = new byte[MaxPioBlock];
    private int _position;
    private int _length;
    private bool _toHost;
    private Action? _blockDone;

    public AtaTaskFile TaskFile { get; } = new();

    /// <summary>The device's INTRQ request (the channel drives the wire while this device is selected and nIEN is clear).</summary>
    public bool InterruptPending { get; private set; }

    /// <summary>The channel and slot this device is attached to.</summary>
    internal AtaChannel? Channel { get; set; }

    /// <summary>True for a PACKET device: its signature is 14h/EBh and it answers IDENTIFY DEVICE with ABRT.</summary>
    public abstract bool IsPacketDevice { get; }

    /// <summary>The direction of the DMA transfer the device waits for, or null when none is pending.</summary>
    internal DmaDirection? PendingDma { get; private set; }

    /// <summary>Bytes left in the pending DMA transfer.</summary>
    internal long DmaBytesRemaining { get; private protected set; }

    /// <summary>Executes a command written to the Command register (the device is present and not busy).</summary>
    public abstract void ExecuteCommand(byte command);

    /// <summary>Power-on or hardware reset (RESET- asserted): every setting returns to its default.</summary>
    public virtual void Reset()
    {
        CancelTransfer();
        InterruptPending = false;
        TaskFile.Clear();
        ApplySignature();
    }

    /// <summary>Software reset (SRST released, or DEVICE RESET): signature, diagnostic code 01h, settings kept.</summary>
    public virtual void SoftReset()
    {
        CancelTransfer();
        InterruptPending = false;
        ApplySignature();
    }

    /// <summary>Host read of the data port (1, 2 or 4 bytes). Outside a DRQ block it reads zeros.</summary>
    internal uint ReadData(int size)
    {
        if (!_toHost || _position >= _length)
            return 0;
        uint value = 0;
        for (int i = 0; i < size && _position < _length; i++)
            value |= (uint)_buffer[_position++] << (8 * i);
        if (_position >= _length)
            EndBlock();
        return value;
    }

    /// <summary>Host write of the data port (1, 2 or 4 bytes). Outside a DRQ block it is ignored.</summary>
    internal void WriteData(int size, uint value)
    {
        if (_toHost || _position >= _length)
            return;
        for (int i = 0; i < size && _position < _length; i++)
            _buffer[_position++] = (byte)(value >> (8 * i));
        if (_position >= _length)
            EndBlock();
    }

    /// <summary>Reading Status acknowledges the interrupt (ATA/ATAPI-6, 5.2.9 INTRQ).</summary>
    internal void AcknowledgeInterrupt() => InterruptPending = false;

    /// <summary>Fills the caller's span with device-to-memory DMA data; false when the device failed (error already posted).</summary>
    internal virtual bool DmaRead(Span<byte> destination) => false;

    /// <summary>Takes memory-to-device DMA data; false when the device failed (error already posted).</summary>
    internal virtual bool DmaWrite(ReadOnlySpan<byte> source) => false;

    /// <summary>The bus master moved every byte: the device completes the command.</summary>
    internal virtual void DmaFinished()
    {
        PendingDma = null;
        DmaBytesRemaining = 0;
        Complete();
    }

    /// <summary>The bus master could not reach guest memory: the command ends with ABRT.</summary>
    internal void DmaFailed()
    {
        PendingDma = null;
        DmaBytesRemaining = 0;
        Fail(AtaError.Aborted);
    }

    protected abstract void ApplySignature();

    /// <summary>The PIO buffer, to fill before <see cref="BeginBlockToHost"/>.</summary>
    protected Span<byte> PioBuffer(int length) => _buffer.AsSpan(0, length);

    /// <summary>
    /// Offers the first <paramref name="length"/> bytes of <see cref="PioBuffer"/> to the host: DRQ on, an
    /// interrupt, <paramref name="blockDone"/> once the host has read them all (DRQ is off by then).
    /// </summary>
    protected void BeginBlockToHost(int length, Action? blockDone, bool interrupt = true)
    {
        StartBlock(length, toHost: true, blockDone);
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.DataRequest;
        if (interrupt)
            RaiseInterrupt();
    }

    /// <summary>Asks the host for a PIO block: DRQ on, <paramref name="blockDone"/> with the data once the host has written it all.</summary>
    protected void BeginBlockFromHost(int length, Action blockDone, bool interrupt)
    {
        StartBlock(length, toHost: false, blockDone);
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.DataRequest;
        if (interrupt)
            RaiseInterrupt();
    }

    /// <summary>The bytes of the current (or just finished) PIO block.</summary>
    protected Span<byte> BlockData => _buffer.AsSpan(0, _length);

    /// <summary>Waits for the bus master to move <paramref name="byteCount"/> bytes, and starts it if it is already running.</summary>
    private protected void BeginDma(DmaDirection direction, long byteCount)
    {
        CancelTransfer();
        PendingDma = direction;
        DmaBytesRemaining = byteCount;
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.DataRequest;
        if (Channel is null || !Channel.HasBusMaster)
        {
            Fail(AtaError.Aborted);
            return;
        }
        Channel.DmaRequested(this);
    }

    /// <summary>Successful completion: DRDY, no DRQ, an interrupt.</summary>
    protected void Complete(bool interrupt = true)
    {
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete;
        TaskFile.Error = AtaError.None;
        if (interrupt)
            RaiseInterrupt();
    }

    /// <summary>Error completion: DRDY|ERR with <paramref name="error"/>, any transfer dropped, an interrupt.</summary>
    protected void Fail(AtaError error)
    {
        CancelTransfer();
        PendingDma = null;
        DmaBytesRemaining = 0;
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete | AtaStatus.Error;
        TaskFile.Error = error;
        RaiseInterrupt();
    }

    protected void RaiseInterrupt()
    {
        InterruptPending = true;
        Channel?.DeviceInterrupt(this);
    }

    /// <summary>Drops any PIO block and pending DMA (a new command, a reset).</summary>
    protected void CancelTransfer()
    {
        _position = _length = 0;
        _blockDone = null;
        PendingDma = null;
        DmaBytesRemaining = 0;
    }

    private void StartBlock(int length, bool toHost, Action? blockDone)
    {
        if (length <= 0 || length > MaxPioBlock)
            throw new ArgumentOutOfRangeException(nameof(length));
        _position = 0;
        _length = length;
        _toHost = toHost;
        _blockDone = blockDone;
    }

    private void EndBlock()
    {
        Action? done = _blockDone;
        _blockDone = null;
        TaskFile.Status &= ~AtaStatus.DataRequest;
        done?.Invoke();
    }
}

/// <summary>Direction of a DMA transfer, seen from guest memory.</summary>
internal enum DmaDirection
{
    /// <summary>Device to memory (READ DMA).</summary>
    ToMemory,

    /// <summary>Memory to device (WRITE DMA).</summary>
    FromMemory,
}
