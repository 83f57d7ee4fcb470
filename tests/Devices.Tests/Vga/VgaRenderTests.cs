using BigGustave;
using PcEmu.Devices.Backends.Display;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Vga;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Vga;

/// <summary>Rendering through the registers and memory a BIOS or driver would program, checked pixel by pixel.</summary>
public sealed class VgaRenderTests
{
    private static readonly uint Blue = VgaFixture.Rgb6(0, 0, 0x2A);
    private static readonly uint Yellow = VgaFixture.Rgb6(0x3F, 0x3F, 0x15);
    private static readonly uint Black = 0;
    private static readonly uint LightGray = VgaFixture.Rgb6(0x2A, 0x2A, 0x2A);

    /// <summary>Mode 3 with the test font, "Hello" in yellow on blue at the top left, the cursor at column 5.</summary>
    internal static VgaFixture HelloScreen(VgaRenderProfile profile = VgaRenderProfile.Native)
    {
        var f = new VgaFixture(profile);
        f.SetMode03();
        f.LoadEgaPalette();
        f.LoadFont(TestFont.Create(), TestFont.Height);
        for (int i = 0; i < 80 * 25; i++)
            f.WriteText(i / 80, i % 80, " ", 0x07);
        f.WriteText(0, 0, "Hello", 0x1E);
        f.WriteText(1, 0, "\u00C4\u00DB", 0x07);
        f.WriteIndexed(0x3D4, 0x0E, 0x00);
        f.WriteIndexed(0x3D4, 0x0F, 0x05);
        return f;
    }

    [Fact]
    public void TextMode80x25RendersGlyphsFromPlane2WithAttributes()
    {
        VgaFixture f = HelloScreen();
        f.Clock.NowNanoseconds = 0; // blink phase: cursor off
        Assert.True(f.Renderer.TryRenderFrame(out VgaFrame frame));
        Assert.Equal(720, frame.Width);
        Assert.Equal(400, frame.Height);

        string hello = "Hello";
        for (int i = 0; i < hello.Length; i++)
        {
            for (int line = 0; line < 16; line++)
            {
                for (int dot = 0; dot < 8; dot++)
                {
                    uint expected = TestFont.IsSet(hello[i], line, dot) ? Yellow : Blue;
                    Assert.Equal(expected, frame.GetRgb(i * 9 + dot, line));
                }
                Assert.Equal(Blue, frame.GetRgb(i * 9 + 8, line)); // ninth dot: background
            }
        }
        Assert.Equal(Black, frame.GetRgb(5 * 9 + 3, 14)); // cursor cell, cursor off
        Assert.Equal(Black, frame.GetRgb(719, 399));
    }

    [Fact]
    public void LineGraphicsCharactersRepeatTheEighthDot()
    {
        VgaFixture f = HelloScreen();
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(LightGray, frame.GetRgb(7, 16 + 7)); // C4h, line 7
        Assert.Equal(LightGray, frame.GetRgb(8, 16 + 7)); // ninth dot repeats (line graphics enabled)
        Assert.Equal(Black, frame.GetRgb(8, 16 + 2));
        Assert.Equal(LightGray, frame.GetRgb(9 + 8, 16 + 2)); // DBh full block, ninth dot

        f.WriteAttribute(0x10, 0x08); // LGE off
        f.In(0x3DA);
        f.Out(0x3C0, 0x20);
        frame = f.Renderer.Capture();
        Assert.Equal(Black, frame.GetRgb(8, 16 + 7));
    }

    [Fact]
    public void CursorBlinksWithTheVirtualClock()
    {
        VgaFixture f = HelloScreen();
        f.Clock.NowNanoseconds = 0;
        f.Renderer.TryRenderFrame(out _);

        f.Clock.NowNanoseconds = 8 * VgaTiming.FrameNanoseconds + 1; // cursor phase on
        Assert.True(f.Renderer.TryRenderFrame(out VgaFrame frame));
        Assert.Equal(LightGray, frame.GetRgb(5 * 9 + 3, 13)); // CR0A = 0x0D
        Assert.Equal(LightGray, frame.GetRgb(5 * 9 + 3, 14)); // CR0B = 0x0E
        Assert.Equal(Black, frame.GetRgb(5 * 9 + 3, 12));
        Assert.Equal(Black, frame.GetRgb(5 * 9 + 3, 15));
        Assert.Equal(LightGray, frame.GetRgb(5 * 9 + 8, 14)); // the cursor covers the ninth dot too

        f.WriteIndexed(0x3D4, 0x0A, 0x20); // cursor disabled
        frame = f.Renderer.Capture();
        Assert.Equal(Black, frame.GetRgb(5 * 9 + 3, 14));
    }

