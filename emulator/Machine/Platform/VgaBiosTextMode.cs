using PcEmu.Devices.Vga;

namespace PcEmu.Machine.Platform;

/// <summary>
/// Mode 3 (80x25 colour text, 720x400 with 9-dot cells, 16-line characters) as the VGA BIOS
/// sets it before a kernel runs, programmed through the card's own ports in the BIOS's order
/// of concerns: misc output, attribute, sequencer, graphics controller and CRTC registers
/// (the IBM VGA BIOS parameter table for mode 3, as SeaBIOS's vgabios-stdvga leaves them on
/// QEMU: GR07 reads 0Fh there), the EGA-compatible 64-colour DAC with the other 192 entries
/// black, an 8x16 font in plane 2 when one is given, the text page cleared to spaces in
/// light grey on black (0720h), the cursor at the top left on scan lines 13-14, and finally
/// PAS set so the screen shows.
/// </summary>
public static class VgaBiosTextMode
{
    public const byte MiscOutput = 0x67;

    public static ReadOnlySpan<byte> Sequencer => new byte[] { 0x03, 0x00, 0x03, 0x00, 0x02 };

    public static ReadOnlySpan<byte> Crtc => new byte[]
    {
        0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
    };

    public static ReadOnlySpan<byte> Graphics => new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x0F, 0xFF };

    public static ReadOnlySpan<byte> Attribute => new byte[]
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
        0x0C, 0x00, 0x0F, 0x08, 0x00,
    };

    public const int FontHeight = 16;

    /// <summary>The text page the BIOS clears: 32 KiB at 0xB8000.</summary>
    private const uint TextPageOffset = 0x18000, TextPageBytes = 0x8000;

    /// <param name="font8x16">256 glyphs of 16 bytes each for plane 2, or empty to leave plane 2 as it is.</param>
    public static void Apply(VgaAdapter vga, ReadOnlySpan<byte> font8x16 = default)
    {
        ArgumentNullException.ThrowIfNull(vga);
        if (!font8x16.IsEmpty && font8x16.Length != 256 * FontHeight)
            throw new ArgumentException("an 8x16 font has 256 glyphs of 16 bytes", nameof(font8x16));

        vga.WritePort((ushort)VgaPort.MiscOutputWrite, MiscOutput);
        vga.ReadPort((ushort)VgaPort.InputStatus1Color); // attribute flip-flop to the index
        for (int i = 0; i < Attribute.Length; i++)
        {
            vga.WritePort((ushort)VgaPort.AttributeIndexData, (byte)i); // PAS clear while loading
            vga.WritePort((ushort)VgaPort.AttributeIndexData, Attribute[i]);
        }
        for (int i = 0; i < Sequencer.Length; i++)
            WriteIndexed(vga, VgaPort.SequencerIndex, i, Sequencer[i]);
        for (int i = 0; i < Graphics.Length; i++)
            WriteIndexed(vga, VgaPort.GraphicsIndex, i, Graphics[i]);
        WriteIndexed(vga, VgaPort.CrtcIndexColor, (int)CrtcRegister.VerticalRetraceEnd, 0x00); // protect off
        for (int i = 0; i < Crtc.Length; i++)
            WriteIndexed(vga, VgaPort.CrtcIndexColor, i, Crtc[i]);

        vga.WritePort((ushort)VgaPort.DacPelMask, 0xFF);
        vga.WritePort((ushort)VgaPort.DacWriteIndex, 0);
        for (int entry = 0; entry < VgaAdapter.DacEntries; entry++)
        {
            (byte r, byte g, byte b) = entry < 64 ? EgaColor(entry) : ((byte)0, (byte)0, (byte)0);
            vga.WritePort((ushort)VgaPort.DacData, r);
            vga.WritePort((ushort)VgaPort.DacData, g);
            vga.WritePort((ushort)VgaPort.DacData, b);
        }

        if (!font8x16.IsEmpty)
            LoadFont(vga, font8x16);
        for (uint offset = 0; offset < TextPageBytes; offset += 2)
        {
            vga.WriteWindow(TextPageOffset + offset, 0x20);
            vga.WriteWindow(TextPageOffset + offset + 1, 0x07);
        }

        vga.ReadPort((ushort)VgaPort.InputStatus1Color);
        vga.WritePort((ushort)VgaPort.AttributeIndexData, AttributeIndexBits.PaletteAddressSource);
    }

    /// <summary>
    /// EGA colour <paramref name="index"/> (bits: 0 blue, 1 green, 2 red at two thirds; 3, 4, 5
    /// the same at one third) as 6-bit DAC components.
    /// </summary>
    public static (byte Red, byte Green, byte Blue) EgaColor(int index) => (
        (byte)(((index >> 2) & 1) * 0x2A + ((index >> 5) & 1) * 0x15),
        (byte)(((index >> 1) & 1) * 0x2A + ((index >> 4) & 1) * 0x15),
        (byte)((index & 1) * 0x2A + ((index >> 3) & 1) * 0x15));

    /// <summary>Plane 2, font map 0, 32 bytes per character: reached with sequential addressing and read map 2, then mode 3 values back.</summary>
    private static void LoadFont(VgaAdapter vga, ReadOnlySpan<byte> font)
    {
        WriteIndexed(vga, VgaPort.SequencerIndex, (int)SequencerRegister.MapMask, 0x04);
        WriteIndexed(vga, VgaPort.SequencerIndex, (int)SequencerRegister.MemoryMode, 0x07);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.ReadMapSelect, 0x02);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.GraphicsMode, 0x00);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.Miscellaneous, 0x04);
        for (int glyph = 0; glyph < 256; glyph++)
        {
            for (int line = 0; line < 32; line++)
                vga.WriteWindow((uint)(glyph * 32 + line), line < FontHeight ? font[glyph * FontHeight + line] : (byte)0);
        }
        WriteIndexed(vga, VgaPort.SequencerIndex, (int)SequencerRegister.MapMask, Sequencer[(int)SequencerRegister.MapMask]);
        WriteIndexed(vga, VgaPort.SequencerIndex, (int)SequencerRegister.MemoryMode, Sequencer[(int)SequencerRegister.MemoryMode]);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.ReadMapSelect, Graphics[(int)GraphicsRegister.ReadMapSelect]);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.GraphicsMode, Graphics[(int)GraphicsRegister.GraphicsMode]);
        WriteIndexed(vga, VgaPort.GraphicsIndex, (int)GraphicsRegister.Miscellaneous, Graphics[(int)GraphicsRegister.Miscellaneous]);
    }

    private static void WriteIndexed(VgaAdapter vga, VgaPort indexPort, int index, byte value)
    {
        vga.WritePort((ushort)indexPort, (byte)index);
        vga.WritePort((ushort)(indexPort + 1), value);
    }
}
