namespace PcEmu.Devices.Ata;

/// <summary>ATA command opcodes this controller knows (ATA/ATAPI-6 table B.2 and ACS-2).</summary>
public enum AtaCommand : byte
{
    Nop = 0x00,
    DeviceReset = 0x08,
    /// <summary>RECALIBRATE: 0x10-0x1F all mean this (obsolete).</summary>
    Recalibrate = 0x10,
    ReadSectors = 0x20,
    ReadSectorsNoRetry = 0x21,
    ReadSectorsExt = 0x24,
    ReadDmaExt = 0x25,
    ReadNativeMaxAddressExt = 0x27,
    ReadMultipleExt = 0x29,
    WriteSectors = 0x30,
    WriteSectorsNoRetry = 0x31,
    WriteSectorsExt = 0x34,
    WriteDmaExt = 0x35,
    WriteMultipleExt = 0x39,
    ReadVerifySectors = 0x40,
    ReadVerifySectorsNoRetry = 0x41,
    ReadVerifySectorsExt = 0x42,
    /// <summary>SEEK: 0x70-0x7F.</summary>
    Seek = 0x70,
    ExecuteDeviceDiagnostic = 0x90,
    InitializeDeviceParameters = 0x91,
    Packet = 0xA0,
    IdentifyPacketDevice = 0xA1,
    ReadMultiple = 0xC4,
    WriteMultiple = 0xC5,
    SetMultipleMode = 0xC6,
    ReadDma = 0xC8,
    ReadDmaNoRetry = 0xC9,
    WriteDma = 0xCA,
    WriteDmaNoRetry = 0xCB,
    StandbyImmediate = 0xE0,
    IdleImmediate = 0xE1,
    Standby = 0xE2,
    Idle = 0xE3,
    CheckPowerMode = 0xE5,
    Sleep = 0xE6,
    FlushCache = 0xE7,
    FlushCacheExt = 0xEA,
    IdentifyDevice = 0xEC,
    SetFeatures = 0xEF,
    ReadNativeMaxAddress = 0xF8,
}

/// <summary>SET FEATURES subcommands, in the Features register (ATA/ATAPI-6, 8.36).</summary>
public enum AtaFeature : byte
{
    EnableWriteCache = 0x02,
    SetTransferMode = 0x03,
    DisableReadLookAhead = 0x55,
    DisableRevertingToDefaults = 0x66,
    DisableWriteCache = 0x82,
    EnableReadLookAhead = 0xAA,
    EnableRevertingToDefaults = 0xCC,
}
