using BigGustave;
using PcEmu.Devices.Vga;

namespace PcEmu.Devices.Backends.Display;

/// <summary>
/// Writes a <see cref="VgaFrame"/> as a PNG (8-bit RGB, no alpha: the frame is opaque) with
/// BigGustave. The headless runner's screenshots and the screen tests go through here.
/// </summary>
public static class PngScreenshot
{
    public static void Save(VgaFrame frame, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(destination);
        PngBuilder builder = PngBuilder.Create(frame.Width, frame.Height, hasAlphaChannel: false);
        byte[] pixels = frame.Pixels;
        for (int y = 0; y < frame.Height; y++)
        {
            for (int x = 0; x < frame.Width; x++)
            {
                int at = (y * frame.Width + x) * 4;
                builder.SetPixel(pixels[at], pixels[at + 1], pixels[at + 2], x, y);
            }
        }
        builder.Save(destination);
    }

    /// <summary>Writes the PNG to <paramref name="path"/>, replacing the file.</summary>
    public static void Save(VgaFrame frame, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.Create(path);
        Save(frame, stream);
    }

    /// <summary>The current picture of <paramref name="renderer"/> as a PNG file.</summary>
    public static VgaFrame Capture(VgaRenderer renderer, string path)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        VgaFrame frame = renderer.Capture();
        Save(frame, path);
        return frame;
    }
}
