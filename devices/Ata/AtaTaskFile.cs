namespace PcEmu.Devices.Ata;

/// <summary>
/// One device's view of the command block registers. Every write goes to both devices on a
/// channel (they share the cable), so each keeps its own copy. The five "FIFO" registers are
/// two bytes deep: a write pushes the current byte into the previous one, and with HOB set in
/// Device Control a read returns the previous byte (ATA/ATAPI-6, 6.20 "48-bit address feature
/// set"). Status and Error are the device's answers.
/// </summary>
public sealed class AtaTaskFile
{
    public byte Features { get; set; }

    public byte SectorCount { get; set; }

    public byte LbaLow { get; set; }

    public byte LbaMid { get; set; }

    public byte LbaHigh { get; set; }

    public byte PreviousFeatures { get; set; }

    public byte PreviousSectorCount { get; set; }

    public byte PreviousLbaLow { get; set; }

    public byte PreviousLbaMid { get; set; }

    public byte PreviousLbaHigh { get; set; }

    public byte Device { get; set; }

    public AtaStatus Status { get; set; }

    public AtaError Error { get; set; }

    /// <summary>LBA bit in the Device register.</summary>
    public bool LbaMode => (Device & (byte)AtaDeviceHead.Lba) != 0;

    /// <summary>The 28-bit address: Device[3:0], LBA High, Mid, Low.</summary>
    public long Lba28 => (long)(Device & 0x0F) << 24 | (long)LbaHigh << 16 | (long)LbaMid << 8 | LbaLow;

    /// <summary>The 48-bit address: previous High, Mid, Low then current High, Mid, Low.</summary>
    public long Lba48 =>
        (long)PreviousLbaHigh << 40 | (long)PreviousLbaMid << 32 | (long)PreviousLbaLow << 24
        | (long)LbaHigh << 16 | (long)LbaMid << 8 | LbaLow;

    /// <summary>Sector count of a 28-bit command: 0 means 256.</summary>
    public int Count28 => SectorCount == 0 ? 256 : SectorCount;

    /// <summary>Sector count of a 48-bit command: 0 means 65536.</summary>
    public int Count48
    {
        get
        {
            int count = PreviousSectorCount << 8 | SectorCount;
            return count == 0 ? 65536 : count;
        }
    }

    /// <summary>A host write to one of the command block registers (not Data, not Command).</summary>
    public void Write(AtaRegister register, byte value)
    {
        switch (register)
        {
            case AtaRegister.ErrorFeatures:
                PreviousFeatures = Features;
                Features = value;
                break;
            case AtaRegister.SectorCount:
                PreviousSectorCount = SectorCount;
                SectorCount = value;
                break;
            case AtaRegister.LbaLow:
                PreviousLbaLow = LbaLow;
                LbaLow = value;
                break;
            case AtaRegister.LbaMid:
                PreviousLbaMid = LbaMid;
                LbaMid = value;
                break;
            case AtaRegister.LbaHigh:
                PreviousLbaHigh = LbaHigh;
                LbaHigh = value;
                break;
            case AtaRegister.Device:
                Device = value;
                break;
        }
    }

    /// <summary>A host read of Error, Sector Count, the LBA registers or Device; <paramref name="hob"/> selects the previous bytes.</summary>
    public byte Read(AtaRegister register, bool hob) => register switch
    {
        AtaRegister.ErrorFeatures => (byte)Error,
        AtaRegister.SectorCount => hob ? PreviousSectorCount : SectorCount,
        AtaRegister.LbaLow => hob ? PreviousLbaLow : LbaLow,
        AtaRegister.LbaMid => hob ? PreviousLbaMid : LbaMid,
        AtaRegister.LbaHigh => hob ? PreviousLbaHigh : LbaHigh,
        AtaRegister.Device => Device,
        _ => 0,
    };

    /// <summary>
    /// The reset/diagnostic signature (ATA/ATAPI-6, 9.12): Sector Count 01h, LBA Low 01h,
    /// LBA Mid/High 00h/00h for ATA or 14h/EBh for ATAPI, Device 00h.
    /// </summary>
    public void SetSignature(byte lbaMid, byte lbaHigh)
    {
        SectorCount = 1;
        LbaLow = 1;
        LbaMid = lbaMid;
        LbaHigh = lbaHigh;
        Device = 0;
        PreviousSectorCount = PreviousLbaLow = PreviousLbaMid = PreviousLbaHigh = 0;
    }

    public void Clear()
    {
        Features = SectorCount = LbaLow = LbaMid = LbaHigh = Device = 0;
        PreviousFeatures = PreviousSectorCount = PreviousLbaLow = PreviousLbaMid = PreviousLbaHigh = 0;
        Status = AtaStatus.None;
        Error = AtaError.None;
    }
}
