namespace PcEmu.Devices.Vga;

/// <summary>
/// Graphics modes: 16-colour planar (one bit per plane per pixel, 8 pixels per character
/// clock, e.g. 640x480 mode 12h), 256-colour (GR05 bit 6: one byte per pixel, planes in turn,
/// 4 pixels per character clock, e.g. mode 13h through chain-4), and the Bochs VBE linear modes.
/// </summary>
public sealed partial class VgaRenderer
{
    /// <summary>The output size; each logical pixel covers <c>XScale</c> x <c>YScale</c> output pixels (1 x 1 in the native profile).</summary>
    private readonly record struct GraphicsGeometry(int Width, int Height, int XScale, int YScale, int Repeat, bool Is256Color);

    private GraphicsGeometry GetGraphicsGeometry()
    {
        bool is256 = (_vga.GetGraphics(GraphicsRegister.GraphicsMode) & GraphicsModeBits.Shift256) != 0;
        byte maximumScanLine = _vga.GetCrtc(CrtcRegister.MaximumScanLine);
        int repeat = ((maximumScanLine & CrtcBits.MaximumScanLineMask) + 1) * ((maximumScanLine & CrtcBits.ScanDoubling) != 0 ? 2 : 1);
        int width = CharactersPerLine * (is256 ? 4 : 8);
        if (_profile == VgaRenderProfile.Native)
            return new GraphicsGeometry(width, DisplayedLines / repeat, 1, 1, repeat, is256);
        // QEMU shows what the CRTC scans: every displayed line, 256-colour pixels two dots
        // wide, and planar pixels doubled when SR01 halves the dot clock.
        bool halfClock = (_vga.GetSequencer(SequencerRegister.ClockingMode) & (byte)SequencerClockingMode.DotClockDivide) != 0;
        int xScale = is256 || halfClock ? 2 : 1;
        return new GraphicsGeometry(width * xScale, DisplayedLines, xScale, repeat, repeat, is256);
    }

    private void RenderPlanar(VgaFrame frame, GraphicsGeometry graphics)
    {
        ReadOnlySpan<byte> plane0 = _vga.Plane(0), plane1 = _vga.Plane(1), plane2 = _vga.Plane(2), plane3 = _vga.Plane(3);
        Span<uint> pixels = Pixels(frame);
        Span<uint> colors = stackalloc uint[16];
        for (int c = 0; c < 16; c++)
            colors[c] = AttributeColor(c);

        int shift = AddressShift();
        int start = StartAddress;
        int advance = LineAdvance;
        int pan = PelPanning & 7;
        int width = frame.Width;
        for (int y = 0; y < frame.Height; y++)
        {
            (int lineAddress, int linePan) = LineStart(y, graphics, start, advance, pan);
            Span<uint> row = pixels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int px = x / graphics.XScale + linePan;
                int address = ((lineAddress + (px >> 3)) << shift) & (VgaAdapter.PlaneSize - 1);
                int bit = 7 - (px & 7);
                int color = (plane0[address] >> bit & 1)
                    | (plane1[address] >> bit & 1) << 1
                    | (plane2[address] >> bit & 1) << 2
                    | (plane3[address] >> bit & 1) << 3;
                row[x] = colors[color];
            }
        }
    }

    private void Render256(VgaFrame frame, GraphicsGeometry graphics)
    {
        Span<uint> pixels = Pixels(frame);
        ReadOnlySpan<byte> planes = _vga.AllPlanes;
        int shift = AddressShift();
        int start = StartAddress;
        int advance = LineAdvance;
        int pan = (PelPanning & 7) >> 1;
        int width = frame.Width;
        for (int y = 0; y < frame.Height; y++)
        {
            (int lineAddress, int linePan) = LineStart(y, graphics, start, advance, pan);
            Span<uint> row = pixels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int px = x / graphics.XScale + linePan;
                int address = ((lineAddress + (px >> 2)) << shift) & (VgaAdapter.PlaneSize - 1);
                row[x] = DacColor(planes[(px & 3) * VgaAdapter.PlaneSize + address]);
            }
        }
    }

    /// <summary>
    /// The CRTC address of output line <paramref name="y"/> and its pel panning: scan lines up
    /// to the line compare value count from the start address, later ones from address 0
    /// (unpanned when AR10 bit 5 asks for it).
    /// </summary>
    private (int Address, int Pan) LineStart(int y, GraphicsGeometry graphics, int start, int advance, int pan)
    {
        int scanLine = y * graphics.Repeat / graphics.YScale;
        int lineCompare = LineCompare;
        if (scanLine <= lineCompare)
            return (start + scanLine / graphics.Repeat * advance, pan);
        var mode = (AttributeModeControl)_vga.GetAttribute(AttributeRegister.ModeControl);
        int splitPan = (mode & AttributeModeControl.PelPanningCompatibility) != 0 ? 0 : pan;
        return ((scanLine - lineCompare - 1) / graphics.Repeat * advance, splitPan);
    }

    private void RenderVbe(VgaFrame frame)
    {
        BochsVbe vbe = _vga.Vbe;
        ReadOnlySpan<byte> memory = vbe.Framebuffer;
        Span<uint> pixels = Pixels(frame);
        int bytesPerPixel = vbe.BytesPerPixel;
        int bpp = vbe.Bpp;
        int width = frame.Width;
        for (int y = 0; y < frame.Height; y++)
        {
            long lineStart = vbe.StartOffset + (long)y * vbe.LineOffset;
            Span<uint> row = pixels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                long at = lineStart + (long)x * bytesPerPixel;
                if (at + bytesPerPixel > memory.Length)
                {
                    row[x] = Rgba(0, 0, 0);
                    continue;
                }
                int i = (int)at;
                row[x] = bpp switch
                {
                    8 => DacColor(memory[i]),
                    15 => Rgb555(memory[i] | memory[i + 1] << 8),
                    16 => Rgb565(memory[i] | memory[i + 1] << 8),
                    _ => Rgba(memory[i + 2], memory[i + 1], memory[i]), // 24 and 32: B, G, R (, X)
                };
            }
        }
    }

    private static uint Rgb555(int v) => Rgba(Scale5((v >> 10) & 0x1F), Scale5((v >> 5) & 0x1F), Scale5(v & 0x1F));

    private static uint Rgb565(int v) => Rgba(Scale5((v >> 11) & 0x1F), (byte)(((v >> 5) & 0x3F) << 2 | ((v >> 5) & 0x3F) >> 4), Scale5(v & 0x1F));

    private static byte Scale5(int v) => (byte)(v << 3 | v >> 2);
}
