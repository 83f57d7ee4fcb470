using PcEmu.Devices.Backends.Display;
using PcEmu.Devices.Vga;
using PcEmu.Machine;

namespace PcEmu.Cli;

/// <summary><c>--screenshot</c>: the screen as the run ended, rendered at the mode's own resolution and written as a PNG.</summary>
internal static class Screenshot
{
    public static void Save(PcMachine machine, string path)
    {
        VgaAdapter vga = machine.Platform.Vga?.Adapter
            ?? throw new UsageException("--screenshot needs a video card (not --vga none)");
        try
        {
            PngScreenshot.Capture(new VgaRenderer(vga, VgaRenderProfile.Native), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--screenshot: cannot write '{path}': {e.Message}");
        }
    }
}
