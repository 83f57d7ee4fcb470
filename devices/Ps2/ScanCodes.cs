namespace PcEmu.Devices.Ps2;

/// <summary>
/// Scan code sequences (IBM PS/2 Hardware Interface Technical Reference, "Keyboard", scan
/// code sets 1 and 2) and the 8042's set 2 to set 1 translation table.
/// </summary>
public static class ScanCodes
{
    public const byte ExtendedPrefix = 0xE0;
    public const byte PausePrefix = 0xE1;
    /// <summary>Set 2 break prefix: the next code is a release.</summary>
    public const byte BreakPrefix = 0xF0;
    /// <summary>Set 1 marks a release by setting bit 7 of the make code.</summary>
    public const byte Set1BreakBit = 0x80;

    /// <summary>
    /// The 8042 translation (command byte bit 6): set 2 code to set 1 code. Codes 0x80-0xFF
    /// pass unchanged except 0x83 (F7) and 0x84 (Alt+SysRq). Same table as QEMU's and the
    /// IBM 8042 firmware.
    /// </summary>
    private static readonly byte[] Translation = BuildTranslation();

    public static byte TranslateToSet1(byte set2) => Translation[set2];

    /// <summary>The bytes a keyboard in scan code set 2 sends for a key press or release.</summary>
    public static void AppendSet2(PcKey key, bool release, List<byte> output)
    {
        switch (key)
        {
            case PcKey.None:
                return;
            case PcKey.PrintScreen:
                output.AddRange(release
                    ? [ExtendedPrefix, BreakPrefix, 0x7C, ExtendedPrefix, BreakPrefix, 0x12]
                    : [ExtendedPrefix, 0x12, ExtendedPrefix, 0x7C]);
                return;
            case PcKey.Pause:
                if (!release)
                    output.AddRange([PausePrefix, 0x14, 0x77, PausePrefix, BreakPrefix, 0x14, BreakPrefix, 0x77]);
                return;
        }
        if (((ushort)key & 0x100) != 0)
            output.Add(ExtendedPrefix);
        if (release)
            output.Add(BreakPrefix);
        output.Add((byte)key);
    }

    /// <summary>The bytes a keyboard switched to scan code set 1 sends (no 8042 translation involved).</summary>
    public static void AppendSet1(PcKey key, bool release, List<byte> output)
    {
        List<byte> set2 = new();
        AppendSet2(key, release, set2);
        bool broken = false;
        foreach (byte b in set2)
        {
            if (b == BreakPrefix)
            {
                broken = true;
                continue;
            }
            output.Add((byte)(TranslateToSet1(b) | (broken ? Set1BreakBit : 0)));
            broken = false;
        }
    }

    private static byte[] BuildTranslation()
    {
        byte[] low =
        [
            0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
            0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
            0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
            0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
            0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
            0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
            0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
            0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
        ];
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++)
            table[i] = i < low.Length ? low[i] : (byte)i;
        table[0x83] = 0x41; // F7
        table[0x84] = 0x54; // Alt+SysRq
        return table;
    }
}
