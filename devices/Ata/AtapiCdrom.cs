using System.Buffers.Binary;
using PcEmu.Devices.Backends.Disk;

namespace PcEmu.Devices.Ata;

/// <summary>
/// An ATAPI CD-ROM drive (ATA/ATAPI-6 PACKET feature set, clause 5.13; SCSI MMC commands) on
/// a read-only image of 2048-byte blocks (<see cref="IsoImage"/>), or empty.
/// <para>
/// ATA commands: PACKET, IDENTIFY PACKET DEVICE, DEVICE RESET, EXECUTE DEVICE DIAGNOSTIC,
/// SET FEATURES, CHECK POWER MODE and the idle/standby commands; IDENTIFY DEVICE aborts and
/// leaves the packet signature (14h/EBh) in LBA Mid/High so that drivers can tell the kind.
/// Packet commands: TEST UNIT READY, REQUEST SENSE (fixed format), INQUIRY, READ CAPACITY,
/// READ(10), READ(12), READ TOC (format 0, LBA or MSF), START STOP UNIT and PREVENT ALLOW
/// MEDIUM REMOVAL (accepted). Anything else ends in CHECK CONDITION with ILLEGAL REQUEST /
/// INVALID COMMAND OPERATION CODE.
/// </para>
/// <para>
/// Protocol: after PACKET the drive asks for the 12-byte packet (interrupt reason CoD=1,
/// IO=0, DRQ, no interrupt). Data goes in DRQ blocks of at most the byte count limit from
/// LBA Mid/High (0 and FFFFh mean FFFEh; for reads, whole 2048-byte blocks when the limit
/// allows), each with its byte count in LBA Mid/High, IO=1 and an interrupt; or, when
/// Features bit 0 (DMA) is set, through the bus master. Completion sets CoD=1, IO=1, DRDY and
/// an interrupt; CHECK CONDITION also sets ERR with the sense key in Error bits 7:4 and ABRT.
/// </para>
/// <para>
/// Known gaps: no media change (the image is fixed; no UNIT ATTENTION is ever reported), no
/// audio, MODE SENSE, GET CONFIGURATION or READ DISC INFORMATION; no overlapped commands.
/// </para>
/// </summary>
public sealed class AtapiCdrom : AtaDevice
{
    public const int BlockSize = IsoImage.BlockSize;

    private const byte ReasonCommand = 0x01; // CoD
    private const byte ReasonDataIn = 0x02; // IO
    private const byte ReasonStatus = 0x03; // CoD | IO

    private readonly byte[] _packet = new byte[12];
    private readonly byte[] _response = new byte[256];
    private readonly byte[] _scratch = new byte[68 * 1024];

    private bool _fromDisk;
    private long _streamOffset;
    private long _streamRemaining;
    private int _byteCountLimit;
    private bool _dmaRequested;
    private SenseKey _senseKey;
    private byte _asc;
    private byte _ascq;

    public AtapiCdrom(IBlockBackend? medium, AtaDriveIdentity? identity = null)
    {
        if (medium is not null && medium.SectorCount * IBlockBackend.SectorSize % BlockSize != 0)
            throw new ArgumentException($"CD image '{medium.Name}' is not a whole number of {BlockSize}-byte blocks", nameof(medium));
        Medium = medium;
        Identity = identity ?? AtaDriveIdentity.DefaultCdrom(0);
        Reset();
    }

    /// <summary>The disc, or null for an empty drive.</summary>
    public IBlockBackend? Medium { get; }

    public AtaDriveIdentity Identity { get; }

    /// <summary>Number of 2048-byte blocks on the disc (0 when empty).</summary>
    public long BlockCount => Medium is null ? 0 : Medium.SectorCount * IBlockBackend.SectorSize / BlockSize;

    public override bool IsPacketDevice => true;

    internal AtaTransferModes TransferModes { get; } = new();

    public override void Reset()
    {
        TransferModes.Reset();
        SetSense(SenseKey.NoSense, 0, 0);
        base.Reset();
    }

    /// <summary>ATAPI signature (ATA/ATAPI-6 9.12): 01h 01h 14h EBh, status 00h.</summary>
    protected override void ApplySignature()
    {
        TaskFile.SetSignature(0x14, 0xEB);
        TaskFile.Error = AtaError.AddressMarkNotFound; // diagnostic code 01h
        TaskFile.Status = AtaStatus.None;
    }

