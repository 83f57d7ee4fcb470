namespace PcEmu.Devices.Pit;

// Register map and control word of the Intel 82C54 (datasheet, "Programming the 8254":
// Table 1 read/write operations, Figure 7 control word format, Figure 20 read-back command,
// Figure 21 status byte). The chip decodes A1-A0.

/// <summary>The four addresses of the 8254.</summary>
public enum Pit8254Register
{
    Counter0 = 0,
    Counter1 = 1,
    Counter2 = 2,

    /// <summary>Control word (write only; a read is a no-operation and floats).</summary>
    Control = 3,
}

/// <summary>The six counter modes (control word M2-M1-M0; 110 and 111 are the don't-care forms of modes 2 and 3).</summary>
public enum PitMode : byte
{
    InterruptOnTerminalCount = 0,
    HardwareRetriggerableOneShot = 1,
    RateGenerator = 2,
    SquareWave = 3,
    SoftwareTriggeredStrobe = 4,
    HardwareTriggeredStrobe = 5,
}

/// <summary>Control word RW1-RW0: how the counter's bytes are read and written.</summary>
public enum PitAccess : byte
{
    /// <summary>00: counter latch command (not a mode a counter keeps).</summary>
    LatchCommand = 0,
    LowByteOnly = 1,
    HighByteOnly = 2,
    LowThenHigh = 3,
}

/// <summary>Control word fields.</summary>
public static class PitControlWord
{
    public const int SelectShift = 6;
    public const int AccessShift = 4;
    public const int ModeShift = 1;
    public const byte ModeMask = 0x07;
    public const byte AccessMask = 0x03;
    public const byte Bcd = 0x01;

    /// <summary>SC1-SC0 = 11: the read-back command.</summary>
    public const int ReadBackSelect = 3;
}

/// <summary>The read-back command (control word with SC = 11).</summary>
[Flags]
public enum PitReadBack : byte
{
    None = 0,
    Counter0 = 0x02,
    Counter1 = 0x04,
    Counter2 = 0x08,
    /// <summary>STATUS bit: 0 latches the status of the selected counters.</summary>
    NoStatus = 0x10,
    /// <summary>COUNT bit: 0 latches the count of the selected counters.</summary>
    NoCount = 0x20,
}

/// <summary>The status byte returned after a read-back with STATUS = 0.</summary>
[Flags]
public enum PitStatus : byte
{
    None = 0,
    Bcd = 0x01,
    ModeMask = 0x0E,
    AccessMask = 0x30,
    /// <summary>The count register has been written but not yet loaded into the counting element.</summary>
    NullCount = 0x40,
    /// <summary>The level of the OUT pin.</summary>
    Output = 0x80,
}

/// <summary>Port 0x61, the AT's system control port B, as far as the timer is concerned.</summary>
[Flags]
public enum SystemControlPortBBits : byte
{
    None = 0,
    /// <summary>Read/write: the GATE input of counter 2.</summary>
    Timer2Gate = 0x01,
    /// <summary>Read/write: speaker data enable (ANDed with OUT2 to drive the speaker).</summary>
    SpeakerData = 0x02,
    /// <summary>Read only: toggles with each DRAM refresh request (every 15.085 us).</summary>
    RefreshToggle = 0x10,
    /// <summary>Read only: the OUT pin of counter 2.</summary>
    Timer2Output = 0x20,
    Writable = Timer2Gate | SpeakerData,
}
