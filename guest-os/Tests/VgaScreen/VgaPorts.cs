namespace GuestOs.Tests.Platform;

/// <summary>Indexed VGA register access (IBM VGA Technical Reference; FreeVGA register pages).</summary>
internal static class Vga
{
    public const ushort AttributeIndex = 0x3C0, AttributeRead = 0x3C1, MiscWrite = 0x3C2, SequencerIndex = 0x3C4;
    public const ushort PelMask = 0x3C6, DacReadIndex = 0x3C7, DacWriteIndex = 0x3C8, DacData = 0x3C9;
    public const ushort MiscRead = 0x3CC, GraphicsIndex = 0x3CE, CrtcIndex = 0x3D4, InputStatus1 = 0x3DA;

    public static byte ReadIndexed(ushort indexPort, int index)
    {
        Cpu.Out8(indexPort, (byte)index);
        return Cpu.In8((ushort)(indexPort + 1));
    }

    public static void WriteIndexed(ushort indexPort, int index, byte value)
    {
        Cpu.Out8(indexPort, (byte)index);
        Cpu.Out8((ushort)(indexPort + 1), value);
    }

    /// <summary>Reads attribute register <paramref name="index"/> keeping PAS set (the screen stays on).</summary>
    public static byte ReadAttribute(int index)
    {
        Cpu.In8(InputStatus1);
        Cpu.Out8(AttributeIndex, (byte)(index | 0x20));
        byte value = Cpu.In8(AttributeRead);
        Cpu.In8(InputStatus1);
        return value;
    }

    /// <summary>Writes attribute register <paramref name="index"/> with PAS clear (call <see cref="EnableDisplay"/> after).</summary>
    public static void WriteAttribute(int index, byte value)
    {
        Cpu.In8(InputStatus1);
        Cpu.Out8(AttributeIndex, (byte)index);
        Cpu.Out8(AttributeIndex, value);
    }

    /// <summary>Sets PAS: the attribute palette goes back to the display.</summary>
    public static void EnableDisplay()
    {
        Cpu.In8(InputStatus1);
        Cpu.Out8(AttributeIndex, 0x20);
    }
}
