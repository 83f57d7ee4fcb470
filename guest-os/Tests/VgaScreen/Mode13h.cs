namespace GuestOs.Tests.Platform;

/// <summary>
/// Mode 13h (320x200, 256 colours, chain-4) set register by register with the IBM VGA BIOS
/// values, a generated DAC, and a picture: a colour ramp, bands, a frame and a diagonal.
/// </summary>
internal static unsafe class Mode13h
{
    private static readonly byte[] Sequencer = { 0x03, 0x01, 0x0F, 0x00, 0x0E };
    private static readonly byte[] Crtc =
    {
        0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x0E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF,
    };
    private static readonly byte[] Graphics = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF };
    private static readonly byte[] Attribute =
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x41, 0x00, 0x0F, 0x00, 0x00,
    };

    public static void Set()
    {
        Cpu.Out8(Vga.MiscWrite, 0x63);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x01);
        for (int i = 1; i < Sequencer.Length; i++)
            Vga.WriteIndexed(Vga.SequencerIndex, i, Sequencer[i]);
        Vga.WriteIndexed(Vga.SequencerIndex, 0x00, 0x03);
        Vga.WriteIndexed(Vga.CrtcIndex, 0x11, 0x0E); // clear the protect bit first
        for (int i = 0; i < Crtc.Length; i++)
            Vga.WriteIndexed(Vga.CrtcIndex, i, Crtc[i]);
        for (int i = 0; i < Graphics.Length; i++)
            Vga.WriteIndexed(Vga.GraphicsIndex, i, Graphics[i]);
        for (int i = 0; i < Attribute.Length; i++)
            Vga.WriteAttribute(i, Attribute[i]);
        Cpu.Out8(Vga.PelMask, 0xFF);
        Cpu.Out8(Vga.DacWriteIndex, 0);
        for (int i = 0; i < 256; i++)
        {
            Cpu.Out8(Vga.DacData, (byte)(i & 0x3F));
            Cpu.Out8(Vga.DacData, (byte)((i >> 2) ^ 0x15));
            Cpu.Out8(Vga.DacData, (byte)(63 - (i & 0x3F)));
        }
        Vga.EnableDisplay();
    }

    public static void Draw()
    {
        byte* screen = (byte*)0xA0000;
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 320; x++)
            {
                int color;
                if (x == 0 || y == 0 || x == 319 || y == 199)
                    color = 15;
                else if (x == y || x == 319 - y)
                    color = 0xFF;
                else if (y < 100)
                    color = (x + y * 3) & 0xFF;
                else
                    color = ((x / 20) * 16 + (y - 100) / 7) & 0xFF;
                screen[y * 320 + x] = (byte)color;
            }
        }
    }
}
