namespace PcEmu.Devices.Vga;

/// <summary>
/// The VGA's I/O ports (IBM VGA Technical Reference; FreeVGA "VGA Registers"). The CRTC and
/// input status 1 answer at 0x3Dx with Misc Output bit 0 set (colour) and at 0x3Bx with it
/// clear (monochrome); the port of the other mode is not decoded.
/// </summary>
public enum VgaPort : ushort
{
    CrtcIndexMono = 0x3B4,
    CrtcDataMono = 0x3B5,
    InputStatus1Mono = 0x3BA, // write: feature control
    AttributeIndexData = 0x3C0,
    AttributeDataRead = 0x3C1,
    MiscOutputWrite = 0x3C2, // read: input status 0
    SequencerIndex = 0x3C4,
    SequencerData = 0x3C5,
    DacPelMask = 0x3C6,
    DacReadIndex = 0x3C7, // read: DAC state
    DacWriteIndex = 0x3C8,
    DacData = 0x3C9,
    FeatureControlRead = 0x3CA,
    MiscOutputRead = 0x3CC,
    GraphicsIndex = 0x3CE,
    GraphicsData = 0x3CF,
    CrtcIndexColor = 0x3D4,
    CrtcDataColor = 0x3D5,
    InputStatus1Color = 0x3DA, // write: feature control
}

/// <summary>Miscellaneous Output register (write 0x3C2, read 0x3CC).</summary>
[Flags]
public enum VgaMiscOutput : byte
{
    /// <summary>I/OAS: 1 = CRTC at 0x3D4/5 and status at 0x3DA (colour), 0 = 0x3B4/5, 0x3BA.</summary>
    IoAddressSelect = 0x01,
    RamEnable = 0x02,
    ClockSelectMask = 0x0C,
    OddEvenPageSelect = 0x20,
    HSyncPolarity = 0x40,
    VSyncPolarity = 0x80,
}

/// <summary>Input Status #1 (0x3DA / 0x3BA).</summary>
[Flags]
public enum VgaInputStatus1 : byte
{
    /// <summary>DD: the display is in a horizontal or vertical blanking interval.</summary>
    DisplayDisabled = 0x01,
    /// <summary>VRetrace: the vertical retrace interval.</summary>
    VerticalRetrace = 0x08,
}

/// <summary>Sequencer registers (index at 0x3C4).</summary>
public enum SequencerRegister : byte
{
    Reset = 0x00,
    ClockingMode = 0x01,
    MapMask = 0x02,
    CharacterMapSelect = 0x03,
    MemoryMode = 0x04,
}

/// <summary>Sequencer Clocking Mode (SR01).</summary>
[Flags]
public enum SequencerClockingMode : byte
{
    /// <summary>9/8DM: 1 = 8-dot character clocks, 0 = 9-dot.</summary>
    EightDotMode = 0x01,
    ShiftLoadRate = 0x04,
    DotClockDivide = 0x08,
    Shift4 = 0x10,
    /// <summary>SD: screen disable (the display is blanked; memory stays accessible).</summary>
    ScreenDisable = 0x20,
}

/// <summary>Sequencer Memory Mode (SR04).</summary>
[Flags]
public enum SequencerMemoryMode : byte
{
    ExtendedMemory = 0x02,
    /// <summary>O/E Dis.: 1 = host addresses select planes sequentially, 0 = odd/even addressing.</summary>
    OddEvenDisable = 0x04,
    /// <summary>Chain 4: host address bits 0-1 select the plane.</summary>
    Chain4 = 0x08,
}

/// <summary>CRT controller registers (index at 0x3D4/0x3B4).</summary>
public enum CrtcRegister : byte
{
    HorizontalTotal = 0x00,
    HorizontalDisplayEnd = 0x01,
    StartHorizontalBlanking = 0x02,
    EndHorizontalBlanking = 0x03,
    StartHorizontalRetrace = 0x04,
    EndHorizontalRetrace = 0x05,
    VerticalTotal = 0x06,
    Overflow = 0x07,
    PresetRowScan = 0x08,
    MaximumScanLine = 0x09,
    CursorStart = 0x0A,
    CursorEnd = 0x0B,
    StartAddressHigh = 0x0C,
    StartAddressLow = 0x0D,
    CursorLocationHigh = 0x0E,
    CursorLocationLow = 0x0F,
    VerticalRetraceStart = 0x10,
    VerticalRetraceEnd = 0x11,
    VerticalDisplayEnd = 0x12,
    Offset = 0x13,
    UnderlineLocation = 0x14,
    StartVerticalBlanking = 0x15,
    EndVerticalBlanking = 0x16,
    ModeControl = 0x17,
    LineCompare = 0x18,
}

