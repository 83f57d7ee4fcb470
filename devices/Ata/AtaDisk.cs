using PcEmu.Devices.Backends.Disk;

namespace PcEmu.Devices.Ata;

/// <summary>
/// An ATA hard disk on an <see cref="IBlockBackend"/> (ATA/ATAPI-6 general feature set,
/// 48-bit address feature set).
/// <para>
/// Commands: IDENTIFY DEVICE; READ/WRITE SECTOR(S) (EXT); READ/WRITE MULTIPLE (EXT) with
/// SET MULTIPLE MODE (1-16 sectors, power of two; 0 disables); READ/WRITE DMA (EXT) through
/// the bus master; READ VERIFY SECTOR(S) (EXT); FLUSH CACHE (EXT), which calls the back
/// end's Flush; SET FEATURES (write cache on/off, transfer mode, look-ahead, revert to
/// defaults); INITIALIZE DEVICE PARAMETERS; EXECUTE DEVICE DIAGNOSTIC; READ NATIVE MAX
/// ADDRESS (EXT); CHECK POWER MODE and the idle/standby/sleep commands (accepted, no
/// effect); RECALIBRATE and SEEK (accepted). Everything else, NOP included, ends with ABRT.
/// </para>
/// <para>
/// Addressing: LBA28 when Device.LBA is set, otherwise CHS in the current geometry (sector
/// numbers from 1); the EXT commands take 48-bit LBAs from the register FIFOs. An address
/// outside the disk, or a CHS address outside the geometry, ends with IDNF. A write to a
/// read-only back end ends with ABRT before any data moves; a host I/O failure ends with UNC.
/// </para>
/// <para>
/// Known gaps: after a command the LBA registers keep what the host wrote (ATA-6 leaves them
/// undefined after success; the failing address is not reported after an error). The
/// write cache is write-through: "enabled" only tells the guest to send FLUSH CACHE.
/// </para>
/// </summary>
public sealed class AtaDisk : AtaDevice
{
    private const int SectorSize = IBlockBackend.SectorSize;
    private const int DmaStageSectors = 128;

    private readonly byte[] _dmaStage = new byte[DmaStageSectors * SectorSize];
    private int _stagePosition;
    private int _stageLength;

    private long _lba;
    private long _remaining;
    private int _blockSectors;
    private int _currentBlock;

    public AtaDisk(IBlockBackend backend, AtaDriveIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        Identity = identity ?? AtaDriveIdentity.DefaultDisk(0);
        DefaultGeometry = AtaGeometry.ForSectorCount(backend.SectorCount);
        Reset();
    }

    public IBlockBackend Backend { get; }

    public AtaDriveIdentity Identity { get; }

    public long SectorCount => Backend.SectorCount;

    /// <summary>The geometry in IDENTIFY words 1, 3 and 6.</summary>
    public AtaGeometry DefaultGeometry { get; }

    /// <summary>The geometry CHS addresses use: the default one until INITIALIZE DEVICE PARAMETERS.</summary>
    public AtaGeometry CurrentGeometry { get; private set; }

    /// <summary>Sectors per DRQ block of READ/WRITE MULTIPLE; 0 while multiple mode is off (the power-on state).</summary>
    public int MultipleSectors { get; private set; }

    public bool WriteCacheEnabled { get; private set; }

    public override bool IsPacketDevice => false;

    internal AtaTransferModes TransferModes { get; } = new();

    public override void Reset()
    {
        CurrentGeometry = DefaultGeometry;
        MultipleSectors = 0;
        WriteCacheEnabled = true;
        TransferModes.Reset();
        base.Reset();
    }

    protected override void ApplySignature()
    {
        TaskFile.SetSignature(0x00, 0x00);
        TaskFile.Error = AtaError.AddressMarkNotFound; // diagnostic code 01h: no error
        TaskFile.Status = AtaStatus.Ready | AtaStatus.SeekComplete;
    }

