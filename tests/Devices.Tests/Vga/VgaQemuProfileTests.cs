using PcEmu.Devices.Vga;

namespace PcEmu.Devices.Tests.Vga;

/// <summary>The QEMU profile reproduces QEMU 7.2's picture where it differs from the hardware (for screendump comparisons).</summary>
public sealed class VgaQemuProfileTests
{
    private static readonly uint LightGray = VgaFixture.Rgb6(0x2A, 0x2A, 0x2A);
    private static readonly uint Yellow = VgaFixture.Rgb6(0x3F, 0x3F, 0x15);
    private static readonly uint DarkGray = VgaFixture.Rgb6(0x15, 0x15, 0x15);

    [Theory]
    [InlineData(VgaRenderProfile.Native, false)]
    [InlineData(VgaRenderProfile.Qemu, true)]
    public void NinthDotRepeatsFromB0hOnlyInQemu(VgaRenderProfile profile, bool repeats)
    {
        VgaFixture f = VgaRenderTests.HelloScreen(profile);
        f.WriteText(3, 0, "\u00B3", 0x07); // B3h, drawn as its rightmost dot on every line
        f.LoadFont(FontWithFullB3(), TestFont.Height);
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(LightGray, frame.GetRgb(7, 48 + 4));
        Assert.Equal(repeats ? LightGray : 0u, frame.GetRgb(8, 48 + 4));
    }

    [Theory]
    [InlineData(VgaRenderProfile.Native, false)]
    [InlineData(VgaRenderProfile.Qemu, true)]
    public void AttributeBit7IsABrightBackgroundInQemu(VgaRenderProfile profile, bool bright)
    {
        VgaFixture f = VgaRenderTests.HelloScreen(profile);
        f.WriteText(2, 0, " ", 0x8E); // bit 7 set, background 0 (8 when bright), yellow foreground
        f.WriteText(2, 1, "\u00DB", 0x8E);
        f.Clock.NowNanoseconds = 0; // hardware blink phase: off
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(bright ? DarkGray : 0u, frame.GetRgb(3, 32 + 5));
        Assert.Equal(bright ? Yellow : 0u, frame.GetRgb(9 + 3, 32 + 5));
    }

    [Fact]
    public void Mode13hIsScannedAt640x400InQemu()
    {
        var f = new VgaFixture(VgaRenderProfile.Qemu);
        f.SetMode13();
        f.SetDac(1, 0x3F, 0, 0);
        f.Poke(320 + 1, 1); // logical pixel (1, 1)
        VgaFrame frame = f.Renderer.Capture();
        Assert.Equal(640, frame.Width);
        Assert.Equal(400, frame.Height);
        for (int y = 2; y <= 3; y++)
        {
            for (int x = 2; x <= 3; x++)
                Assert.Equal(0xFF0000u, frame.GetRgb(x, y));
        }
        Assert.Equal(0u, frame.GetRgb(1, 2));
        Assert.Equal(0u, frame.GetRgb(4, 2));
        Assert.Equal(0u, frame.GetRgb(2, 4));
    }

    private static byte[] FontWithFullB3()
    {
        byte[] font = TestFont.Create();
        for (int line = 0; line < TestFont.Height; line++)
            font[0xB3 * TestFont.Height + line] = 0x01;
        return font;
    }
}
