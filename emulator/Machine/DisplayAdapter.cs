namespace PcEmu.Machine;

/// <summary>The video card in the PC (QEMU's <c>-vga</c>).</summary>
public enum DisplayAdapter
{
    /// <summary>No video card: the VGA ports float and 0xA0000-0xBFFFF is plain RAM (QEMU <c>-vga none</c>).</summary>
    None,

    /// <summary>The Bochs/QEMU standard VGA with the Bochs VBE extension, PCI 1234:1111 at 00:02.0 (QEMU <c>-vga std</c>, its default).</summary>
    Std,
}
