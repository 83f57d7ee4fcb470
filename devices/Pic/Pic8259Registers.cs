namespace PcEmu.Devices.Pic;

// Register map and command words of the Intel 8259A (datasheet, "Programming the 8259A":
// Figure 6, initialization command word format; Figure 7, operation command word format).
// The chip decodes one address line, A0.

/// <summary>The two addresses of one 8259A.</summary>
public enum Pic8259Register
{
    /// <summary>A0 = 0: ICW1, OCW2 and OCW3 on write; IRR, ISR or the poll byte on read.</summary>
    Command = 0,

    /// <summary>A0 = 1: ICW2-ICW4 during initialization, OCW1 (the mask) otherwise; reads the IMR.</summary>
    Data = 1,
}

/// <summary>ICW1, written to <see cref="Pic8259Register.Command"/> with D4 set.</summary>
[Flags]
public enum PicIcw1 : byte
{
    None = 0,
    /// <summary>IC4: an ICW4 follows. Without it every ICW4 function is zero.</summary>
    Icw4Needed = 0x01,
    /// <summary>SNGL: single controller, no ICW3.</summary>
    Single = 0x02,
    /// <summary>ADI: call address interval (8080/85 mode only; ignored).</summary>
    Interval4 = 0x04,
    /// <summary>LTIM: level-triggered inputs. On the PIIX this bit is ignored and the ELCR decides.</summary>
    LevelTriggered = 0x08,
    /// <summary>D4 = 1 marks the byte as ICW1.</summary>
    Initialize = 0x10,
}

/// <summary>ICW4.</summary>
[Flags]
public enum PicIcw4 : byte
{
    None = 0,
    /// <summary>uPM: 8086/88 mode (vector on the second INTA). The PC always sets it; 8080 mode is not modelled.</summary>
    Mode8086 = 0x01,
    /// <summary>AEOI: automatic end of interrupt at the end of the INTA sequence.</summary>
    AutoEoi = 0x02,
    /// <summary>M/S in buffered mode (ignored).</summary>
    BufferMaster = 0x04,
    /// <summary>BUF: buffered mode (ignored).</summary>
    Buffered = 0x08,
    /// <summary>SFNM: special fully nested mode (master only).</summary>
    SpecialFullyNested = 0x10,
}

/// <summary>OCW2 commands: bits R, SL and EOI (D7-D5). D2-D0 carry the level for the specific forms.</summary>
public enum PicOcw2Command : byte
{
    RotateInAutoEoiClear = 0x00,
    NonSpecificEoi = 0x20,
    NoOperation = 0x40,
    SpecificEoi = 0x60,
    RotateInAutoEoiSet = 0x80,
    RotateOnNonSpecificEoi = 0xA0,
    SetPriority = 0xC0,
    RotateOnSpecificEoi = 0xE0,
}

/// <summary>OCW2 field masks.</summary>
public static class PicOcw2
{
    public const byte CommandMask = 0xE0;
    public const byte LevelMask = 0x07;
}

/// <summary>OCW3, written to <see cref="Pic8259Register.Command"/> with D4 = 0 and D3 = 1.</summary>
[Flags]
public enum PicOcw3 : byte
{
    None = 0,
    /// <summary>RIS: with RR, read the ISR (1) or the IRR (0) on the next command-port reads.</summary>
    ReadIsr = 0x01,
    /// <summary>RR: act on RIS.</summary>
    ReadRegister = 0x02,
    /// <summary>P: poll command; the next read returns the poll byte and acts as INTA.</summary>
    Poll = 0x04,
    /// <summary>D3 = 1 marks the byte as OCW3.</summary>
    Select = 0x08,
    /// <summary>SMM: special mask mode on (1) or off (0).</summary>
    SpecialMask = 0x20,
    /// <summary>ESMM: act on SMM.</summary>
    EnableSpecialMask = 0x40,
}

/// <summary>The poll byte: I (an interrupt is pending) and W2-W0 (the highest requesting level).</summary>
[Flags]
public enum PicPollByte : byte
{
    None = 0,
    LevelMask = 0x07,
    Interrupt = 0x80,
}