    public override void ExecuteCommand(byte command)
    {
        CancelTransfer();
        switch ((AtaCommand)command)
        {
            case AtaCommand.Packet:
                StartPacket();
                break;
            case AtaCommand.IdentifyPacketDevice:
                AtaIdentify.ForPacketDevice(Identity, TransferModes).CopyTo(PioBuffer(512));
                BeginBlockToHost(512, null);
                break;
            case AtaCommand.IdentifyDevice:
                TaskFile.SetSignature(0x14, 0xEB);
                Fail(AtaError.Aborted);
                break;
            case AtaCommand.DeviceReset:
                SoftReset(); // no interrupt (ATA/ATAPI-6 8.7)
                break;
            case AtaCommand.ExecuteDeviceDiagnostic:
                ApplySignature();
                RaiseInterrupt();
                break;
            case AtaCommand.SetFeatures when (AtaFeature)TaskFile.Features != AtaFeature.SetTransferMode || TransferModes.Select(TaskFile.SectorCount):
                Complete();
                break;
            case AtaCommand.CheckPowerMode:
                Complete();
                TaskFile.SectorCount = 0xFF;
                break;
            case AtaCommand.StandbyImmediate or AtaCommand.IdleImmediate or AtaCommand.Standby or AtaCommand.Idle or AtaCommand.Sleep:
                Complete();
                break;
            default:
                Fail(AtaError.Aborted);
                break;
        }
    }

    private void StartPacket()
    {
        _dmaRequested = (TaskFile.Features & 0x01) != 0;
        int limit = TaskFile.LbaHigh << 8 | TaskFile.LbaMid;
        _byteCountLimit = limit is 0 or 0xFFFF ? 0xFFFE : limit & ~1;
        if (_byteCountLimit == 0)
            _byteCountLimit = 2;
        TaskFile.SectorCount = ReasonCommand;
        BeginBlockFromHost(_packet.Length, PacketReceived, interrupt: false);
    }

