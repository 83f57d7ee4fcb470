namespace PcEmu.Devices.Vga;

/// <summary>
/// One rendered picture: <see cref="Width"/> x <see cref="Height"/> pixels, 4 bytes each in
/// R, G, B, A order (A always 255), rows top to bottom with no padding. The renderer reuses
/// the buffer for the next frame of the same size: copy it to keep it past the next
/// <see cref="VgaRenderer.TryRenderFrame"/>.
/// </summary>
public sealed class VgaFrame
{
    public VgaFrame(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 4];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>RGBA bytes, <c>(y * Width + x) * 4</c> for pixel (x, y).</summary>
    public byte[] Pixels { get; }

    /// <summary>Counts the frames the renderer produced (1 for the first).</summary>
    public long Number { get; internal set; }

    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>) as 0xRRGGBB.</summary>
    public uint GetRgb(int x, int y)
    {
        int at = (y * Width + x) * 4;
        return (uint)(Pixels[at] << 16 | Pixels[at + 1] << 8 | Pixels[at + 2]);
    }

    internal void SetRgb(int x, int y, uint rgb)
    {
        int at = (y * Width + x) * 4;
        Pixels[at] = (byte)(rgb >> 16);
        Pixels[at + 1] = (byte)(rgb >> 8);
        Pixels[at + 2] = (byte)rgb;
        Pixels[at + 3] = 0xFF;
    }

    /// <summary>A copy that the renderer will not overwrite.</summary>
    public VgaFrame Clone()
    {
        var copy = new VgaFrame(Width, Height) { Number = Number };
        Pixels.CopyTo(copy.Pixels, 0);
        return copy;
    }
}
