namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// Register offsets of the RTL8139(C) in the 256-byte I/O and memory BARs (Realtek
/// RTL8139C(L) datasheet, section 5 "Register Descriptions"). Widths are those of the
/// datasheet's table; <see cref="Rtl8139RegisterMap"/> holds them.
/// </summary>
public enum Rtl8139Register
{
    /// <summary>ID registers 0-5: the station address, loaded from the EEPROM.</summary>
    Idr0 = 0x00,
    Idr4 = 0x04,
    /// <summary>Multicast hash registers 0-7 (64-bit filter, bit n = CRC32(address) top six bits).</summary>
    Mar0 = 0x08,
    Mar4 = 0x0C,
    /// <summary>Transmit status of descriptors 0-3 (32-bit each).</summary>
    Tsd0 = 0x10,
    Tsd1 = 0x14,
    Tsd2 = 0x18,
    Tsd3 = 0x1C,
    /// <summary>Transmit start addresses of descriptors 0-3.</summary>
    Tsad0 = 0x20,
    Tsad1 = 0x24,
    Tsad2 = 0x28,
    Tsad3 = 0x2C,
    /// <summary>Receive (ring) buffer start address.</summary>
    Rbstart = 0x30,
    /// <summary>Early receive byte count (16-bit, read-only).</summary>
    Erbcr = 0x34,
    /// <summary>Early receive status.</summary>
    Ersr = 0x36,
    /// <summary>Command register.</summary>
    Cr = 0x37,
    /// <summary>Current address of packet read (the driver's read pointer minus 16).</summary>
    Capr = 0x38,
    /// <summary>Current buffer address (where the chip writes next; read-only).</summary>
    Cbr = 0x3A,
    Imr = 0x3C,
    Isr = 0x3E,
    Tcr = 0x40,
    Rcr = 0x44,
    /// <summary>Timer count register: counts PCI clocks; any write restarts it from 0.</summary>
    Tctr = 0x48,
    /// <summary>Missed packet counter (24 bits); any write clears it.</summary>
    Mpc = 0x4C,
    /// <summary>93C46 command register: EEPROM programming and config-write enable.</summary>
    Cr9346 = 0x50,
    Config0 = 0x51,
    Config1 = 0x52,
    /// <summary>Timer interrupt register: TimeOut is raised when TCTR reaches it (0 disables).</summary>
    TimerInt = 0x54,
    /// <summary>Media status register.</summary>
    Msr = 0x58,
    Config3 = 0x59,
    Config4 = 0x5A,
    /// <summary>Multiple interrupt select (16-bit).</summary>
    Mulint = 0x5C,
    /// <summary>PCI revision ID (read-only, 0x10 on the 8139C).</summary>
    Rerid = 0x5E,
    /// <summary>Transmit status of all descriptors (16-bit, read-only summary of TSD0-3).</summary>
    TsadSummary = 0x60,
    /// <summary>Basic mode control register (the internal PHY's MII register 0).</summary>
    Bmcr = 0x62,
    /// <summary>Basic mode status register (MII register 1).</summary>
    Bmsr = 0x64,
    /// <summary>Auto-negotiation advertisement register.</summary>
    Anar = 0x66,
    /// <summary>Auto-negotiation link partner ability register.</summary>
    Anlpar = 0x68,
    /// <summary>Auto-negotiation expansion register.</summary>
    Aner = 0x6A,
    /// <summary>Disconnect counter.</summary>
    Dis = 0x6C,
    /// <summary>False carrier sense counter.</summary>
    Fcsc = 0x6E,
    Nwaytr = 0x70,
    /// <summary>RX_ER counter.</summary>
    Rec = 0x72,
    Cscr = 0x74,
    Config5 = 0xD8,
}

/// <summary>CR (0x37), datasheet 5.1 "Command Register".</summary>
[Flags]
public enum Rtl8139Cr : byte
{
    /// <summary>Receive buffer empty (read-only).</summary>
    Bufe = 0x01,
    /// <summary>Transmitter enable.</summary>
    Te = 0x04,
    /// <summary>Receiver enable.</summary>
    Re = 0x08,
    /// <summary>Software reset; reads 1 until the reset completes (immediately here).</summary>
    Rst = 0x10,
}

/// <summary>IMR (0x3C) and ISR (0x3E): the interrupt causes.</summary>
[Flags]
public enum Rtl8139Interrupt : ushort
{
    None = 0,
    /// <summary>Receive OK.</summary>
    Rok = 0x0001,
    /// <summary>Receive error (CRC or frame alignment).</summary>
    Rer = 0x0002,
    /// <summary>Transmit OK.</summary>
    Tok = 0x0004,
    /// <summary>Transmit error (aborted).</summary>
    Ter = 0x0008,
    /// <summary>Receive buffer overflow: the ring had no room; the frame was missed.</summary>
    Rxovw = 0x0010,
    /// <summary>Packet underrun / link change.</summary>
    PunLinkChg = 0x0020,
    /// <summary>Receive FIFO overflow.</summary>
    Fovw = 0x0040,
    /// <summary>Cable length change.</summary>
    LenChg = 0x2000,
    /// <summary>TCTR reached TimerInt.</summary>
    TimeOut = 0x4000,
    /// <summary>System error on the PCI bus (here: a DMA outside RAM).</summary>
    Serr = 0x8000,
    All = Rok | Rer | Tok | Ter | Rxovw | PunLinkChg | Fovw | LenChg | TimeOut | Serr,
}