    [Fact]
    public void BlinkAttributeHidesTheForegroundInTheOffPhase()
    {
        VgaFixture f = HelloScreen();
        f.WriteText(2, 0, "\u00DB", 0x9E); // blinking yellow on blue
        f.Clock.NowNanoseconds = 0; // character blink phase off
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(Blue, frame.GetRgb(3, 32 + 5));
        f.Clock.NowNanoseconds = 16 * VgaTiming.FrameNanoseconds + 1;
        frame = f.Renderer.Capture();
        Assert.Equal(Yellow, frame.GetRgb(3, 32 + 5));
    }

    [Fact]
    public void TextMode80x50UsesEightLineCells()
    {
        var f = new VgaFixture();
        f.SetMode03();
        f.LoadEgaPalette();
        byte[] font8 = new byte[256 * 8];
        font8['#' * 8 + 0] = 0x80;
        f.LoadFont(font8, 8);
        f.WriteIndexed(0x3D4, 0x09, 0x47); // 8 scan lines per row
        f.WriteIndexed(0x3D4, 0x0A, 0x06);
        f.WriteIndexed(0x3D4, 0x0B, 0x07);
        f.WriteText(49, 79, "#", 0x0F);
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(720, frame.Width);
        Assert.Equal(400, frame.Height);
        Assert.Equal(VgaFixture.Rgb6(0x3F, 0x3F, 0x3F), frame.GetRgb(79 * 9, 49 * 8));
        Assert.Equal(Black, frame.GetRgb(79 * 9 + 1, 49 * 8));
    }

    [Fact]
    public void Mode13hPixelsGoThroughTheDac()
    {
        var f = new VgaFixture();
        f.SetMode13();
        f.SetDac(1, 0x3F, 0, 0);
        f.SetDac(2, 0, 0x3F, 0);
        f.SetDac(0xC8, 0x10, 0x20, 0x30);
        f.Poke(0, 1);
        f.Poke(319, 2);
        f.Poke(100 * 320 + 160, 0xC8);
        f.Poke(199 * 320 + 3, 2);
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(320, frame.Width);
        Assert.Equal(200, frame.Height);
        Assert.Equal(0xFF0000u, frame.GetRgb(0, 0));
        Assert.Equal(0x00FF00u, frame.GetRgb(319, 0));
        Assert.Equal(VgaFixture.Rgb6(0x10, 0x20, 0x30), frame.GetRgb(160, 100));
        Assert.Equal(0x00FF00u, frame.GetRgb(3, 199));
        Assert.Equal(Black, frame.GetRgb(1, 0));

        f.Out(0x3C6, 0x01); // pel mask: C8h -> 00h
        frame = f.Renderer.Capture();
        Assert.Equal(Black, frame.GetRgb(160, 100));
    }

    [Fact]
    public void LineCompareSplitsTheScreenBackToAddressZero()
    {
        var f = new VgaFixture();
        f.SetMode13();
        f.SetDac(1, 0x3F, 0, 0);
        f.SetDac(2, 0, 0x3F, 0);
        f.Poke(0, 1); // memory row 0
        f.Poke(100 * 320, 2); // memory row 100
        f.WriteIndexed(0x3D4, 0x0C, 8000 >> 8); // start address: row 100 (double-word addressing)
        f.WriteIndexed(0x3D4, 0x0D, 8000 & 0xFF);
        f.WriteIndexed(0x3D4, 0x18, 199); // scan line 199 = the last of logical row 99
        f.WriteIndexed(0x3D4, 0x07, 0x0F); // line compare bit 8 clear
        f.WriteIndexed(0x3D4, 0x09, 0x01); // bit 9 clear, 2 scan lines per row
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(0x00FF00u, frame.GetRgb(0, 0));
        Assert.Equal(0xFF0000u, frame.GetRgb(0, 100));
    }

    [Fact]
    public void Planar640x480x16UsesTheAttributePalette()
    {
        var f = new VgaFixture();
        f.SetMode12();
        f.LoadEgaPalette();
        f.WriteIndexed(0x3CE, 0x05, 0x02); // write mode 2
        f.WriteIndexed(0x3CE, 0x08, 0x80); // leftmost pixel of the byte
        f.Peek(0);
        f.Poke(0, 0x0E); // colour 14: yellow
        f.WriteIndexed(0x3CE, 0x08, 0x01);
        f.Peek(479 * 80 + 79);
        f.Poke(479 * 80 + 79, 0x01); // bottom-right pixel: blue
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(640, frame.Width);
        Assert.Equal(480, frame.Height);
        Assert.Equal(Yellow, frame.GetRgb(0, 0));
        Assert.Equal(Black, frame.GetRgb(1, 0));
        Assert.Equal(Blue, frame.GetRgb(639, 479));
    }

