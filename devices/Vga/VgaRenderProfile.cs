namespace PcEmu.Devices.Vga;

/// <summary>Whose picture the renderer reproduces where the hardware and QEMU differ.</summary>
public enum VgaRenderProfile
{
    /// <summary>
    /// The IBM VGA at the mode's own resolution: 320x200 for mode 13h and 0Dh (scan-doubled
    /// lines and double-width pixels are folded back), 360x400 for 40-column text; the
    /// ninth dot repeats for C0h-DFh; attribute bit 7 blinks when AR10 bit 3 is set; the
    /// cursor toggles every 8 frames and blinking text every 16; monochrome underline.
    /// </summary>
    Native,

    /// <summary>
    /// QEMU 7.2's hw/display/vga.c, so a picture can match its <c>screendump</c> pixel for
    /// pixel: graphics at the scanned resolution (mode 13h is 640x400: pixels doubled across,
    /// lines repeated as the CRTC scans them), 40-column text with 16-dot cells; the ninth
    /// dot repeats for B0h-DFh; attribute bit 7 is always a background colour bit (QEMU does
    /// not blink text); no underline; the colour plane enable register is ignored; the
    /// cursor toggles every 16 frames (QEMU: every 266 ms).
    /// </summary>
    Qemu,
}
