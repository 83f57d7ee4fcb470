using PcEmu.Devices.Tests.Support;
using PcEmu.Devices.Vga;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Vga;

/// <summary>
/// A VGA on a port bus with a manual clock, its legacy window as an MMIO device, and the
/// mode programming a BIOS does (standard register values from the IBM VGA tables).
/// </summary>
internal sealed class VgaFixture
{
    public const uint TextWindow = 0x18000; // 0xB8000 - 0xA0000

    public static readonly byte[] Mode03Sequencer = { 0x03, 0x00, 0x03, 0x00, 0x02 };
    public static readonly byte[] Mode03Crtc =
    {
        0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
    };
    public static readonly byte[] Mode03Graphics = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF };
    public static readonly byte[] Mode03Attribute =
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
        0x0C, 0x00, 0x0F, 0x08, 0x00,
    };

    public static readonly byte[] Mode13Sequencer = { 0x03, 0x01, 0x0F, 0x00, 0x0E };
    public static readonly byte[] Mode13Crtc =
    {
        0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x0E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF,
    };
    public static readonly byte[] Mode13Graphics = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF };
    public static readonly byte[] Mode13Attribute =
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x41, 0x00, 0x0F, 0x00, 0x00,
    };

    public static readonly byte[] Mode12Sequencer = { 0x03, 0x01, 0x0F, 0x00, 0x06 };
    public static readonly byte[] Mode12Crtc =
    {
        0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xEA, 0x0C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF,
    };
    public static readonly byte[] Mode12Graphics = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF };
    public static readonly byte[] Mode12Attribute =
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
        0x01, 0x00, 0x0F, 0x00, 0x00,
    };

    public VgaFixture(VgaRenderProfile profile = VgaRenderProfile.Native)
    {
        Adapter = new VgaAdapter(Clock);
        Isa = new VgaIsa(Adapter);
        Isa.Register(Bus);
        Renderer = new VgaRenderer(Adapter, profile);
    }

    public ManualClock Clock { get; } = new();

    public IoPortBus Bus { get; } = new();

    public VgaAdapter Adapter { get; }

    public VgaIsa Isa { get; }

    public VgaRenderer Renderer { get; }

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    public byte ReadIndexed(ushort indexPort, byte index)
    {
        Out(indexPort, index);
        return In((ushort)(indexPort + 1));
    }

    public void WriteIndexed(ushort indexPort, byte index, byte value)
    {
        Out(indexPort, index);
        Out((ushort)(indexPort + 1), value);
    }

    public byte Peek(uint offset) => (byte)Isa.Window.ReadMmio(offset, 1);

    public void Poke(uint offset, byte value) => Isa.Window.WriteMmio(offset, 1, value);

    public void WriteAttribute(byte index, byte value)
    {
        In(0x3DA);
        Out(0x3C0, index);
        Out(0x3C0, value);
    }

    public void SetMode(byte misc, byte[] sequencer, byte[] crtc, byte[] graphics, byte[] attribute)
    {
        Out(0x3C2, misc);
        WriteIndexed(0x3C4, 0, 0x01); // synchronous reset
        for (byte i = 1; i < sequencer.Length; i++)
            WriteIndexed(0x3C4, i, sequencer[i]);
        WriteIndexed(0x3C4, 0, sequencer[0]);
        WriteIndexed(0x3D4, 0x11, 0x0E); // unlock CR00-CR07
        for (byte i = 0; i < crtc.Length; i++)
            WriteIndexed(0x3D4, i, crtc[i]);
        for (byte i = 0; i < graphics.Length; i++)
            WriteIndexed(0x3CE, i, graphics[i]);
        for (byte i = 0; i < attribute.Length; i++)
            WriteAttribute(i, attribute[i]);
        In(0x3DA);
        Out(0x3C0, 0x20); // PAS: give the palette back to the display
    }

    public void SetMode03() => SetMode(0x67, Mode03Sequencer, Mode03Crtc, Mode03Graphics, Mode03Attribute);

    public void SetMode13() => SetMode(0x63, Mode13Sequencer, Mode13Crtc, Mode13Graphics, Mode13Attribute);

    public void SetMode12() => SetMode(0xE3, Mode12Sequencer, Mode12Crtc, Mode12Graphics, Mode12Attribute);

    public void SetDac(byte index, byte r, byte g, byte b)
    {
        Out(0x3C8, index);
        Out(0x3C9, r);
        Out(0x3C9, g);
        Out(0x3C9, b);
    }

    /// <summary>The EGA colours in DAC entries 0-63 (entry bits: 5 r', 4 g', 3 b', 2 R, 1 G, 0 B).</summary>
    public void LoadEgaPalette()
    {
        for (byte i = 0; i < 64; i++)
        {
            byte r = (byte)(((i >> 2) & 1) * 0x2A + ((i >> 5) & 1) * 0x15);
            byte g = (byte)(((i >> 1) & 1) * 0x2A + ((i >> 4) & 1) * 0x15);
            byte b = (byte)((i & 1) * 0x2A + ((i >> 3) & 1) * 0x15);
            SetDac(i, r, g, b);
        }
    }

    /// <summary>Loads a font into plane 2 the way a BIOS does: planar access to plane 2 at 0xA0000, then text addressing back.</summary>
    public void LoadFont(byte[] font, int height)
    {
        WriteIndexed(0x3C4, 0x02, 0x04); // map mask: plane 2
        WriteIndexed(0x3C4, 0x04, 0x07); // sequential addressing
        WriteIndexed(0x3CE, 0x04, 0x02); // read map 2
        WriteIndexed(0x3CE, 0x05, 0x00); // write mode 0, no odd/even
        WriteIndexed(0x3CE, 0x06, 0x04); // A0000, 64 KiB, no chaining
        for (int ch = 0; ch < 256; ch++)
        {
            for (int line = 0; line < height; line++)
                Poke((uint)(ch * 32 + line), font[ch * height + line]);
        }
        WriteIndexed(0x3C4, 0x02, 0x03);
        WriteIndexed(0x3C4, 0x04, 0x02);
        WriteIndexed(0x3CE, 0x04, 0x00);
        WriteIndexed(0x3CE, 0x05, 0x10);
        WriteIndexed(0x3CE, 0x06, 0x0E);
    }

    public void WriteText(int row, int column, string text, byte attribute)
    {
        for (int i = 0; i < text.Length; i++)
        {
            uint at = TextWindow + (uint)((row * 80 + column + i) * 2);
            Poke(at, (byte)text[i]);
            Poke(at + 1, attribute);
        }
    }

    /// <summary>Expands a 6-bit DAC component to 8 bits the way the renderer does.</summary>
    public static uint Rgb6(int r, int g, int b) => (uint)(Scale(r) << 16 | Scale(g) << 8 | Scale(b));

    private static int Scale(int v) => v << 2 | (v & 1) << 1 | (v & 1);
}
