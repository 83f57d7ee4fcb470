namespace PcEmu.Devices.Ps2;

// The 8042 keyboard controller as IBM programmed it for the PC/AT and PS/2 (IBM PS/2
// Hardware Interface Technical Reference, "Keyboard/Auxiliary Device Controller"), and the
// device command sets of the PS/2 keyboard and mouse.

/// <summary>The status register (read from port 0x64).</summary>
[Flags]
public enum I8042Status : byte
{
    None = 0,
    /// <summary>OBF: a byte waits in the output buffer (port 0x60).</summary>
    OutputBufferFull = 0x01,
    /// <summary>IBF: the controller has not yet taken the last byte written. Always 0 here: writes are handled at once.</summary>
    InputBufferFull = 0x02,
    /// <summary>SYS: set by a successful self-test (or the command byte's SYS bit).</summary>
    SystemFlag = 0x04,
    /// <summary>A2: the last write went to port 0x64 (a command) rather than 0x60 (data).</summary>
    CommandLast = 0x08,
    /// <summary>INH: the keyboard lock switch; 1 = not inhibited.</summary>
    KeyboardUnlocked = 0x10,
    /// <summary>AUXB: the output buffer holds a byte from the mouse.</summary>
    AuxiliaryData = 0x20,
    Timeout = 0x40,
    ParityError = 0x80,
}

/// <summary>The command byte (controller RAM byte 0; commands 0x20 / 0x60).</summary>
[Flags]
public enum I8042CommandByte : byte
{
    None = 0,
    /// <summary>Raise IRQ 1 when a keyboard byte is in the output buffer.</summary>
    KeyboardInterrupt = 0x01,
    /// <summary>Raise IRQ 12 when a mouse byte is in the output buffer.</summary>
    AuxiliaryInterrupt = 0x02,
    /// <summary>Copied to the SYS bit of the status register.</summary>
    SystemFlag = 0x04,
    /// <summary>Ignore the keyboard lock switch (AT: inhibit override).</summary>
    IgnoreKeyLock = 0x08,
    /// <summary>Keyboard interface disabled (clock held low).</summary>
    KeyboardDisabled = 0x10,
    /// <summary>Mouse interface disabled.</summary>
    AuxiliaryDisabled = 0x20,
    /// <summary>Translate keyboard bytes from scan code set 2 to set 1.</summary>
    Translate = 0x40,
}

/// <summary>The output port (commands 0xD0 / 0xD1).</summary>
[Flags]
public enum I8042OutputPort : byte
{
    None = 0,
    /// <summary>System reset line; 0 resets the CPU.</summary>
    SystemReset = 0x01,
    /// <summary>A20 gate; 1 lets address line 20 through.</summary>
    A20Gate = 0x02,
    /// <summary>Reflects "keyboard output buffer full" (IRQ 1) when read.</summary>
    KeyboardBufferFull = 0x10,
    /// <summary>Reflects "mouse output buffer full" (IRQ 12) when read.</summary>
    AuxiliaryBufferFull = 0x20,
    /// <summary>Keyboard clock and data lines; they read as 1.</summary>
    KeyboardLines = 0xC0,
    /// <summary>Mouse clock and data lines (bits 2-3 on a PS/2 controller); they read as 1.</summary>
    AuxiliaryLines = 0x0C,
}

/// <summary>Commands written to port 0x64.</summary>
public enum I8042Command : byte
{
    /// <summary>0x20-0x3F: read controller RAM byte (0x20 = the command byte).</summary>
    ReadRam = 0x20,
    /// <summary>0x60-0x7F: write controller RAM byte (0x60 = the command byte); the byte follows on port 0x60.</summary>
    WriteRam = 0x60,
    DisableAuxiliary = 0xA7,
    EnableAuxiliary = 0xA8,
    /// <summary>Mouse interface test: 0x00 = no error.</summary>
    TestAuxiliary = 0xA9,
    /// <summary>Controller self-test: 0x55 = passed.</summary>
    SelfTest = 0xAA,
    /// <summary>Keyboard interface test: 0x00 = no error.</summary>
    TestKeyboard = 0xAB,
    DisableKeyboard = 0xAD,
    EnableKeyboard = 0xAE,
    ReadInputPort = 0xC0,
    ReadOutputPort = 0xD0,
    WriteOutputPort = 0xD1,
    /// <summary>The next data byte appears in the output buffer as if sent by the keyboard.</summary>
    WriteKeyboardOutput = 0xD2,
    /// <summary>The next data byte appears in the output buffer as if sent by the mouse.</summary>
    WriteAuxiliaryOutput = 0xD3,
    /// <summary>The next data byte goes to the mouse.</summary>
    WriteAuxiliary = 0xD4,
    /// <summary>HP Vectra A20 control (QEMU supports it): disable A20.</summary>
    DisableA20 = 0xDD,
    EnableA20 = 0xDF,
    ReadTestInputs = 0xE0,
    /// <summary>0xF0-0xFF: pulse the output port bits whose low-nibble bit is 0; 0xFE pulses reset.</summary>
    PulseOutputPort = 0xF0,
    PulseReset = 0xFE,
}

/// <summary>Commands the host sends to a PS/2 keyboard.</summary>
public enum Ps2KeyboardCommand : byte
{
    None = 0,
    SetLeds = 0xED,
    Echo = 0xEE,
    /// <summary>Parameter 0 reads the current set; 1-3 select one.</summary>
    ScanCodeSet = 0xF0,
    Identify = 0xF2,
    SetTypematic = 0xF3,
    Enable = 0xF4,
    DisableAndDefaults = 0xF5,
    SetDefaults = 0xF6,
    SetAllTypematic = 0xF7,
    SetKeyMakeOnly = 0xFD,
    Resend = 0xFE,
    Reset = 0xFF,
}

/// <summary>Commands the host sends to a PS/2 mouse.</summary>
public enum Ps2MouseCommand : byte
{
    None = 0,
    SetScaling1To1 = 0xE6,
    SetScaling2To1 = 0xE7,
    SetResolution = 0xE8,
    StatusRequest = 0xE9,
    SetStreamMode = 0xEA,
    ReadData = 0xEB,
    ResetWrapMode = 0xEC,
    SetWrapMode = 0xEE,
    SetRemoteMode = 0xF0,
    GetDeviceId = 0xF2,
    SetSampleRate = 0xF3,
    EnableReporting = 0xF4,
    DisableReporting = 0xF5,
    SetDefaults = 0xF6,
    Resend = 0xFE,
    Reset = 0xFF,
}