/// <summary>TSD0-3 (0x10-0x1C), datasheet "Transmit Status Register".</summary>
[Flags]
public enum Rtl8139Tsd : uint
{
    /// <summary>Descriptor size in bytes, bits 0-12.</summary>
    SizeMask = 0x0000_1FFF,
    /// <summary>Set by the chip when the DMA of the frame is done; the driver clears it to start a transmission.</summary>
    Own = 0x0000_2000,
    /// <summary>Transmit FIFO underrun.</summary>
    Tun = 0x0000_4000,
    /// <summary>Transmit OK.</summary>
    Tok = 0x0000_8000,
    /// <summary>Early transmit threshold, bits 16-21, in units of 32 bytes (0 = 8 bytes).</summary>
    ErtxthMask = 0x003F_0000,
    /// <summary>Number of collisions, bits 24-27.</summary>
    NccMask = 0x0F00_0000,
    /// <summary>CD heart beat.</summary>
    Cdh = 0x1000_0000,
    /// <summary>Out of window collision.</summary>
    Owc = 0x2000_0000,
    /// <summary>Transmit abort.</summary>
    Tabt = 0x4000_0000,
    /// <summary>Carrier sense lost.</summary>
    Crs = 0x8000_0000,
}

/// <summary>TCR (0x40), datasheet "Transmit Configuration Register".</summary>
[Flags]
public enum Rtl8139Tcr : uint
{
    /// <summary>Clear abort: retransmit the aborted descriptor (self-clearing).</summary>
    Clrabt = 0x0000_0001,
    /// <summary>Tx retry count, bits 4-7.</summary>
    TxrrMask = 0x0000_00F0,
    /// <summary>Max DMA burst, bits 8-10.</summary>
    MxdmaMask = 0x0000_0700,
    /// <summary>Append CRC disabled (the frame in memory already carries it).</summary>
    Crc = 0x0001_0000,
    /// <summary>Loopback test, bits 17-18: 00 normal, 11 loopback.</summary>
    LbkMask = 0x0006_0000,
    /// <summary>Interframe gap, bits 24-25.</summary>
    IfgMask = 0x0300_0000,
    /// <summary>Hardware version ID A (bits 26-30) and B (bits 22-23), read-only.</summary>
    HwverIdMask = 0x7CC0_0000,
    /// <summary>The bits the driver may write.</summary>
    Writable = TxrrMask | MxdmaMask | Crc | LbkMask | IfgMask,
}

/// <summary>RCR (0x44), datasheet "Receive Configuration Register".</summary>
[Flags]
public enum Rtl8139Rcr : uint
{
    /// <summary>Accept all packets (promiscuous).</summary>
    Aap = 0x0000_0001,
    /// <summary>Accept physical match packets.</summary>
    Apm = 0x0000_0002,
    /// <summary>Accept multicast packets (through the MAR hash).</summary>
    Am = 0x0000_0004,
    /// <summary>Accept broadcast packets.</summary>
    Ab = 0x0000_0008,
    /// <summary>Accept runt packets.</summary>
    Ar = 0x0000_0010,
    /// <summary>Accept error packets.</summary>
    Aer = 0x0000_0020,
    /// <summary>1: a packet that reaches the end of the ring continues past it; 0: it wraps to the start.</summary>
    Wrap = 0x0000_0080,
    /// <summary>Max DMA burst, bits 8-10.</summary>
    MxdmaMask = 0x0000_0700,
    /// <summary>Ring length, bits 11-12: 8K, 16K, 32K or 64K (+16 bytes).</summary>
    RblenMask = 0x0000_1800,
    /// <summary>Rx FIFO threshold, bits 13-15.</summary>
    RxfthMask = 0x0000_E000,
    /// <summary>Rx error packets larger than 8 bytes.</summary>
    Rer8 = 0x0001_0000,
    /// <summary>Multiple early interrupt select.</summary>
    MulErInt = 0x0002_0000,
    /// <summary>Early Rx threshold, bits 24-27.</summary>
    ErthMask = 0x0F00_0000,
    Writable = Aap | Apm | Am | Ab | Ar | Aer | Wrap | MxdmaMask | RblenMask | RxfthMask | Rer8 | MulErInt | ErthMask,
}