    public override void ExecuteCommand(byte command)
    {
        CancelTransfer();
        if (command is >= 0x10 and <= 0x1F || command is >= 0x70 and <= 0x7F)
        {
            Complete(); // RECALIBRATE, SEEK: nothing to move
            return;
        }
        switch ((AtaCommand)command)
        {
            case AtaCommand.IdentifyDevice:
                AtaIdentify.ForDisk(this).CopyTo(PioBuffer(SectorSize));
                BeginBlockToHost(SectorSize, null);
                break;
            case AtaCommand.ReadSectors or AtaCommand.ReadSectorsNoRetry:
                StartPioRead(ext: false, multiple: false);
                break;
            case AtaCommand.ReadSectorsExt:
                StartPioRead(ext: true, multiple: false);
                break;
            case AtaCommand.ReadMultiple:
                StartPioRead(ext: false, multiple: true);
                break;
            case AtaCommand.ReadMultipleExt:
                StartPioRead(ext: true, multiple: true);
                break;
            case AtaCommand.WriteSectors or AtaCommand.WriteSectorsNoRetry:
                StartPioWrite(ext: false, multiple: false);
                break;
            case AtaCommand.WriteSectorsExt:
                StartPioWrite(ext: true, multiple: false);
                break;
            case AtaCommand.WriteMultiple:
                StartPioWrite(ext: false, multiple: true);
                break;
            case AtaCommand.WriteMultipleExt:
                StartPioWrite(ext: true, multiple: true);
                break;
            case AtaCommand.ReadDma or AtaCommand.ReadDmaNoRetry:
                StartDma(ext: false, write: false);
                break;
            case AtaCommand.ReadDmaExt:
                StartDma(ext: true, write: false);
                break;
            case AtaCommand.WriteDma or AtaCommand.WriteDmaNoRetry:
                StartDma(ext: false, write: true);
                break;
            case AtaCommand.WriteDmaExt:
                StartDma(ext: true, write: true);
                break;
            case AtaCommand.ReadVerifySectors or AtaCommand.ReadVerifySectorsNoRetry:
                if (TryGetRange(ext: false, out _, out _))
                    Complete();
                break;
            case AtaCommand.ReadVerifySectorsExt:
                if (TryGetRange(ext: true, out _, out _))
                    Complete();
                break;
            case AtaCommand.FlushCache or AtaCommand.FlushCacheExt:
                FlushBackend();
                break;
            case AtaCommand.SetFeatures:
                SetFeatures();
                break;
            case AtaCommand.SetMultipleMode:
                SetMultipleMode();
                break;
            case AtaCommand.InitializeDeviceParameters:
                InitializeDeviceParameters();
                break;
            case AtaCommand.ExecuteDeviceDiagnostic:
                ApplySignature();
                RaiseInterrupt();
                break;
            case AtaCommand.ReadNativeMaxAddress:
                ReportMaxAddress(ext: false);
                break;
            case AtaCommand.ReadNativeMaxAddressExt:
                ReportMaxAddress(ext: true);
                break;
            case AtaCommand.CheckPowerMode:
                Complete();
                TaskFile.SectorCount = 0xFF; // active or idle
                break;
            case AtaCommand.StandbyImmediate or AtaCommand.IdleImmediate or AtaCommand.Standby or AtaCommand.Idle or AtaCommand.Sleep:
                Complete();
                break;
            default:
                Fail(AtaError.Aborted); // NOP, DEVICE RESET, PACKET, IDENTIFY PACKET DEVICE and unknown opcodes
                break;
        }
    }

    /// <summary>
    /// The sectors a read/write/verify command names, checked against the disk. On failure the
    /// command has already ended with IDNF.
    /// </summary>
    private bool TryGetRange(bool ext, out long lba, out long count)
    {
        AtaTaskFile tf = TaskFile;
        if (ext)
        {
            lba = tf.Lba48;
            count = tf.Count48;
        }
        else if (tf.LbaMode)
        {
            lba = tf.Lba28;
            count = tf.Count28;
        }
        else
        {
            lba = CurrentGeometry.ToLba(tf.LbaHigh << 8 | tf.LbaMid, tf.Device & 0x0F, tf.LbaLow);
            count = tf.Count28;
        }
        if (lba < 0 || lba + count > SectorCount)
        {
            Fail(AtaError.IdNotFound);
            return false;
        }
        return true;
    }

    private bool TryBeginTransfer(bool ext, bool multiple, bool write)
    {
        if (multiple && MultipleSectors == 0)
        {
            Fail(AtaError.Aborted); // READ/WRITE MULTIPLE before SET MULTIPLE MODE
            return false;
        }
        if (!TryGetRange(ext, out long lba, out long count))
            return false;
        if (write && Backend.IsReadOnly)
        {
            Fail(AtaError.Aborted);
            return false;
        }
        _lba = lba;
        _remaining = count;
        _blockSectors = multiple ? MultipleSectors : 1;
        return true;
    }

    private void StartPioRead(bool ext, bool multiple)
    {
        if (TryBeginTransfer(ext, multiple, write: false))
            ReadNextBlock();
    }

    private void ReadNextBlock()
    {
        int sectors = (int)Math.Min(_remaining, _blockSectors);
        if (!TryBackend(() => Backend.Read(_lba, PioBuffer(sectors * SectorSize))))
            return;
        _lba += sectors;
        _remaining -= sectors;
        BeginBlockToHost(sectors * SectorSize, _remaining > 0 ? ReadNextBlock : null);
    }

    private void StartPioWrite(bool ext, bool multiple)
    {
        if (TryBeginTransfer(ext, multiple, write: true))
            RequestWriteBlock(interrupt: false); // the first block is asked for without an interrupt
    }

    private void RequestWriteBlock(bool interrupt)
    {
        _currentBlock = (int)Math.Min(_remaining, _blockSectors);
        BeginBlockFromHost(_currentBlock * SectorSize, WriteBlockDone, interrupt);
    }

    private void WriteBlockDone()
    {
        if (!TryBackend(() => Backend.Write(_lba, BlockData)))
            return;
        _lba += _currentBlock;
        _remaining -= _currentBlock;
        if (_remaining > 0)
            RequestWriteBlock(interrupt: true);
        else
            Complete();
    }

