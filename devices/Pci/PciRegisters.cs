namespace PcEmu.Devices.Pci;

// The type 0 configuration header (PCI Local Bus Specification 2.2, section 6.1, Figure 6-1).

/// <summary>Offsets in a function's 256-byte configuration space.</summary>
public enum PciConfigRegister : byte
{
    VendorId = 0x00,
    DeviceId = 0x02,
    Command = 0x04,
    Status = 0x06,
    RevisionId = 0x08,
    /// <summary>Programming interface; the sub-class is at 0x0A and the base class at 0x0B.</summary>
    ClassCode = 0x09,
    CacheLineSize = 0x0C,
    LatencyTimer = 0x0D,
    /// <summary>Bit 7: multi-function device; bits 6-0: header layout (0 = ordinary device).</summary>
    HeaderType = 0x0E,
    Bist = 0x0F,
    /// <summary>The six base address registers, 4 bytes each (0x10-0x27).</summary>
    Bar0 = 0x10,
    SubsystemVendorId = 0x2C,
    SubsystemId = 0x2E,
    ExpansionRom = 0x30,
    CapabilitiesPointer = 0x34,
    /// <summary>Which ISA IRQ the INTx# pin is routed to; written by firmware, read by the driver.</summary>
    InterruptLine = 0x3C,
    /// <summary>Which pin the function uses: 0 = none, 1-4 = INTA#-INTD#. Read-only.</summary>
    InterruptPin = 0x3D,
    MinGrant = 0x3E,
    MaxLatency = 0x3F,
}

/// <summary>The command register (section 6.2.2).</summary>
[Flags]
public enum PciCommand : ushort
{
    None = 0,
    /// <summary>Decode the function's I/O BARs.</summary>
    IoSpace = 0x0001,
    /// <summary>Decode the function's memory BARs.</summary>
    MemorySpace = 0x0002,
    /// <summary>The function may master the bus (DMA).</summary>
    BusMaster = 0x0004,
    SpecialCycles = 0x0008,
    MemoryWriteInvalidate = 0x0010,
    VgaPaletteSnoop = 0x0020,
    ParityErrorResponse = 0x0040,
    SteppingControl = 0x0080,
    SerrEnable = 0x0100,
    FastBackToBack = 0x0200,
    /// <summary>PCI 2.3: the function must not assert INTx#.</summary>
    InterruptDisable = 0x0400,
}

/// <summary>The status register (section 6.2.3). Error bits are cleared by writing 1.</summary>
[Flags]
public enum PciStatus : ushort
{
    None = 0,
    /// <summary>PCI 2.3: the function's INTx# is asserted internally (before Interrupt Disable).</summary>
    InterruptStatus = 0x0008,
    CapabilitiesList = 0x0010,
    FastBackToBackCapable = 0x0080,
    MasterDataParityError = 0x0100,
    /// <summary>DEVSEL timing bits 10-9: 01 = medium.</summary>
    DevselMedium = 0x0200,
    SignaledTargetAbort = 0x0800,
    ReceivedTargetAbort = 0x1000,
    ReceivedMasterAbort = 0x2000,
    SignaledSystemError = 0x4000,
    DetectedParityError = 0x8000,
    /// <summary>The write-one-to-clear error bits.</summary>
    ErrorBits = MasterDataParityError | SignaledTargetAbort | ReceivedTargetAbort | ReceivedMasterAbort | SignaledSystemError | DetectedParityError,
}

/// <summary>The low bits of a base address register (section 6.2.5.1).</summary>
[Flags]
public enum PciBarFlags : uint
{
    None = 0,
    /// <summary>Bit 0: an I/O BAR (bits 31-2 are the address).</summary>
    IoSpace = 0x1,
    /// <summary>Memory BAR bits 2-1: 00 = anywhere in 32-bit space, 10 = 64-bit.</summary>
    MemoryType64 = 0x4,
    /// <summary>Memory BAR bit 3.</summary>
    Prefetchable = 0x8,
    IoAddressMask = 0xFFFF_FFFC,
    MemoryAddressMask = 0xFFFF_FFF0,
}

/// <summary>Header type bits.</summary>
[Flags]
public enum PciHeaderType : byte
{
    Device = 0x00,
    MultiFunction = 0x80,
}