/// <summary>Bits of the CRTC registers the model and renderer use.</summary>
public static class CrtcBits
{
    /// <summary>CR11 bit 7: CR00-CR07 are write-protected (except CR07 bit 4).</summary>
    public const byte Protect = 0x80;

    /// <summary>CR07 bit 4 (line compare bit 8) stays writable under <see cref="Protect"/>.</summary>
    public const byte OverflowLineCompare8 = 0x10;

    /// <summary>CR07 bits 1 and 6: vertical display end bits 8 and 9.</summary>
    public const byte OverflowDisplayEnd8 = 0x02, OverflowDisplayEnd9 = 0x40;

    /// <summary>CR09 bit 7: scan doubling; bits 0-4: maximum scan line.</summary>
    public const byte ScanDoubling = 0x80, MaximumScanLineMask = 0x1F;

    /// <summary>CR0A bit 5: cursor disable; bits 0-4: cursor scan line start.</summary>
    public const byte CursorDisable = 0x20, CursorScanLineMask = 0x1F;

    /// <summary>CR14 bit 6: double-word addressing.</summary>
    public const byte DoubleWordMode = 0x40;

    /// <summary>CR17 bit 6: byte mode (1) or word mode (0).</summary>
    public const byte ByteMode = 0x40;
}

/// <summary>Graphics controller registers (index at 0x3CE).</summary>
public enum GraphicsRegister : byte
{
    SetReset = 0x00,
    EnableSetReset = 0x01,
    ColorCompare = 0x02,
    DataRotate = 0x03,
    ReadMapSelect = 0x04,
    GraphicsMode = 0x05,
    Miscellaneous = 0x06,
    ColorDontCare = 0x07,
    BitMask = 0x08,
}

/// <summary>Graphics Mode (GR05) fields.</summary>
public static class GraphicsModeBits
{
    public const byte WriteModeMask = 0x03;
    public const byte ReadMode = 0x08;
    /// <summary>Host odd/even read addressing.</summary>
    public const byte HostOddEven = 0x10;
    /// <summary>Shift register interleave (CGA 4-colour modes).</summary>
    public const byte ShiftInterleave = 0x20;
    /// <summary>256-colour shift mode (mode 13h).</summary>
    public const byte Shift256 = 0x40;
}

/// <summary>Graphics Miscellaneous (GR06) fields.</summary>
public static class GraphicsMiscBits
{
    /// <summary>Alphanumeric mode disable: 1 = graphics.</summary>
    public const byte Graphics = 0x01;
    public const byte ChainOddEven = 0x02;
    public const byte MemoryMapShift = 2;
    public const byte MemoryMapMask = 0x0C;
}

/// <summary>Data Rotate (GR03) logical operations.</summary>
public enum VgaLogicalOperation : byte
{
    Replace = 0,
    And = 1,
    Or = 2,
    Xor = 3,
}

/// <summary>Attribute controller registers (index written to 0x3C0).</summary>
public enum AttributeRegister : byte
{
    Palette0 = 0x00,
    Palette15 = 0x0F,
    ModeControl = 0x10,
    OverscanColor = 0x11,
    ColorPlaneEnable = 0x12,
    HorizontalPelPanning = 0x13,
    ColorSelect = 0x14,
}

/// <summary>Attribute Mode Control (AR10).</summary>
[Flags]
public enum AttributeModeControl : byte
{
    Graphics = 0x01,
    MonochromeEmulation = 0x02,
    /// <summary>LGE: the ninth dot of characters C0h-DFh repeats the eighth.</summary>
    LineGraphicsEnable = 0x04,
    /// <summary>Blink: attribute bit 7 blinks the character instead of selecting bright backgrounds.</summary>
    BlinkEnable = 0x08,
    PelPanningCompatibility = 0x20,
    /// <summary>8BIT: two 4-bit pixels form one 8-bit colour (256-colour modes).</summary>
    EightBitColor = 0x40,
    /// <summary>P54S: palette bits 5-4 come from the colour select register.</summary>
    PaletteBits54Select = 0x80,
}

/// <summary>The attribute controller's index byte: bit 5 (PAS) gives the palette to the display.</summary>
public static class AttributeIndexBits
{
    public const byte IndexMask = 0x1F;
    public const byte PaletteAddressSource = 0x20;
}
