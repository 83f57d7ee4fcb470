namespace GuestOs.Tests.Platform;

/// <summary>Ethernet II, ARP (RFC 826), IPv4 (RFC 791), UDP (RFC 768) and ICMP echo (RFC 792) in network byte order.</summary>
internal static unsafe class Net
{
    public const ushort TypeIpv4 = 0x0800, TypeArp = 0x0806, TypeTest = 0x88B5;
    public const byte ProtocolIcmp = 1, ProtocolUdp = 17;
    public const int EthernetHeader = 14, IpHeader = 20, UdpHeader = 8, ArpBytes = 28;

    public static ushort Get16(byte* p) => (ushort)(p[0] << 8 | p[1]);

    public static uint Get32(byte* p) => (uint)(p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]);

    public static void Put16(byte* p, int value)
    {
        p[0] = (byte)(value >> 8);
        p[1] = (byte)value;
    }

    public static void Put32(byte* p, uint value)
    {
        Put16(p, (int)(value >> 16));
        Put16(p + 2, (int)value);
    }

    public static void Copy(byte* destination, byte* source, int count)
    {
        for (int i = 0; i < count; i++)
            destination[i] = source[i];
    }

    public static bool Equal(byte* a, byte* b, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }

    /// <summary>The Internet checksum (RFC 1071) over <paramref name="length"/> bytes, folded into <paramref name="sum"/>.</summary>
    public static ushort Checksum(byte* data, int length, uint sum = 0)
    {
        for (int i = 0; i + 1 < length; i += 2)
            sum += Get16(data + i);
        if ((length & 1) != 0)
            sum += (uint)data[length - 1] << 8;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static int Ethernet(byte* frame, byte* destination, byte* source, ushort type)
    {
        Copy(frame, destination, 6);
        Copy(frame + 6, source, 6);
        Put16(frame + 12, type);
        return EthernetHeader;
    }

    /// <summary>An ARP packet for IPv4 over Ethernet; operation 1 = request, 2 = reply.</summary>
    public static int Arp(byte* frame, int operation, byte* senderMac, uint senderIp, byte* targetMac, uint targetIp, byte* destinationMac)
    {
        Ethernet(frame, destinationMac, senderMac, TypeArp);
        byte* arp = frame + EthernetHeader;
        Put16(arp, 1);
        Put16(arp + 2, TypeIpv4);
        arp[4] = 6;
        arp[5] = 4;
        Put16(arp + 6, operation);
        Copy(arp + 8, senderMac, 6);
        Put32(arp + 14, senderIp);
        Copy(arp + 18, targetMac, 6);
        Put32(arp + 24, targetIp);
        return EthernetHeader + ArpBytes;
    }

    /// <summary>Writes an IPv4 header (no options, TTL 64, DF clear) in front of <paramref name="payloadLength"/> bytes.</summary>
    public static void Ipv4(byte* ip, byte protocol, uint source, uint destination, int payloadLength, ushort id)
    {
        ip[0] = 0x45;
        ip[1] = 0;
        Put16(ip + 2, IpHeader + payloadLength);
        Put16(ip + 4, id);
        Put16(ip + 6, 0);
        ip[8] = 64;
        ip[9] = protocol;
        Put16(ip + 10, 0);
        Put32(ip + 12, source);
        Put32(ip + 16, destination);
        Put16(ip + 10, Checksum(ip, IpHeader));
    }

    /// <summary>A UDP datagram whose payload is already at frame + 42; with the pseudo-header checksum.</summary>
    public static int Udp(byte* frame, byte* destinationMac, byte* sourceMac, uint sourceIp, uint destinationIp, int sourcePort, int destinationPort, int payloadLength, ushort id)
    {
        Ethernet(frame, destinationMac, sourceMac, TypeIpv4);
        byte* ip = frame + EthernetHeader;
        Ipv4(ip, ProtocolUdp, sourceIp, destinationIp, UdpHeader + payloadLength, id);
        byte* udp = ip + IpHeader;
        Put16(udp, sourcePort);
        Put16(udp + 2, destinationPort);
        Put16(udp + 4, UdpHeader + payloadLength);
        Put16(udp + 6, 0);
        ushort sum = UdpChecksum(ip);
        Put16(udp + 6, sum == 0 ? 0xFFFF : sum);
        return EthernetHeader + IpHeader + UdpHeader + payloadLength;
    }

    /// <summary>The UDP checksum over the pseudo-header and datagram of the IPv4 packet at <paramref name="ip"/> (0 when correct for a received one).</summary>
    public static ushort UdpChecksum(byte* ip)
    {
        int udpLength = Get16(ip + IpHeader + 4);
        uint sum = Get16(ip + 12) + (uint)Get16(ip + 14) + Get16(ip + 16) + Get16(ip + 18) + ProtocolUdp + (uint)udpLength;
        return Checksum(ip + IpHeader, udpLength, sum);
    }

    /// <summary>Whether a received frame is IPv4 with a correct header checksum, the given protocol, for <paramref name="destination"/>.</summary>
    public static bool IsIpv4For(byte* frame, int length, byte protocol, uint destination) =>
        length >= EthernetHeader + IpHeader && Get16(frame + 12) == TypeIpv4 && frame[EthernetHeader] == 0x45
        && frame[EthernetHeader + 9] == protocol && Get32(frame + EthernetHeader + 16) == destination
        && Checksum(frame + EthernetHeader, IpHeader) == 0;

    public static uint ParseIp(byte* text, out byte* end)
    {
        uint value = 0;
        for (int part = 0; part < 4; part++)
        {
            uint octet = 0;
            while (*text >= '0' && *text <= '9')
                octet = octet * 10 + (uint)(*text++ - '0');
            value = value << 8 | (octet & 0xFF);
            if (part < 3 && *text == '.')
                text++;
        }
        end = text;
        return value;
    }
}
