namespace GuestOs.Tests.Platform;

/// <summary>
/// The text screen: our own 8x16 font in plane 2 (font map 0, 32 bytes per character) and all
/// 2000 cells of the 80x25 screen at 0xB8000. Rows 0-3 show characters 00h-FFh in white on
/// blue, rows 4-7 character n with attribute n (every attribute), rows 8-11 a full block in
/// every attribute, rows 12-24 mixed codes and attributes. The cursor sits at row 12,
/// column 40, scan lines 12-15.
/// </summary>
internal static unsafe class TextScreen
{
    public const int CursorRow = 12, CursorColumn = 40;

    public static void Draw()
    {
        LoadFont();
        ushort* cells = (ushort*)0xB8000;
        for (int i = 0; i < 80 * 25; i++)
        {
            int code = (i * 7) & 0xFF, attribute = (i * 13) & 0xFF;
            if (i < 256)
            {
                code = i;
                attribute = 0x1F;
            }
            else if (i < 512)
            {
                code = i - 256;
                attribute = i - 256;
            }
            else if (i < 768)
            {
                code = 0xDB;
                attribute = i - 512;
            }
            cells[i] = (ushort)(code | attribute << 8);
        }
        int cursor = CursorRow * 80 + CursorColumn;
        Vga.WriteIndexed(Vga.CrtcIndex, 0x0A, 0x0C);
        Vga.WriteIndexed(Vga.CrtcIndex, 0x0B, 0x0F);
        Vga.WriteIndexed(Vga.CrtcIndex, 0x0E, (byte)(cursor >> 8));
        Vga.WriteIndexed(Vga.CrtcIndex, 0x0F, (byte)cursor);
    }

    /// <summary>A generated glyph line: every code differs, line 1 fills the cell (the ninth dot shows the line-graphics rule).</summary>
    public static byte GlyphLine(int code, int line)
    {
        if (line == 0 || line == 15)
            return 0;
        if (line == 1)
            return 0xFF;
        if (line == 14)
            return 0x81;
        if (line < 10)
            return (byte)(code ^ (line * 0x1D));
        return (byte)(code * 7 + line * 0x35);
    }

    /// <summary>
    /// Plane 2 is reachable only with odd/even and chaining off: the sequence every VGA BIOS
    /// and driver uses (map mask = plane 2, sequential addressing, read map 2, graphics
    /// controller mapped at 0xA0000), then text-mode values back.
    /// </summary>
    private static void LoadFont()
    {
        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x01); // synchronous reset
        Vga.WriteIndexed(Vga.SequencerIndex, 0x02, 0x04);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x04, 0x07);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x03);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x04, 0x02);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x05, 0x00);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x06, 0x04);

        byte* plane = (byte*)0xA0000;
        for (int code = 0; code < 256; code++)
        {
            for (int line = 0; line < 32; line++)
                plane[code * 32 + line] = line < 16 ? GlyphLine(code, line) : (byte)0;
        }

        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x01);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x02, 0x03);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x04, 0x02);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x03);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x04, 0x00);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x05, 0x10);
        Vga.WriteIndexed(Vga.GraphicsIndex, 0x06, 0x0E);
    }
}
