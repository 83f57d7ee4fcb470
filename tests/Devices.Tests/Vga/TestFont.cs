namespace PcEmu.Devices.Tests.Vga;

/// <summary>
/// An 8x16 font made for the tests (not a BIOS font): hand-drawn glyphs for the characters
/// the tests print, a full block at DBh, a horizontal line at C4h (line graphics), and for
/// every other code a frame with the code's bits inside so glyphs differ.
/// </summary>
internal static class TestFont
{
    public const int Height = 16;

    private static readonly Dictionary<char, string[]> Drawn = new()
    {
        ['H'] = new[] { "........", "........", "##....##", "##....##", "##....##", "##....##", "########", "########", "##....##", "##....##", "##....##", "##....##", "##....##", "........", "........", "........" },
        ['e'] = new[] { "........", "........", "........", "........", "........", ".######.", "##....##", "##....##", "########", "##......", "##......", "##....##", ".######.", "........", "........", "........" },
        ['l'] = new[] { "........", "........", "...###..", "....##..", "....##..", "....##..", "....##..", "....##..", "....##..", "....##..", "....##..", "....##..", "..######", "........", "........", "........" },
        ['o'] = new[] { "........", "........", "........", "........", "........", ".######.", "##....##", "##....##", "##....##", "##....##", "##....##", "##....##", ".######.", "........", "........", "........" },
        [' '] = Enumerable.Repeat("........", 16).ToArray(),
    };

    public static byte[] Create()
    {
        byte[] font = new byte[256 * Height];
        for (int ch = 0; ch < 256; ch++)
        {
            for (int line = 0; line < Height; line++)
                font[ch * Height + line] = Generated(ch, line);
        }
        foreach ((char ch, string[] rows) in Drawn)
        {
            for (int line = 0; line < Height; line++)
                font[ch * Height + line] = Parse(rows[line]);
        }
        for (int line = 0; line < Height; line++)
        {
            font[0xDB * Height + line] = 0xFF;
            font[0xC4 * Height + line] = line is 7 or 8 ? (byte)0xFF : (byte)0x00;
        }
        return font;
    }

    public static bool IsSet(char ch, int line, int dot) => Drawn[ch][line][dot] == '#';

    private static byte Generated(int ch, int line) => line switch
    {
        0 or 15 => 0x00,
        1 or 14 => 0x7E,
        _ => (byte)(0x42 | ((ch >> (line % 8)) & 1) << 3 | ((ch >> ((line + 3) % 8)) & 1) << 4),
    };

    private static byte Parse(string row)
    {
        byte value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (row[i] == '#')
                value |= (byte)(0x80 >> i);
        }
        return value;
    }
}