    [Fact]
    public void ClearingPasBlanksTheScreen()
    {
        var f = new VgaFixture();
        f.SetMode13();
        f.SetDac(1, 0x3F, 0x3F, 0x3F);
        f.Poke(0, 1);
        Assert.Equal(0xFFFFFFu, f.Renderer.Capture().GetRgb(0, 0));
        f.In(0x3DA);
        f.Out(0x3C0, 0x00); // PAS clear
        Assert.Equal(Black, f.Renderer.Capture().GetRgb(0, 0));
    }

    [Fact]
    public void VbeModeThroughPortsAndTheLinearFramebufferBar()
    {
        var f = new VgaFixture();
        var memory = new PhysicalMemory(2 * 1024 * 1024);
        var pci = new PciBus();
        var vgaPci = new VgaPci(f.Adapter, memory);
        pci.Register(2, 0, vgaPci);
        var mechanism = new PciConfigMechanism1(pci);
        mechanism.Register(f.Bus);

        Assert.Equal(0x11111234u, ConfigRead(f, 2, 0x00));
        Assert.Equal(0x030000u, ConfigRead(f, 2, 0x08) >> 8);
        ConfigWrite(f, 2, 0x10, 0xFFFF_FFFF);
        Assert.Equal(0xFF00_0008u, ConfigRead(f, 2, 0x10)); // 16 MiB, prefetchable
        ConfigWrite(f, 2, 0x10, 0xE000_0000);
        ConfigWrite(f, 2, 0x04, 0x0002); // memory space
        Assert.Equal(0xE000_0000u, vgaPci.FramebufferAddress);

        Vbe(f, BochsVbeRegister.Id, 0xB0C5);
        Assert.Equal(0xB0C5, VbeRead(f, BochsVbeRegister.Id));
        Vbe(f, BochsVbeRegister.Enable, (ushort)BochsVbeEnable.GetCaps);
        Assert.Equal(1920, VbeRead(f, BochsVbeRegister.XRes));
        Assert.Equal(1080, VbeRead(f, BochsVbeRegister.YRes));
        Assert.Equal(32, VbeRead(f, BochsVbeRegister.Bpp));
        Vbe(f, BochsVbeRegister.Enable, 0);
        Vbe(f, BochsVbeRegister.XRes, 800);
        Vbe(f, BochsVbeRegister.YRes, 600);
        Vbe(f, BochsVbeRegister.Bpp, 32);
        Vbe(f, BochsVbeRegister.Enable, (ushort)(BochsVbeEnable.Enabled | BochsVbeEnable.LinearFramebuffer));
        Assert.Equal(800, VbeRead(f, BochsVbeRegister.VirtWidth));
        Assert.Equal(BochsVbe.MemorySize / (800 * 4), VbeRead(f, BochsVbeRegister.VirtHeight));
        Vbe(f, BochsVbeRegister.XRes, 1024); // ignored while enabled
        Assert.Equal(800, VbeRead(f, BochsVbeRegister.XRes));

        memory.Write32(0xE000_0000, 0x00FF_8040);
        memory.Write32(0xE000_0000 + (599 * 800 + 799) * 4, 0x0012_3456);
        Assert.Equal(0x00FF_8040u, memory.Read32(0xE000_0000));
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(800, frame.Width);
        Assert.Equal(600, frame.Height);
        Assert.Equal(0xFF8040u, frame.GetRgb(0, 0));
        Assert.Equal(0x123456u, frame.GetRgb(799, 599));

        // Y offset scrolls; the bank window at A0000 reaches the same memory.
        Vbe(f, BochsVbeRegister.Bank, 0);
        f.Poke(4, 0x11);
        Assert.Equal(0x11u, memory.Read32(0xE000_0004) & 0xFF);
        Vbe(f, BochsVbeRegister.YOffset, 599);
        Assert.Equal(0x123456u, f.Renderer.Capture().GetRgb(799, 0));

        // Moving the BAR moves the framebuffer.
        ConfigWrite(f, 2, 0x10, 0xD000_0000);
        Assert.Equal(0x00FF_8040u, memory.Read32(0xD000_0000));
        Assert.Equal(0xFFFF_FFFFu, memory.Read32(0xE000_0000));
    }

