using PcEmu.Devices.Vga;

namespace PcEmu.Devices.Tests.Vga;

/// <summary>The renderer's cursor phase follows the virtual clock unless a screenshot comparison pins it.</summary>
public sealed class VgaCursorPhaseTests
{
    [Theory]
    [InlineData(VgaRenderProfile.Native)]
    [InlineData(VgaRenderProfile.Qemu)]
    public void A_pinned_phase_shows_or_hides_the_cursor_at_any_time(VgaRenderProfile profile)
    {
        VgaFixture f = VgaRenderTests.HelloScreen(profile);
        VgaFrame reference = f.Renderer.Capture().Clone();

        f.Renderer.CursorPhase = true;
        VgaFrame on = f.Renderer.Capture().Clone();
        f.Clock.NowNanoseconds += VgaTiming.FrameNanoseconds * 8; // the clock's phase flips
        VgaFrame stillOn = f.Renderer.Capture().Clone();
        f.Renderer.CursorPhase = false;
        VgaFrame off = f.Renderer.Capture().Clone();

        Assert.Equal(on.Pixels, stillOn.Pixels);
        Assert.NotEqual(on.Pixels, off.Pixels);
        Assert.True(reference.Pixels.AsSpan().SequenceEqual(on.Pixels) || reference.Pixels.AsSpan().SequenceEqual(off.Pixels));
    }
}
