namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// The IEEE 802.3 CRC-32 (polynomial 0x04C11DB7). <see cref="Fcs"/> is the frame check
/// sequence as it follows the frame in memory (the reflected CRC, complemented, stored
/// little-endian: zlib's crc32). <see cref="MulticastHashIndex"/> is the RTL8139's hash for
/// the MAR filter: the top six bits of the non-reflected CRC of the destination address
/// (Linux ether_crc(6, addr) &gt;&gt; 26; QEMU compute_mcast_idx).
/// </summary>
public static class EthernetCrc
{
    private static readonly uint[] ReflectedTable = BuildReflectedTable();

    public static uint Fcs(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
            crc = ReflectedTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>0-63: bit <c>index &amp; 7</c> of MAR<c>index &gt;&gt; 3</c>.</summary>
    public static int MulticastHashIndex(ReadOnlySpan<byte> address)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in address[..6])
        {
            byte current = b;
            for (int bit = 0; bit < 8; bit++, current >>= 1)
            {
                bool carry = ((crc >> 31) ^ (uint)(current & 1)) != 0;
                crc <<= 1;
                if (carry)
                    crc ^= 0x04C1_1DB7;
            }
        }
        return (int)(crc >> 26);
    }

    private static uint[] BuildReflectedTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