/// <summary>Status word of the 4-byte header the chip writes before each received packet.</summary>
[Flags]
public enum Rtl8139RxStatus : ushort
{
    /// <summary>Receive OK.</summary>
    Rok = 0x0001,
    /// <summary>Frame alignment error.</summary>
    Fae = 0x0002,
    /// <summary>CRC error.</summary>
    Crc = 0x0004,
    /// <summary>Long packet (over 4 KiB).</summary>
    Long = 0x0008,
    /// <summary>Runt packet (under 64 bytes).</summary>
    Runt = 0x0010,
    /// <summary>Invalid symbol error.</summary>
    Ise = 0x0020,
    /// <summary>Broadcast address received.</summary>
    Bar = 0x2000,
    /// <summary>Physical address matched.</summary>
    Pam = 0x4000,
    /// <summary>Multicast address received.</summary>
    Mar = 0x8000,
}

/// <summary>9346CR (0x50), datasheet "93C46 Command Register".</summary>
[Flags]
public enum Rtl8139Cr9346 : byte
{
    /// <summary>EEPROM data out (read-only, the EEPROM's DO pin).</summary>
    Eedo = 0x01,
    /// <summary>EEPROM data in (drives DI).</summary>
    Eedi = 0x02,
    /// <summary>EEPROM serial clock.</summary>
    Eesk = 0x04,
    /// <summary>EEPROM chip select.</summary>
    Eecs = 0x08,
    /// <summary>Operating mode, bits 6-7.</summary>
    EemMask = 0xC0,
    /// <summary>EEM = 01: auto-load the EEPROM (then back to normal).</summary>
    AutoLoad = 0x40,
    /// <summary>EEM = 10: EEPROM programming (bit-banged through EECS/EESK/EEDI/EEDO).</summary>
    Programming = 0x80,
    /// <summary>EEM = 11: config register write enable.</summary>
    ConfigWriteEnable = 0xC0,
}

/// <summary>CONFIG1 (0x52).</summary>
[Flags]
public enum Rtl8139Config1 : byte
{
    /// <summary>Power management enable.</summary>
    Pmen = 0x01,
    /// <summary>Vital product data.</summary>
    Vpd = 0x02,
    /// <summary>Registers mapped into I/O space (read-only).</summary>
    Iomap = 0x04,
    /// <summary>Registers mapped into memory space (read-only).</summary>
    Memmap = 0x08,
    /// <summary>LWAKE active mode.</summary>
    Lwact = 0x10,
    /// <summary>Driver loaded.</summary>
    Dvrload = 0x20,
    /// <summary>LED pin select, bits 6-7.</summary>
    LedsMask = 0xC0,
}

/// <summary>CONFIG3 (0x59).</summary>
[Flags]
public enum Rtl8139Config3 : byte
{
    FbtbEn = 0x01,
    FuncRegEn = 0x02,
    ClkrunEn = 0x04,
    CardBEn = 0x08,
    /// <summary>Wake-up on link up.</summary>
    LinkUp = 0x10,
    Magic = 0x20,
    ParmEn = 0x40,
    GntSel = 0x80,
}

/// <summary>CONFIG4 (0x5A).</summary>
[Flags]
public enum Rtl8139Config4 : byte
{
    PbWakeup = 0x01,
    /// <summary>Power-management wake-up pattern select.</summary>
    Lwptn = 0x04,
    LwpmE = 0x10,
    /// <summary>Rx FIFO auto clear on overflow.</summary>
    RxFifoAutoClr = 0x80,
}

/// <summary>MSR (0x58), datasheet "Media Status Register".</summary>
[Flags]
public enum Rtl8139Msr : byte
{
    Rxpf = 0x01,
    Txpf = 0x02,
    /// <summary>Inverse of link status: 1 = link fail.</summary>
    Linkb = 0x04,
    /// <summary>1 = 10 Mb/s, 0 = 100 Mb/s.</summary>
    Speed10 = 0x08,
    AuxStatus = 0x10,
    Rxfce = 0x40,
    Txfce = 0x80,
}

/// <summary>BMCR (0x62): MII basic mode control.</summary>
[Flags]
public enum Rtl8139Bmcr : ushort
{
    /// <summary>Full duplex.</summary>
    Duplex = 0x0100,
    /// <summary>Restart auto-negotiation (self-clearing).</summary>
    RestartAutoNeg = 0x0200,
    /// <summary>Auto-negotiation enable.</summary>
    AutoNegEnable = 0x1000,
    /// <summary>Speed select: 1 = 100 Mb/s.</summary>
    Speed100 = 0x2000,
    /// <summary>PHY reset (self-clearing).</summary>
    Reset = 0x8000,
}

/// <summary>BMSR (0x64): MII basic mode status (read-only).</summary>
[Flags]
public enum Rtl8139Bmsr : ushort
{
    ExtendedCapability = 0x0001,
    LinkStatus = 0x0004,
    AutoNegAbility = 0x0008,
    RemoteFault = 0x0010,
    AutoNegComplete = 0x0020,
    Base10HalfDuplex = 0x0800,
    Base10FullDuplex = 0x1000,
    Base100TxHalfDuplex = 0x2000,
    Base100TxFullDuplex = 0x4000,
    Base100T4 = 0x8000,
}
