namespace PcEmu.Devices.Vga;

/// <summary>
/// The Bochs VBE ("DISPI") interface registers, selected by writing the index to port 0x1CE
/// and accessed through port 0x1CF (Bochs vbe.h, QEMU include/hw/display/bochs-vbe.h).
/// </summary>
public enum BochsVbeRegister : ushort
{
    Id = 0x0,
    XRes = 0x1,
    YRes = 0x2,
    Bpp = 0x3,
    Enable = 0x4,
    Bank = 0x5,
    VirtWidth = 0x6,
    VirtHeight = 0x7,
    XOffset = 0x8,
    YOffset = 0x9,
    /// <summary>Video memory size in 64 KiB units (read-only; QEMU's extension).</summary>
    VideoMemory64K = 0xA,
}

/// <summary>The DISPI ENABLE register.</summary>
[Flags]
public enum BochsVbeEnable : ushort
{
    Enabled = 0x01,
    /// <summary>While set, XRES, YRES and BPP read back the maximum the card supports.</summary>
    GetCaps = 0x02,
    /// <summary>The DAC takes 8-bit components instead of 6.</summary>
    EightBitDac = 0x20,
    LinearFramebuffer = 0x40,
    /// <summary>Enabling keeps the framebuffer contents instead of clearing it.</summary>
    NoClearMemory = 0x80,
}

/// <summary>Ports and identities of the DISPI interface.</summary>
public static class BochsVbePorts
{
    public const ushort Index = 0x1CE;
    public const ushort Data = 0x1CF;

    public const ushort Id0 = 0xB0C0;
    public const ushort Id5 = 0xB0C5;
}
