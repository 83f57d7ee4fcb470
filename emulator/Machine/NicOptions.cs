using PcEmu.Devices.Backends.Network;

namespace PcEmu.Machine;

/// <summary>
/// One RTL8139 network card (QEMU <c>-device rtl8139,netdev=...,mac=...</c>): its host back end,
/// which the caller owns and disposes, and its station address (null: QEMU's default
/// 52:54:00:12:34:56, the last byte counting up for each further card).
/// </summary>
public sealed record NicOptions(INetworkBackend Backend, byte[]? Mac = null)
{
    public static byte[] DefaultMac(int index) => new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, (byte)(0x56 + index) };

    /// <summary>Parses aa:bb:cc:dd:ee:ff (or with dashes); a multicast address is refused, as QEMU does.</summary>
    public static byte[] ParseMac(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(text.Contains('-') ? '-' : ':');
        byte[] mac = new byte[6];
        bool valid = parts.Length == 6;
        for (int i = 0; valid && i < 6; i++)
            valid = parts[i].Length == 2 && byte.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, null, out mac[i]);
        if (!valid)
            throw new FormatException($"'{text}' is not a MAC address (expected six hex bytes like 52:54:00:12:34:56)");
        if ((mac[0] & 1) != 0)
            throw new FormatException($"'{text}' is a multicast address; a card needs a unicast one (first byte even)");
        return mac;
    }
}
