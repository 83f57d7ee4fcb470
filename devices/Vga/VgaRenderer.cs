using System.Runtime.InteropServices;

namespace PcEmu.Devices.Vga;

/// <summary>
/// Turns the state of a <see cref="VgaAdapter"/> into RGBA frames, apart from the register model.
/// One API for the desktop window and the headless screenshot: <see cref="TryRenderFrame"/>
/// renders only when the picture may have changed (the VGA's <see cref="VgaAdapter.Generation"/>
/// moved, or a text-mode blink phase flipped on the virtual clock) and says whether it did.
/// <para>
/// Modes, chosen from the registers as the hardware would scan them: the Bochs VBE mode when
/// enabled (8/15/16/24/32 bpp, virtual width and X/Y offsets); otherwise a blank (black)
/// screen while PAS is clear or SR01 disables the screen; text when GR06 bit 0 is clear
/// (VgaRenderer.Text.cs); 256-colour when GR05 bit 6 is set, else 16-colour planar
/// (VgaRenderer.Graphics.cs). Geometry comes from the CRTC: CR01 (characters per line),
/// CR12/CR07 (displayed lines), CR09 (scan lines per row, scan doubling), CR0C/CR0D (start),
/// CR13 (offset), CR14/CR17 (double-word, word or byte addressing); SR01 (8/9-dot cells).
/// Colours go through the colour plane enable, the attribute palette (with P54S and colour
/// select), the pel mask and the DAC (6-bit components scaled as QEMU does; 8-bit with the
/// VBE 8-bit DAC bit).
/// </para>
/// <para>
/// <see cref="VgaRenderProfile"/> chooses between the hardware's picture at the mode's own
/// resolution and QEMU's (for screendump comparisons).
/// </para>
/// <para>
/// Line compare (split screen) restarts the display at address 0 after its scan line.
/// </para>
/// <para>
/// Known gaps: preset row scan, the CGA-compatible 4-colour
/// modes 4/5 (GR05 bit 5) and CR17 address wrapping are not rendered; the overscan border is
/// not drawn.
/// </para>
/// </summary>
public sealed partial class VgaRenderer
{
    /// <summary>The blank picture's size when the registers describe no usable mode.</summary>
    public const int FallbackWidth = 640, FallbackHeight = 480;

    private const int MaxDimension = 4096;

    private readonly VgaAdapter _vga;
    private readonly VgaRenderProfile _profile;
    private readonly uint[] _palette = new uint[256];
    private VgaFrame? _frame;
    private long _renderedGeneration = -1;
    private int _renderedBlinkPhase = -1;
    private long _frameCount;

    public VgaRenderer(VgaAdapter vga, VgaRenderProfile profile = VgaRenderProfile.Native)
    {
        ArgumentNullException.ThrowIfNull(vga);
        _vga = vga;
        _profile = profile;
    }

    public VgaRenderProfile Profile => _profile;

    /// <summary>
    /// Pins the text cursor's blink phase (true: shown, false: blinked off) instead of following
    /// the virtual clock; null (the default) follows it. For screenshot comparisons with a
    /// machine whose phase follows its host clock (QEMU).
    /// </summary>
    public bool? CursorPhase { get; set; }

    /// <summary>The last frame produced, or null before the first.</summary>
    public VgaFrame? LastFrame => _frame;

    /// <summary>
    /// Renders a new frame if the picture may have changed since the last one and returns
    /// true; otherwise returns false. Either way <paramref name="frame"/> is the current
    /// picture (the first call always renders).
    /// </summary>
    public bool TryRenderFrame(out VgaFrame frame)
    {
        int blinkPhase = BlinkPhase();
        if (_frame is not null && _renderedGeneration == _vga.Generation && _renderedBlinkPhase == blinkPhase)
        {
            frame = _frame;
            return false;
        }
        _renderedGeneration = _vga.Generation;
        _renderedBlinkPhase = blinkPhase;
        frame = Render();
        return true;
    }

    /// <summary>The current picture, rendering it first if it may have changed (for screenshots).</summary>
    public VgaFrame Capture()
    {
        TryRenderFrame(out VgaFrame frame);
        return frame;
    }

    private VgaFrame Render()
    {
        LoadPalette();
        VgaFrame frame;
        if (_vga.Vbe.Enabled)
        {
            frame = NewFrame(_vga.Vbe.XRes, _vga.Vbe.YRes);
            RenderVbe(frame);
        }
        else if (!IsGraphicsMode)
        {
            TextGeometry text = GetTextGeometry();
            frame = NewFrame(text.Columns * text.CellWidth, text.Rows * text.CellHeight);
            if (IsBlanked)
                Clear(frame);
            else
                RenderText(frame, text);
        }
        else
        {
            GraphicsGeometry graphics = GetGraphicsGeometry();
            frame = NewFrame(graphics.Width, graphics.Height);
            if (IsBlanked)
                Clear(frame);
            else if (graphics.Is256Color)
                Render256(frame, graphics);
            else
                RenderPlanar(frame, graphics);
        }
        frame.Number = ++_frameCount;
        return frame;
    }

    private bool IsGraphicsMode => (_vga.GetGraphics(GraphicsRegister.Miscellaneous) & GraphicsMiscBits.Graphics) != 0;

    private bool IsBlanked =>
        !_vga.PaletteAddressSource
        || (_vga.GetSequencer(SequencerRegister.ClockingMode) & (byte)SequencerClockingMode.ScreenDisable) != 0;

