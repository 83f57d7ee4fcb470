namespace PcEmu.Devices.Ata;

/// <summary>
/// Offsets of one channel's bus-master registers within its 8-byte block of BAR4 (Intel
/// 82371SB PIIX3 datasheet, 2.7 "IDE bus master registers"; SFF-8038i). The primary
/// channel's block is at BAR4+0, the secondary's at BAR4+8.
/// </summary>
public enum BusMasterRegister
{
    Command = 0,
    Status = 2,

    /// <summary>Descriptor table pointer: dword, bits 1:0 reserved (the table is dword aligned).</summary>
    PrdTableAddress = 4,
}

/// <summary>Bus-master IDE command register (BMICx).</summary>
[Flags]
public enum BusMasterCommand : byte
{
    None = 0,

    /// <summary>SSBM: start (1) or stop (0) the bus master.</summary>
    Start = 0x01,

    /// <summary>RWCON: 1 = the bus master writes memory (a device read), 0 = it reads memory.</summary>
    WriteToMemory = 0x08,
}

/// <summary>Bus-master IDE status register (BMISx).</summary>
[Flags]
public enum BusMasterStatus : byte
{
    None = 0,

    /// <summary>BMIDEA (read-only): set by Start, cleared when the last PRD is done or on stop or error.</summary>
    Active = 0x01,

    /// <summary>Error (write 1 to clear): the transfer hit a memory error (here: an address outside RAM).</summary>
    Error = 0x02,

    /// <summary>IDEINTS (write 1 to clear): the channel's device raised its interrupt.</summary>
    Interrupt = 0x04,

    /// <summary>Drive 0 DMA capable (read/write, set by the BIOS).</summary>
    Drive0DmaCapable = 0x20,

    /// <summary>Drive 1 DMA capable (read/write, set by the BIOS).</summary>
    Drive1DmaCapable = 0x40,

    /// <summary>Simplex only (read-only 0: both channels may run at once).</summary>
    SimplexOnly = 0x80,
}
