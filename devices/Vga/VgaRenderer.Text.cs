namespace PcEmu.Devices.Vga;

/// <summary>
/// Alphanumeric modes (FreeVGA "VGA Text Mode Operation"): for each character cell the
/// character code comes from plane 0 and the attribute from plane 1 at the cell's address,
/// the glyph from plane 2 (32 bytes per character, in the font selected by SR03 and
/// attribute bit 3); 9-dot cells repeat the eighth dot for C0h-DFh when line graphics are
/// enabled (AR10 bit 2) and show the background otherwise. Attribute bit 7 blinks the
/// foreground when AR10 bit 3 is set (otherwise it is a bright background bit); the cursor
/// (CR0A-CR0F) blinks in the foreground colour; monochrome underline (AR10 bit 1) draws at CR14.
/// </summary>
public sealed partial class VgaRenderer
{
    /// <summary>Plane 2 offsets of the eight font maps SR03 can select (FreeVGA, SR03).</summary>
    private static readonly int[] FontMapOffsets = { 0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000 };

    private readonly record struct TextGeometry(int Columns, int Rows, int CellWidth, int CellHeight);

    private TextGeometry GetTextGeometry()
    {
        byte clocking = _vga.GetSequencer(SequencerRegister.ClockingMode);
        int cellWidth = (clocking & (byte)SequencerClockingMode.EightDotMode) != 0 ? 8 : 9;
        if (_profile == VgaRenderProfile.Qemu && (clocking & (byte)SequencerClockingMode.DotClockDivide) != 0)
            cellWidth = 16; // QEMU: "no 18 pixel wide"
        int cellHeight = (_vga.GetCrtc(CrtcRegister.MaximumScanLine) & CrtcBits.MaximumScanLineMask) + 1;
        int lines = DisplayedLines;
        if (_profile == VgaRenderProfile.Qemu)
            return new TextGeometry(CharactersPerLine, Math.Max(1, lines / cellHeight), cellWidth, cellHeight);
        if ((_vga.GetCrtc(CrtcRegister.MaximumScanLine) & CrtcBits.ScanDoubling) != 0)
            lines /= 2;
        int rows = Math.Max(1, (lines + cellHeight - 1) / cellHeight);
        return new TextGeometry(CharactersPerLine, rows, cellWidth, cellHeight);
    }

    private void RenderText(VgaFrame frame, TextGeometry text)
    {
        ReadOnlySpan<byte> chars = _vga.Plane(0);
        ReadOnlySpan<byte> attrs = _vga.Plane(1);
        ReadOnlySpan<byte> font = _vga.Plane(2);
        Span<uint> pixels = Pixels(frame);
        int width = frame.Width;
        bool qemu = _profile == VgaRenderProfile.Qemu;

        var mode = (AttributeModeControl)_vga.GetAttribute(AttributeRegister.ModeControl);
        bool blinkEnabled = !qemu && (mode & AttributeModeControl.BlinkEnable) != 0;
        bool lineGraphics = (mode & AttributeModeControl.LineGraphicsEnable) != 0;
        int lineGraphicsFirst = qemu ? 0xB0 : 0xC0;
        bool underlines = !qemu && (mode & AttributeModeControl.MonochromeEmulation) != 0;
        int underlineLine = _vga.GetCrtc(CrtcRegister.UnderlineLocation) & 0x1F;

        byte mapSelect = _vga.GetSequencer(SequencerRegister.CharacterMapSelect);
        // Map A (SR03 bits 5, 3-2) serves attribute bit 3 set, map B (bits 4, 1-0) bit 3 clear.
        int fontA = FontMapOffsets[((mapSelect >> 3) & 4) | ((mapSelect >> 2) & 3)];
        int fontB = FontMapOffsets[((mapSelect >> 2) & 4) | (mapSelect & 3)];

        int shift = AddressShift();
        int start = StartAddress;
        int advance = LineAdvance;
        int lineCompare = LineCompare;
        int phase = BlinkPhase();
        bool blinkOn = (phase & 2) != 0;
        (int cursorAddress, int cursorFirst, int cursorLast) = CursorShape(text, (phase & 1) != 0);

        int dotWidth = text.CellWidth == 16 ? 2 : 1;
        int pan = text.CellWidth == 9 ? (PelPanning >= 8 ? 0 : PelPanning + 1) : (PelPanning & 7) * dotWidth;
        if (qemu)
            pan = 0; // QEMU does not pan text
        bool panSplit = (mode & AttributeModeControl.PelPanningCompatibility) == 0;
        int lineCells = text.Columns + 1;
        uint[] lineBuffer = new uint[lineCells * text.CellWidth];

        for (int y = 0; y < frame.Height; y++)
        {
            // Line compare (CR18): the scan lines after it show memory from address 0.
            bool split = y > lineCompare;
            int scanLine = split ? y - lineCompare - 1 : y;
            int row = scanLine / text.CellHeight;
            int scan = scanLine % text.CellHeight;
            int rowAddress = (split ? 0 : start) + row * advance;
            int linePan = split && !panSplit ? 0 : pan;
            for (int column = 0; column < lineCells; column++)
            {
                int cellAddress = (rowAddress + column) & 0xFFFF;
                int address = (cellAddress << shift) & (VgaAdapter.PlaneSize - 1);
                int code = chars[address];
                int attribute = attrs[address];
                int foreground = attribute & 0x0F;
                int background = attribute >> 4;
                if (blinkEnabled)
                {
                    background &= 7;
                    if ((attribute & 0x80) != 0 && !blinkOn)
                        foreground = background;
                }
                int fontBase = (attribute & 0x08) != 0 ? fontA : fontB;
                int bits = font[(fontBase + code * 32 + scan) & (VgaAdapter.PlaneSize - 1)];
                bool ninth = lineGraphics && code >= lineGraphicsFirst && code <= 0xDF && (bits & 1) != 0;
                if (underlines && scan == underlineLine && (attribute & 0x77) == 0x01)
                    (bits, ninth) = (0xFF, true);
                if (cellAddress == cursorAddress && column < text.Columns && scan >= cursorFirst && scan <= cursorLast)
                    (bits, ninth) = (0xFF, true);

                uint fg = AttributeColor(foreground);
                uint bg = AttributeColor(background);
                int x0 = column * text.CellWidth;
                for (int dot = 0; dot < 8 * dotWidth; dot++)
                    lineBuffer[x0 + dot] = (bits & (0x80 >> (dot / dotWidth))) != 0 ? fg : bg;
                if (text.CellWidth == 9)
                    lineBuffer[x0 + 8] = ninth ? fg : bg;
            }
            lineBuffer.AsSpan(linePan, width).CopyTo(pixels.Slice(y * width, width));
        }
    }

    /// <summary>The cursor's CRTC address and scan lines, or an address of -1 when it is disabled, blinked off or empty.</summary>
    private (int Address, int First, int Last) CursorShape(TextGeometry text, bool phaseOn)
    {
        byte cursorStart = _vga.GetCrtc(CrtcRegister.CursorStart);
        int first = cursorStart & CrtcBits.CursorScanLineMask;
        int last = Math.Min(_vga.GetCrtc(CrtcRegister.CursorEnd) & CrtcBits.CursorScanLineMask, text.CellHeight - 1);
        if (!phaseOn || (cursorStart & CrtcBits.CursorDisable) != 0 || first > last)
            return (-1, 0, -1);
        return (_vga.GetCrtc(CrtcRegister.CursorLocationHigh) << 8 | _vga.GetCrtc(CrtcRegister.CursorLocationLow), first, last);
    }
}
