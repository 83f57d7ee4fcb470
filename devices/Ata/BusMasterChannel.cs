using PcEmu.Memory;

namespace PcEmu.Devices.Ata;

/// <summary>
/// The bus-master DMA engine of one channel (PIIX3 datasheet 2.7, SFF-8038i). The guest
/// builds a table of physical region descriptors (PRDs) in memory, points PrdTableAddress at
/// it, issues a READ/WRITE DMA command to the drive and sets Start (in either order). Each
/// PRD is 8 bytes: dword base address (bit 0 ignored), word byte count (bit 0 ignored, 0 means
/// 64 KiB), and a word whose bit 15 (EOT) ends the table.
/// <para>
/// The whole transfer runs at once when both the command and Start are there. Outcome table
/// (PIIX3 table 17): transfer done with the EOT PRD used up -> Interrupt=1, Active=0; PRDs
/// longer than the transfer -> Interrupt=1, Active=1; PRDs shorter than the transfer ->
/// Interrupt=0, Active=0 and the drive keeps waiting (the guest must reset it).
/// </para>
/// <para>
/// Guest-controlled values are checked: the table and every buffer must lie in RAM, and at
/// most 8192 PRDs (64 KiB of table) are walked. A bad address sets Error and Interrupt,
/// clears Active, and ends the drive's command with ABRT, so the guest sees an error and the
/// host never throws. Transfers to MMIO or ROM are refused the same way.
/// </para>
/// </summary>
public sealed class BusMasterChannel
{
    public const int MaxPrdEntries = 8192;
    private const int PrdSize = 8;

    private readonly AtaChannel _channel;
    private readonly PhysicalMemory _memory;
    private readonly byte[] _bounce = new byte[64 * 1024];

    internal BusMasterChannel(AtaChannel channel, PhysicalMemory memory)
    {
        _channel = channel;
        _memory = memory;
        channel.BusMaster = this;
        channel.InterruptRaised += () => Status |= BusMasterStatus.Interrupt;
    }

    public BusMasterCommand Command { get; private set; }

    public BusMasterStatus Status { get; private set; }

    public uint PrdTableAddress { get; private set; }

    public void Reset()
    {
        Command = BusMasterCommand.None;
        Status = BusMasterStatus.None;
        PrdTableAddress = 0;
    }

    /// <summary>A byte read at <paramref name="offset"/> (0-7) in this channel's register block.</summary>
    public byte ReadByte(int offset) => offset switch
    {
        (int)BusMasterRegister.Command => (byte)Command,
        (int)BusMasterRegister.Status => (byte)Status,
        >= 4 and <= 7 => (byte)(PrdTableAddress >> (8 * (offset - 4))),
        _ => 0,
    };

    public void WriteByte(int offset, byte value)
    {
        switch (offset)
        {
            case (int)BusMasterRegister.Command:
                WriteCommand((BusMasterCommand)value & (BusMasterCommand.Start | BusMasterCommand.WriteToMemory));
                break;
            case (int)BusMasterRegister.Status:
                WriteStatus((BusMasterStatus)value);
                break;
            case >= 4 and <= 7:
                int shift = 8 * (offset - 4);
                uint address = (PrdTableAddress & ~(0xFFu << shift)) | (uint)value << shift;
                PrdTableAddress = address & ~3u;
                break;
        }
    }

    /// <summary>A device on the channel has a DMA command waiting.</summary>
    internal void DeviceRequest(AtaDevice device)
    {
        if ((Command & BusMasterCommand.Start) != 0)
            Run();
    }

    /// <summary>SRST: any transfer in progress is abandoned.</summary>
    internal void DeviceReset() => Status &= ~BusMasterStatus.Active;

    private void WriteCommand(BusMasterCommand value)
    {
        bool wasStarted = (Command & BusMasterCommand.Start) != 0;
        Command = value;
        if ((value & BusMasterCommand.Start) == 0)
        {
            Status &= ~BusMasterStatus.Active; // stop: the transfer is abandoned
            return;
        }
        if (!wasStarted)
        {
            Status |= BusMasterStatus.Active;
            Run();
        }
    }

    private void WriteStatus(BusMasterStatus value)
    {
        const BusMasterStatus writable = BusMasterStatus.Drive0DmaCapable | BusMasterStatus.Drive1DmaCapable;
        BusMasterStatus cleared = value & (BusMasterStatus.Error | BusMasterStatus.Interrupt);
        Status = (Status & ~writable & ~cleared) | (value & writable);
    }

    private void Run()
    {
        if ((Status & BusMasterStatus.Active) == 0 || _channel.DmaDevice is not { } device)
            return;
        bool toMemory = device.PendingDma == DmaDirection.ToMemory;
        uint prd = PrdTableAddress;
        bool lastWasEotAndUsedUp = false;
        for (int entry = 0; device.DmaBytesRemaining > 0; entry++)
        {
            if (entry >= MaxPrdEntries || !_memory.IsRam(prd, PrdSize))
            {
                MemoryError(device);
                return;
            }
            uint address = _memory.Read32(prd) & ~1u;
            uint count = _memory.Read16(prd + 4) & 0xFFFEu;
            if (count == 0)
                count = 0x10000;
            bool eot = (_memory.Read16(prd + 6) & 0x8000) != 0;
            int n = (int)Math.Min(count, device.DmaBytesRemaining);
            if (!_memory.IsRam(address, n))
            {
                MemoryError(device);
                return;
            }
            if (!Move(device, toMemory, address, n))
            {
                Status &= ~BusMasterStatus.Active; // the drive posted its own error and interrupt
                return;
            }
            lastWasEotAndUsedUp = eot && n == count;
            prd += PrdSize;
            if (eot)
                break;
        }
        if (device.DmaBytesRemaining > 0)
        {
            Status &= ~BusMasterStatus.Active; // PRDs shorter than the transfer: no interrupt, the drive waits
            return;
        }
        if (lastWasEotAndUsedUp)
            Status &= ~BusMasterStatus.Active;
        device.DmaFinished();
    }

    private bool Move(AtaDevice device, bool toMemory, uint address, int length)
    {
        Span<byte> buffer = _bounce.AsSpan(0, length);
        if (toMemory)
        {
            if (!device.DmaRead(buffer))
                return false;
            _memory.WriteBlock(address, buffer);
            return true;
        }
        _memory.ReadBlock(address, buffer);
        return device.DmaWrite(buffer);
    }

    private void MemoryError(AtaDevice device)
    {
        Status = (Status | BusMasterStatus.Error) & ~BusMasterStatus.Active;
        device.DmaFailed();
    }
}
