namespace PcEmu.Devices.Rtc;

// Register map of the Motorola MC146818A real-time clock (datasheet, "Address Map",
// Figure 4, and "Registers", Tables 3-5). Bytes 0x0E-0x7F are battery-backed user RAM; their
// PC meaning is in PcCmos.

/// <summary>Register indexes 0x00-0x0D; the index is what the PC writes to port 0x70.</summary>
public enum RtcRegister : byte
{
    Seconds = 0x00,
    SecondsAlarm = 0x01,
    Minutes = 0x02,
    MinutesAlarm = 0x03,
    /// <summary>In 12-hour mode bit 7 is set for PM and the hour runs 1-12.</summary>
    Hours = 0x04,
    HoursAlarm = 0x05,
    /// <summary>1-7, Sunday = 1; the chip only increments it at midnight.</summary>
    DayOfWeek = 0x06,
    DayOfMonth = 0x07,
    Month = 0x08,
    /// <summary>Two digits; the century lives in CMOS byte 0x32 (IBM convention).</summary>
    Year = 0x09,
    StatusA = 0x0A,
    StatusB = 0x0B,
    StatusC = 0x0C,
    StatusD = 0x0D,
}

/// <summary>Register A: update-in-progress, divider chain control, periodic rate select.</summary>
[Flags]
public enum RtcStatusA : byte
{
    None = 0,
    /// <summary>RS3-RS0: periodic interrupt / square wave rate; 0 = off.</summary>
    RateSelectMask = 0x0F,
    /// <summary>DV2-DV0: 010 = 32.768 kHz time base running; 11x = divider chain held in reset.</summary>
    DividerMask = 0x70,
    /// <summary>UIP (read-only): an update cycle starts within 244 us.</summary>
    UpdateInProgress = 0x80,
}

/// <summary>Register B: control.</summary>
[Flags]
public enum RtcStatusB : byte
{
    None = 0,
    /// <summary>DSE: daylight saving adjustments (stored; not applied, see Mc146818Rtc).</summary>
    DaylightSavingEnable = 0x01,
    /// <summary>24/12: set for 24-hour mode.</summary>
    Hour24 = 0x02,
    /// <summary>DM: set for binary, clear for BCD.</summary>
    BinaryMode = 0x04,
    /// <summary>SQWE: square wave output (not wired on a PC).</summary>
    SquareWaveEnable = 0x08,
    /// <summary>UIE: update-ended interrupt enable.</summary>
    UpdateEndedInterruptEnable = 0x10,
    /// <summary>AIE: alarm interrupt enable.</summary>
    AlarmInterruptEnable = 0x20,
    /// <summary>PIE: periodic interrupt enable.</summary>
    PeriodicInterruptEnable = 0x40,
    /// <summary>SET: updates inhibited so software can load the time; setting it clears UIE.</summary>
    Set = 0x80,
    /// <summary>The bits whose flag in register C can raise IRQF (same positions).</summary>
    InterruptEnables = UpdateEndedInterruptEnable | AlarmInterruptEnable | PeriodicInterruptEnable,
    /// <summary>The bits that choose how the time registers are encoded.</summary>
    DataMode = Hour24 | BinaryMode,
}

/// <summary>Register C (read-only, cleared by reading): interrupt flags.</summary>
[Flags]
public enum RtcStatusC : byte
{
    None = 0,
    /// <summary>UF: an update cycle ended.</summary>
    UpdateEnded = 0x10,
    /// <summary>AF: the time matched the alarm.</summary>
    Alarm = 0x20,
    /// <summary>PF: a periodic edge occurred (set whether or not PIE is set).</summary>
    Periodic = 0x40,
    /// <summary>IRQF: some flag is set with its enable bit; mirrors the IRQ pin.</summary>
    InterruptRequest = 0x80,
    Flags = UpdateEnded | Alarm | Periodic,
}

/// <summary>Register D (read-only).</summary>
[Flags]
public enum RtcStatusD : byte
{
    None = 0,
    /// <summary>VRT: the battery is good; always set.</summary>
    ValidRamAndTime = 0x80,
}
