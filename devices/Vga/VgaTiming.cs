namespace PcEmu.Devices.Vga;

/// <summary>
/// The display timing the input status register reports, computed from virtual time: a
/// 60 Hz frame of 525 lines (the 640x480 timing), 480 of them displayed, vertical retrace on
/// lines 490-491, and horizontal blanking during the last fifth of every line. The CRTC
/// timing registers do not change it (a known simplification; guests only poll the bits).
/// </summary>
public static class VgaTiming
{
    public const long FrameNanoseconds = 1_000_000_000 / 60;
    public const int TotalLines = 525;
    public const int DisplayedLines = 480;
    public const int RetraceStartLine = 490;
    public const int RetraceLines = 2;

    public const long LineNanoseconds = FrameNanoseconds / TotalLines;

    /// <summary>The frame number at <paramref name="nanoseconds"/> (frames since power-on).</summary>
    public static long FrameAt(long nanoseconds) => nanoseconds / FrameNanoseconds;

    public static VgaInputStatus1 InputStatus1At(long nanoseconds)
    {
        long inFrame = nanoseconds % FrameNanoseconds;
        long line = inFrame / LineNanoseconds;
        long inLine = inFrame % LineNanoseconds;
        VgaInputStatus1 status = 0;
        if (line >= RetraceStartLine && line < RetraceStartLine + RetraceLines)
            status |= VgaInputStatus1.VerticalRetrace;
        if (line >= DisplayedLines || inLine >= LineNanoseconds * 4 / 5)
            status |= VgaInputStatus1.DisplayDisabled;
        return status;
    }
}