    private void StartDma(bool ext, bool write)
    {
        if (!TryBeginTransfer(ext, multiple: false, write))
            return;
        _stagePosition = _stageLength = 0;
        BeginDma(write ? DmaDirection.FromMemory : DmaDirection.ToMemory, _remaining * SectorSize);
    }

    internal override bool DmaRead(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_stagePosition == _stageLength)
            {
                int sectors = (int)Math.Min(_remaining, DmaStageSectors);
                if (sectors == 0 || !TryBackend(() => Backend.Read(_lba, _dmaStage.AsSpan(0, sectors * SectorSize))))
                    return false;
                _lba += sectors;
                _remaining -= sectors;
                _stagePosition = 0;
                _stageLength = sectors * SectorSize;
            }
            int n = Math.Min(destination.Length, _stageLength - _stagePosition);
            _dmaStage.AsSpan(_stagePosition, n).CopyTo(destination);
            _stagePosition += n;
            destination = destination[n..];
            DmaBytesRemaining -= n;
        }
        return true;
    }

    internal override bool DmaWrite(ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            if (_stageLength == 0)
            {
                _stageLength = (int)Math.Min(_remaining, DmaStageSectors) * SectorSize;
                _stagePosition = 0;
                if (_stageLength == 0)
                    return false;
            }
            int n = Math.Min(source.Length, _stageLength - _stagePosition);
            source[..n].CopyTo(_dmaStage.AsSpan(_stagePosition));
            _stagePosition += n;
            source = source[n..];
            DmaBytesRemaining -= n;
            if (_stagePosition == _stageLength)
            {
                int sectors = _stageLength / SectorSize;
                if (!TryBackend(() => Backend.Write(_lba, _dmaStage.AsSpan(0, _stageLength))))
                    return false;
                _lba += sectors;
                _remaining -= sectors;
                _stageLength = _stagePosition = 0;
            }
        }
        return true;
    }

    private void FlushBackend()
    {
        if (TryBackend(Backend.Flush, AtaError.Aborted))
            Complete();
    }

    private void SetFeatures()
    {
        switch ((AtaFeature)TaskFile.Features)
        {
            case AtaFeature.EnableWriteCache:
                WriteCacheEnabled = true;
                break;
            case AtaFeature.DisableWriteCache:
                WriteCacheEnabled = false;
                if (!TryBackend(Backend.Flush, AtaError.Aborted))
                    return;
                break;
            case AtaFeature.SetTransferMode:
                if (!TransferModes.Select(TaskFile.SectorCount))
                {
                    Fail(AtaError.Aborted);
                    return;
                }
                break;
            case AtaFeature.EnableReadLookAhead or AtaFeature.DisableReadLookAhead:
            case AtaFeature.EnableRevertingToDefaults or AtaFeature.DisableRevertingToDefaults:
                break;
            default:
                Fail(AtaError.Aborted);
                return;
        }
        Complete();
    }

    private void SetMultipleMode()
    {
        int count = TaskFile.SectorCount;
        if (count > AtaIdentify.MaxMultipleSectors || (count & (count - 1)) != 0)
        {
            Fail(AtaError.Aborted);
            return;
        }
        MultipleSectors = count;
        Complete();
    }

    /// <summary>INITIALIZE DEVICE PARAMETERS (ATA/ATAPI-6, 8.16): heads from Device[3:0] + 1, sectors per track from Sector Count.</summary>
    private void InitializeDeviceParameters()
    {
        int sectorsPerTrack = TaskFile.SectorCount;
        int heads = (TaskFile.Device & 0x0F) + 1;
        if (sectorsPerTrack == 0)
        {
            Fail(AtaError.Aborted);
            return;
        }
        CurrentGeometry = AtaGeometry.Translated(SectorCount, heads, sectorsPerTrack, AtaIdentify.Lba28Limit);
        Complete();
    }

    private void ReportMaxAddress(bool ext)
    {
        long max = SectorCount - 1;
        if (!ext)
            max = Math.Min(max, AtaIdentify.Lba28Limit - 1);
        Complete();
        AtaTaskFile tf = TaskFile;
        tf.LbaLow = (byte)max;
        tf.LbaMid = (byte)(max >> 8);
        tf.LbaHigh = (byte)(max >> 16);
        if (ext)
        {
            tf.PreviousLbaLow = (byte)(max >> 24);
            tf.PreviousLbaMid = (byte)(max >> 32);
            tf.PreviousLbaHigh = (byte)(max >> 40);
        }
        else
        {
            tf.Device = (byte)((tf.Device & 0xF0) | (int)((max >> 24) & 0x0F));
        }
    }

    /// <summary>Runs a back-end call; a host I/O failure ends the command with <paramref name="error"/>.</summary>
    private bool TryBackend(Action action, AtaError error = AtaError.Uncorrectable)
    {
        try
        {
            action();
            return true;
        }
        catch (IOException)
        {
            Fail(error);
            return false;
        }
    }
}