    /// <summary>
    /// Bit 0: the cursor is shown (toggles every 8 frames, 16 in the QEMU profile); bit 1:
    /// blinking characters are shown (every 16 frames; never in the QEMU profile). Only text
    /// mode blinks; other modes report a constant.
    /// </summary>
    private int BlinkPhase()
    {
        if (_vga.Vbe.Enabled || IsGraphicsMode)
            return 0;
        long frame = VgaTiming.FrameAt(_vga.Clock.NowNanoseconds);
        int phase = _profile == VgaRenderProfile.Qemu
            ? (int)((frame >> 4) & 1)
            : (int)((frame >> 3) & 1) | (int)(((frame >> 4) & 1) << 1);
        if (CursorPhase is { } shown)
            phase = (phase & ~1) | (shown ? 1 : 0);
        return phase;
    }

    private VgaFrame NewFrame(int width, int height)
    {
        if (width <= 0 || height <= 0 || width > MaxDimension || height > MaxDimension)
            (width, height) = (FallbackWidth, FallbackHeight);
        if (_frame is null || _frame.Width != width || _frame.Height != height)
            _frame = new VgaFrame(width, height);
        return _frame;
    }

    private static void Clear(VgaFrame frame) => Pixels(frame).Fill(Rgba(0, 0, 0));

    private static Span<uint> Pixels(VgaFrame frame) => MemoryMarshal.Cast<byte, uint>(frame.Pixels.AsSpan());

    /// <summary>A pixel in the frame's byte order (R, G, B, A in memory on a little-endian host).</summary>
    private static uint Rgba(byte r, byte g, byte b) =>
        BitConverter.IsLittleEndian
            ? 0xFF00_0000u | (uint)b << 16 | (uint)g << 8 | r
            : (uint)r << 24 | (uint)g << 16 | (uint)b << 8 | 0xFF;

    /// <summary>The DAC as frame pixels, indexed by DAC entry (the pel mask is applied by <see cref="DacColor"/>).</summary>
    private void LoadPalette()
    {
        bool eightBit = _vga.Vbe.EightBitDac;
        for (int i = 0; i < 256; i++)
        {
            (byte r, byte g, byte b) = _vga.GetDacEntry(i);
            _palette[i] = eightBit ? Rgba(r, g, b) : Rgba(Scale6(r), Scale6(g), Scale6(b));
        }
    }

    /// <summary>
    /// A 6-bit DAC component on the 8-bit scale as QEMU's c6_to_8 does it: shifted up with its
    /// lowest bit copied into the two new bits (0 -> 00h, 2Ah -> A8h, 3Fh -> FFh).
    /// </summary>
    private static byte Scale6(byte value)
    {
        int v = value & 0x3F;
        int low = v & 1;
        return (byte)(v << 2 | low << 1 | low);
    }

    private uint DacColor(int index) => _palette[index & _vga.PelMask];

    /// <summary>A 4-bit pixel through the colour plane enable, the attribute palette and colour select to a DAC colour.</summary>
    private uint AttributeColor(int color)
    {
        if (_profile == VgaRenderProfile.Native)
            color &= _vga.GetAttribute(AttributeRegister.ColorPlaneEnable) & 0x0F;
        int palette = _vga.GetAttributePalette(color);
        int select = _vga.GetAttribute(AttributeRegister.ColorSelect);
        var mode = (AttributeModeControl)_vga.GetAttribute(AttributeRegister.ModeControl);
        int index = (mode & AttributeModeControl.PaletteBits54Select) != 0
            ? (palette & 0x0F) | (select & 0x03) << 4
            : palette & 0x3F;
        index |= (select & 0x0C) << 4;
        return DacColor(index);
    }

    /// <summary>The shift from a CRTC memory address to a plane address: 2 in double-word mode, 0 in byte mode, 1 in word mode.</summary>
    private int AddressShift()
    {
        if ((_vga.GetCrtc(CrtcRegister.UnderlineLocation) & CrtcBits.DoubleWordMode) != 0)
            return 2;
        return (_vga.GetCrtc(CrtcRegister.ModeControl) & CrtcBits.ByteMode) != 0 ? 0 : 1;
    }

    private int StartAddress => _vga.GetCrtc(CrtcRegister.StartAddressHigh) << 8 | _vga.GetCrtc(CrtcRegister.StartAddressLow);

    /// <summary>CRTC addresses from one row (text) or scan line (graphics) to the next.</summary>
    private int LineAdvance => _vga.GetCrtc(CrtcRegister.Offset) * 2;

    private int DisplayedLines
    {
        get
        {
            int overflow = _vga.GetCrtc(CrtcRegister.Overflow);
            int end = _vga.GetCrtc(CrtcRegister.VerticalDisplayEnd)
                | ((overflow & CrtcBits.OverflowDisplayEnd8) != 0 ? 0x100 : 0)
                | ((overflow & CrtcBits.OverflowDisplayEnd9) != 0 ? 0x200 : 0);
            return end + 1;
        }
    }

    /// <summary>CR18 with bit 8 from CR07 bit 4 and bit 9 from CR09 bit 6, in scan lines.</summary>
    private int LineCompare =>
        _vga.GetCrtc(CrtcRegister.LineCompare)
        | (_vga.GetCrtc(CrtcRegister.Overflow) & 0x10) << 4
        | (_vga.GetCrtc(CrtcRegister.MaximumScanLine) & 0x40) << 3;

    private int CharactersPerLine => _vga.GetCrtc(CrtcRegister.HorizontalDisplayEnd) + 1;

    private int PelPanning => _vga.GetAttribute(AttributeRegister.HorizontalPelPanning) & 0x0F;
}
