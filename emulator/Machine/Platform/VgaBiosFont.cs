namespace PcEmu.Machine.Platform;

/// <summary>
/// The 8x16 code page 437 font the firmware defaults load into VGA plane 2 (256 glyphs of 16
/// bytes, bit 7 the leftmost dot), embedded from firmware/Fonts/cp437-8x16.bin: glyphs of the
/// public-domain X11 misc-fixed 8x13 font placed in 16-line cells (firmware/Fonts/README.md).
/// </summary>
public static class VgaBiosFont
{
    private const string ResourceName = "PcEmu.Machine.Fonts.cp437-8x16.bin";

    private static readonly Lazy<byte[]> Font = new(Load);

    public static ReadOnlySpan<byte> Cp437_8x16 => Font.Value;

    private static byte[] Load()
    {
        using Stream stream = typeof(VgaBiosFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded font {ResourceName} is missing");
        byte[] font = new byte[256 * VgaBiosTextMode.FontHeight];
        stream.ReadExactly(font);
        return font;
    }
}