    private void PacketReceived()
    {
        BlockData[.._packet.Length].CopyTo(_packet);
        switch ((PacketCommand)_packet[0])
        {
            case PacketCommand.TestUnitReady:
                if (RequireMedium())
                    Good();
                break;
            case PacketCommand.RequestSense:
                RequestSense();
                break;
            case PacketCommand.Inquiry:
                Inquiry();
                break;
            case PacketCommand.ReadCapacity:
                if (RequireMedium())
                {
                    BinaryPrimitives.WriteUInt32BigEndian(_response, (uint)(BlockCount - 1));
                    BinaryPrimitives.WriteUInt32BigEndian(_response.AsSpan(4), BlockSize);
                    SendResponse(8, 8);
                }
                break;
            case PacketCommand.Read10:
                Read(BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(2)), BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(7)));
                break;
            case PacketCommand.Read12:
                Read(BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(6)));
                break;
            case PacketCommand.ReadToc:
                ReadToc();
                break;
            case PacketCommand.StartStopUnit or PacketCommand.PreventAllowMediumRemoval:
                Good();
                break;
            default:
                CheckCondition(SenseKey.IllegalRequest, 0x20, 0x00); // INVALID COMMAND OPERATION CODE
                break;
        }
    }

    private bool RequireMedium()
    {
        if (Medium is not null)
            return true;
        CheckCondition(SenseKey.NotReady, 0x3A, 0x00); // MEDIUM NOT PRESENT
        return false;
    }

    private void RequestSense()
    {
        Array.Clear(_response, 0, 18);
        _response[0] = 0x70; // current error, fixed format
        _response[2] = (byte)_senseKey;
        _response[7] = 10; // additional sense length
        _response[12] = _asc;
        _response[13] = _ascq;
        SetSense(SenseKey.NoSense, 0, 0);
        SendResponse(18, _packet[4]);
    }

    private void Inquiry()
    {
        Array.Clear(_response, 0, 36);
        _response[0] = 0x05; // CD/DVD device
        _response[1] = 0x80; // removable
        _response[2] = 0x00;
        _response[3] = 0x21; // ATAPI version 2, response data format 1
        _response[4] = 31; // additional length
        PutAscii(_response.AsSpan(8, 8), "PCEMU");
        PutAscii(_response.AsSpan(16, 16), Identity.Model);
        PutAscii(_response.AsSpan(32, 4), Identity.FirmwareRevision);
        SendResponse(36, _packet[3] << 8 | _packet[4]);
    }

    /// <summary>READ TOC format 0 (MMC-2 5.24): one data track starting at block 0, then the lead-out.</summary>
    private void ReadToc()
    {
        if (!RequireMedium())
            return;
        bool msf = (_packet[1] & 0x02) != 0;
        int format = _packet[9] >> 6 != 0 ? _packet[9] >> 6 : _packet[2] & 0x0F;
        int startTrack = _packet[6];
        if (format != 0 || (startTrack > 1 && startTrack != 0xAA))
        {
            CheckCondition(SenseKey.IllegalRequest, 0x24, 0x00); // INVALID FIELD IN CDB
            return;
        }
        int length = 4;
        _response[2] = 1; // first track
        _response[3] = 1; // last track
        if (startTrack <= 1)
            length = TocEntry(length, 1, 0, msf);
        length = TocEntry(length, 0xAA, BlockCount, msf);
        BinaryPrimitives.WriteUInt16BigEndian(_response, (ushort)(length - 2));
        SendResponse(length, _packet[7] << 8 | _packet[8]);
    }

    private int TocEntry(int at, byte track, long lba, bool msf)
    {
        _response[at] = 0;
        _response[at + 1] = 0x14; // ADR 1, data track
        _response[at + 2] = track;
        _response[at + 3] = 0;
        if (msf)
        {
            long frames = lba + 150;
            _response[at + 4] = 0;
            _response[at + 5] = (byte)(frames / (75 * 60));
            _response[at + 6] = (byte)(frames / 75 % 60);
            _response[at + 7] = (byte)(frames % 75);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(_response.AsSpan(at + 4), (uint)lba);
        }
        return at + 8;
    }

    private void Read(uint lba, uint count)
    {
        if (!RequireMedium())
            return;
        if (lba + (ulong)count > (ulong)BlockCount)
        {
            CheckCondition(SenseKey.IllegalRequest, 0x21, 0x00); // LOGICAL BLOCK ADDRESS OUT OF RANGE
            return;
        }
        if (count == 0)
        {
            Good();
            return;
        }
        _fromDisk = true;
        _streamOffset = (long)lba * BlockSize;
        StartDataIn((long)count * BlockSize);
    }

    /// <summary>Sends the first min(<paramref name="length"/>, <paramref name="allocationLength"/>) bytes of the response buffer.</summary>
    private void SendResponse(int length, int allocationLength)
    {
        int n = Math.Min(length, allocationLength);
        if (n == 0)
        {
            Good();
            return;
        }
        _fromDisk = false;
        _streamOffset = 0;
        StartDataIn(n);
    }

    private void StartDataIn(long bytes)
    {
        _streamRemaining = bytes;
        if (_dmaRequested)
        {
            TaskFile.SectorCount = ReasonDataIn;
            BeginDma(DmaDirection.ToMemory, bytes);
            return;
        }
        NextPioBlock();
    }

    private void NextPioBlock()
    {
        int n = (int)Math.Min(_streamRemaining, _byteCountLimit);
        if (_fromDisk && n < _streamRemaining && n >= BlockSize)
            n -= n % BlockSize;
        if (!ReadStream(PioBuffer(n)))
            return;
        TaskFile.LbaMid = (byte)n;
        TaskFile.LbaHigh = (byte)(n >> 8);
        TaskFile.SectorCount = ReasonDataIn;
        BeginBlockToHost(n, _streamRemaining > 0 ? NextPioBlock : Good);
    }

    /// <summary>Copies the next bytes of the current data stream (disc or response); false after posting a MEDIUM ERROR.</summary>
    private bool ReadStream(Span<byte> destination)
    {
        if (_fromDisk)
        {
            long firstSector = _streamOffset / IBlockBackend.SectorSize;
            int skip = (int)(_streamOffset % IBlockBackend.SectorSize);
            int sectors = (skip + destination.Length + IBlockBackend.SectorSize - 1) / IBlockBackend.SectorSize;
            try
            {
                Medium!.Read(firstSector, _scratch.AsSpan(0, sectors * IBlockBackend.SectorSize));
            }
            catch (IOException)
            {
                CheckCondition(SenseKey.MediumError, 0x11, 0x00); // UNRECOVERED READ ERROR
                return false;
            }
            _scratch.AsSpan(skip, destination.Length).CopyTo(destination);
        }
        else
        {
            _response.AsSpan((int)_streamOffset, destination.Length).CopyTo(destination);
        }
        _streamOffset += destination.Length;
        _streamRemaining -= destination.Length;
        return true;
    }

    internal override bool DmaRead(Span<byte> destination)
    {
        if (!ReadStream(destination))
            return false;
        DmaBytesRemaining -= destination.Length;
        return true;
    }

    internal override void DmaFinished()
    {
        TaskFile.SectorCount = ReasonStatus;
        base.DmaFinished();
    }

    private void Good()
    {
        TaskFile.SectorCount = ReasonStatus;
        Complete();
    }

    private void CheckCondition(SenseKey key, byte asc, byte ascq)
    {
        SetSense(key, asc, ascq);
        TaskFile.SectorCount = ReasonStatus;
        Fail((AtaError)((int)key << 4) | AtaError.Aborted);
    }

    private void SetSense(SenseKey key, byte asc, byte ascq)
    {
        _senseKey = key;
        _asc = asc;
        _ascq = ascq;
    }

    private static void PutAscii(Span<byte> field, string text)
    {
        field.Fill((byte)' ');
        for (int i = 0; i < field.Length && i < text.Length; i++)
            field[i] = text[i] is >= ' ' and <= '~' ? (byte)text[i] : (byte)'?';
    }

    /// <summary>SCSI/MMC operation codes the drive answers.</summary>
    private enum PacketCommand : byte
    {
        TestUnitReady = 0x00,
        RequestSense = 0x03,
        Inquiry = 0x12,
        StartStopUnit = 0x1B,
        PreventAllowMediumRemoval = 0x1E,
        ReadCapacity = 0x25,
        Read10 = 0x28,
        ReadToc = 0x43,
        Read12 = 0xA8,
    }

    /// <summary>SCSI sense keys (SPC-2 table 107).</summary>
    private enum SenseKey : byte
    {
        NoSense = 0x0,
        NotReady = 0x2,
        MediumError = 0x3,
        IllegalRequest = 0x5,
    }
}
