namespace PcEmu.Devices.Ata;

/// <summary>
/// The command block registers of an ATA channel, as offsets from its base port
/// (ATA/ATAPI-6, section 7: I/O register descriptions). Several offsets name one register
/// when read and another when written.
/// </summary>
public enum AtaRegister
{
    /// <summary>16-bit PIO data port (32-bit accesses move two words).</summary>
    Data = 0,

    /// <summary>Read: Error. Write: Features.</summary>
    ErrorFeatures = 1,

    SectorCount = 2,

    /// <summary>LBA bits 7:0, or the CHS sector number.</summary>
    LbaLow = 3,

    /// <summary>LBA bits 15:8, or the CHS cylinder low byte.</summary>
    LbaMid = 4,

    /// <summary>LBA bits 23:16, or the CHS cylinder high byte.</summary>
    LbaHigh = 5,

    /// <summary>Device/Head: DEV selects the slave, LBA selects LBA addressing, bits 3:0 are LBA 27:24 or the head.</summary>
    Device = 6,

    /// <summary>Read: Status (clears a pending interrupt). Write: Command.</summary>
    StatusCommand = 7,
}

/// <summary>Status register (ATA/ATAPI-6, 7.15.6).</summary>
[Flags]
public enum AtaStatus : byte
{
    None = 0,

    /// <summary>ERR: the previous command ended in an error; see the Error register.</summary>
    Error = 0x01,

    /// <summary>IDX (obsolete).</summary>
    Index = 0x02,

    /// <summary>CORR (obsolete).</summary>
    Corrected = 0x04,

    /// <summary>DRQ: the device is ready to transfer a word of data.</summary>
    DataRequest = 0x08,

    /// <summary>DSC: seek complete (obsolete in ATA-6, still set by drives and expected by old drivers). ATAPI: SERV.</summary>
    SeekComplete = 0x10,

    /// <summary>DF: device fault. ATAPI: DMA ready.</summary>
    DeviceFault = 0x20,

    /// <summary>DRDY: the device accepts commands.</summary>
    Ready = 0x40,

    /// <summary>BSY: the device owns the registers.</summary>
    Busy = 0x80,
}

/// <summary>Error register (ATA/ATAPI-6, 7.9.6).</summary>
[Flags]
public enum AtaError : byte
{
    None = 0,

    /// <summary>AMNF (obsolete). After reset or diagnostics, bit 0 set alone means "no error" (diagnostic code 01h).</summary>
    AddressMarkNotFound = 0x01,

    /// <summary>TK0NF (obsolete). ATAPI: end of media.</summary>
    Track0NotFound = 0x02,

    /// <summary>ABRT: command not supported, or a parameter invalid.</summary>
    Aborted = 0x04,

    /// <summary>MCR: media change requested.</summary>
    MediaChangeRequest = 0x08,

    /// <summary>IDNF: the requested address is outside the user-accessible range.</summary>
    IdNotFound = 0x10,

    /// <summary>MC: media changed.</summary>
    MediaChanged = 0x20,

    /// <summary>UNC: uncorrectable data error (we report host I/O failures this way).</summary>
    Uncorrectable = 0x40,

    /// <summary>ICRC / BBK: interface CRC error.</summary>
    InterfaceCrc = 0x80,
}

/// <summary>Device Control register, the write side of the control block port (ATA/ATAPI-6, 7.8).</summary>
[Flags]
public enum AtaDeviceControl : byte
{
    None = 0,

    /// <summary>nIEN: when set, the selected device's INTRQ is released (high impedance).</summary>
    InterruptDisable = 0x02,

    /// <summary>SRST: software reset of both devices on the channel while set.</summary>
    SoftReset = 0x04,

    /// <summary>HOB: reads of the command block return the previous (high-order) bytes of the LBA48 FIFO.</summary>
    HighOrderByte = 0x80,
}

/// <summary>Device/Head register bits (ATA/ATAPI-6, 7.10).</summary>
[Flags]
public enum AtaDeviceHead : byte
{
    None = 0,

    /// <summary>Bits 3:0: LBA 27:24 in LBA28 mode, the head number in CHS mode.</summary>
    HeadMask = 0x0F,

    /// <summary>DEV: device 1 (slave) selected.</summary>
    Device1 = 0x10,

    /// <summary>LBA: LBA rather than CHS addressing.</summary>
    Lba = 0x40,

    /// <summary>Bits 7 and 5 were "always one" in ATA-1; drivers still write them (0xA0).</summary>
    Obsolete = 0xA0,
}