    [Fact]
    public void VbeSixteenBitAndEightBitModes()
    {
        var f = new VgaFixture();
        var lfb = new VgaLinearFramebuffer(f.Adapter.Vbe);
        Vbe(f, BochsVbeRegister.XRes, 320);
        Vbe(f, BochsVbeRegister.YRes, 200);
        Vbe(f, BochsVbeRegister.Bpp, 16);
        Vbe(f, BochsVbeRegister.Enable, 0x41);
        lfb.WriteMmio(0, 2, 0xF800); // red in RGB565
        Assert.Equal(0xFF0000u, f.Renderer.Capture().GetRgb(0, 0));

        Vbe(f, BochsVbeRegister.Enable, 0);
        Vbe(f, BochsVbeRegister.Bpp, 8);
        Vbe(f, BochsVbeRegister.Enable, 0x41 | 0x20 | 0x80); // 8-bit DAC, keep memory
        f.SetDac(0x00, 0x80, 0x40, 0xFF);
        Assert.Equal(0x8040FFu, f.Renderer.Capture().GetRgb(0, 0)); // 0xF800 is bytes 00 F8: pixel 0 is entry 0
    }

    [Fact]
    public void NoChangeMeansNoNewFrame()
    {
        var f = new VgaFixture();
        f.SetMode13();
        Assert.True(f.Renderer.TryRenderFrame(out VgaFrame first));
        long firstNumber = first.Number;
        Assert.False(f.Renderer.TryRenderFrame(out VgaFrame same));
        Assert.Same(first, same);
        Assert.Equal(firstNumber, same.Number);

        f.Clock.Advance(VgaTiming.FrameNanoseconds * 100); // graphics modes do not blink
        Assert.False(f.Renderer.TryRenderFrame(out _));

        f.Poke(5, 0); // same value: nothing changed
        Assert.False(f.Renderer.TryRenderFrame(out _));
        f.Peek(5); // reads never dirty
        Assert.False(f.Renderer.TryRenderFrame(out _));

        f.Poke(5, 9);
        Assert.True(f.Renderer.TryRenderFrame(out VgaFrame second));
        Assert.Equal(firstNumber + 1, second.Number);

        f.SetDac(3, 1, 1, 1);
        Assert.True(f.Renderer.TryRenderFrame(out _));
        f.SetDac(3, 1, 1, 1);
        Assert.False(f.Renderer.TryRenderFrame(out _));
    }

    [Fact]
    public void PngScreenshotIsWrittenAndReadsBack()
    {
        VgaFixture f = HelloScreen();
        f.Clock.NowNanoseconds = 8 * VgaTiming.FrameNanoseconds + 1;
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-vga-text-{Environment.ProcessId}.png");
        try
        {
            VgaFrame frame = PngScreenshot.Capture(f.Renderer, path);
            using FileStream stream = File.OpenRead(path);
            byte[] signature = new byte[8];
            stream.ReadExactly(signature);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, signature);
            stream.Position = 0;
            Png png = Png.Open(stream);
            Assert.Equal(720, png.Width);
            Assert.Equal(400, png.Height);
            Pixel pixel = png.GetPixel(1, 5); // 'H', line 5: "##....##"
            Assert.Equal(frame.GetRgb(1, 5), (uint)(pixel.R << 16 | pixel.G << 8 | pixel.B));
            Assert.Equal(Yellow, (uint)(pixel.R << 16 | pixel.G << 8 | pixel.B));
        }
        finally
        {
            // PCEMU_SCREENSHOT_DIR keeps a copy for a human to look at.
            if (Environment.GetEnvironmentVariable("PCEMU_SCREENSHOT_DIR") is { Length: > 0 } keep && File.Exists(path))
                File.Copy(path, Path.Combine(keep, "vga-text.png"), overwrite: true);
            File.Delete(path);
        }
    }

    private static void Vbe(VgaFixture f, BochsVbeRegister register, ushort value)
    {
        f.Bus.Write(BochsVbePorts.Index, 2, (ushort)register);
        f.Bus.Write(BochsVbePorts.Data, 2, value);
    }

    private static int VbeRead(VgaFixture f, BochsVbeRegister register)
    {
        f.Bus.Write(BochsVbePorts.Index, 2, (ushort)register);
        return (int)f.Bus.Read(BochsVbePorts.Data, 2);
    }

    private static uint ConfigRead(VgaFixture f, int device, int offset)
    {
        f.Bus.Write(0xCF8, 4, 0x8000_0000u | (uint)device << 11 | (uint)offset);
        return f.Bus.Read(0xCFC, 4);
    }

    private static void ConfigWrite(VgaFixture f, int device, int offset, uint value)
    {
        f.Bus.Write(0xCF8, 4, 0x8000_0000u | (uint)device << 11 | (uint)offset);
        f.Bus.Write(0xCFC, 4, value);
    }
}
