namespace GuestOs.Tests.Platform;

/// <summary>The scenarios <see cref="Program"/> chooses from.</summary>
internal static unsafe partial class Program
{
    private const ushort EchoId = 0x4E43;
    private const int ArpAttempts = 100, ArpRetryPolls = 300_000;

    private static void ReportIdentity()
    {
        Serial.Write("nic: 00:");
        Serial.WriteHex((uint)Rtl8139.Pci.Device, 2);
        Serial.Write('.');
        Serial.WriteHex((uint)Rtl8139.Pci.Function, 1);
        Serial.Write(" 10ec:8139, interrupt line ");
        Serial.WriteDecimal(Rtl8139.IrqLine);
        Serial.Write(" pin ");
        Serial.WriteDecimal((Rtl8139.Pci.Read(0x3C) >> 8) & 0xFF);
        Serial.Write('\n');
        Serial.Write("bars: io ");
        Serial.WriteHex(Rtl8139.Io, 4);
        Serial.Write(" mem ");
        Serial.WriteHex(Rtl8139.MemoryBar, 8);
        Serial.Write(", command ");
        Serial.WriteHex(Rtl8139.Pci.Read(0x04) & 0xFFFF, 4);
        Serial.Write('\n');
    }

    /// <summary>Everything the cross-check compares: identity, EEPROM, link, raw frames, filters, ARP, UDP, interrupts.</summary>
    private static void RunFrames()
    {
        ushort io = Rtl8139.Io;
        Serial.Write("mac (IDR0-5): ");
        WriteMac(Rtl8139.Mac);
        Serial.Write('\n');
        byte* eepromMac = stackalloc byte[6];
        for (int i = 0; i < 3; i++)
        {
            ushort word = Rtl8139.ReadEeprom(7 + i);
            eepromMac[2 * i] = (byte)word;
            eepromMac[2 * i + 1] = (byte)(word >> 8);
        }
        Serial.Write("eeprom: id ");
        Serial.WriteHex(Rtl8139.ReadEeprom(0), 4);
        Serial.Write(", mac (words 7-9) ");
        WriteMac(eepromMac);
        Serial.Write('\n');
        Check(Net.Equal(eepromMac, Rtl8139.Mac, 6), "eeprom mac equals IDR");
        byte msr = Cpu.In8((ushort)(io + Rtl8139.Msr));
        ushort bmsr = Cpu.In16((ushort)(io + Rtl8139.Bmsr));
        Check((msr & 0x04) == 0 && (bmsr & 0x04) != 0, "link up (MSR.LINKB clear, BMSR link status)");
        Check((msr & 0x08) == 0, "100 Mb/s (MSR.SPEED_10 clear)");

        // 1. A raw broadcast frame of the local experimental EtherType.
        byte* frame = Rtl8139.TxBuffer;
        int length = Net.Ethernet(frame, s_broadcast, Rtl8139.Mac, Net.TypeTest);
        length += WriteText(frame + length, "hello from the rtl8139 guest");
        uint tsd = Rtl8139.Transmit(length);
        Serial.Write("tx broadcast: tsd status/size ");
        Serial.WriteHex(tsd & 0xFFFF, 4);
        Serial.Write('\n');

        // 2. The peer answers with four frames; the filter (physical match, broadcast, MAR all zero) keeps two.
        for (int n = 0; n < 2; n++)
        {
            int received = NextFrame(out ushort status);
            Serial.Write("rx: ");
            Serial.WriteDecimal((uint)received);
            Serial.Write(" bytes, status ");
            Serial.WriteHex(status, 4);
            Serial.Write(", to ");
            WriteMac(s_rx);
            Serial.Write(", type ");
            Serial.WriteHex(Net.Get16(s_rx + 12), 4);
            Serial.Write(", '");
            for (int i = 14; i < received && s_rx[i] != 0; i++)
                Serial.Write((char)s_rx[i]);
            Serial.WriteLine("'");
        }

        // 3. ARP and the UDP echo series.
        Resolve();
        UdpEchoSeries();
        Serial.Write("missed packets (MPC): ");
        Serial.WriteDecimal(Cpu.In32((ushort)(io + Rtl8139.Mpc)) & 0xFF_FFFF);
        Serial.Write('\n');
        Check(Rtl8139.RingWraps > 0, "the receive ring wrapped");
        uint causes = Rtl8139.PendingCauses;
        Check((causes & Rtl8139.IsrRxOk) != 0, "ROK interrupt delivered on the interrupt line");
        Check((causes & Rtl8139.IsrTxOk) != 0, "TOK interrupt delivered on the interrupt line");
        Check((causes & (Rtl8139.IsrRxError | Rtl8139.IsrTxError | Rtl8139.IsrRxOverflow | Rtl8139.IsrSystemError)) == 0, "no error interrupt");
    }

    private static void RunUdpEcho()
    {
        Resolve();
        UdpEchoSeries();
    }

    /// <summary>
    /// ARP request for the peer until its reply arrives; other frames are skipped. The request
    /// is repeated after <see cref="ArpRetryPolls"/> empty polls of the ring: a card whose
    /// receiver is still off drops frames (QEMU does; so does the chip), so a peer that boots
    /// later misses the first request.
    /// </summary>
    private static void Resolve()
    {
        byte* zero = stackalloc byte[6];
        for (int i = 0; i < 6; i++)
            zero[i] = 0;
        for (int attempt = 0; attempt < ArpAttempts; attempt++)
        {
            int length = Net.Arp(Rtl8139.TxBuffer, 1, Rtl8139.Mac, s_ip, zero, s_peer, s_broadcast);
            Rtl8139.Transmit(length);
            for (int poll = 0; poll < ArpRetryPolls; poll++)
            {
                int received = Rtl8139.Receive(s_rx, 1600, out _);
                if (received < 0)
                    continue;
                byte* arp = s_rx + Net.EthernetHeader;
                if (received >= Net.EthernetHeader + Net.ArpBytes && Net.Get16(s_rx + 12) == Net.TypeArp
                    && Net.Get16(arp + 6) == 2 && Net.Get32(arp + 14) == s_peer && Net.Get32(arp + 24) == s_ip)
                {
                    Net.Copy(s_peerMac, arp + 8, 6);
                    ReportResolved();
                    return;
                }
                AnswerArp(received);
            }
        }
        Fail("no ARP reply from the peer");
    }

    private static void ReportResolved()
    {
        Serial.Write("arp: ");
        WriteIp(s_peer);
        Serial.Write(" is at ");
        WriteMac(s_peerMac);
        Serial.Write('\n');
    }

    /// <summary>Replies to an ARP request for our address in <see cref="s_rx"/>; true if it was one.</summary>
    private static bool AnswerArp(int received)
    {
        byte* arp = s_rx + Net.EthernetHeader;
        if (received < Net.EthernetHeader + Net.ArpBytes || Net.Get16(s_rx + 12) != Net.TypeArp || Net.Get16(arp + 6) != 1 || Net.Get32(arp + 24) != s_ip)
            return false;
        byte* senderMac = stackalloc byte[6];
        Net.Copy(senderMac, arp + 8, 6);
        uint senderIp = Net.Get32(arp + 14);
        int length = Net.Arp(Rtl8139.TxBuffer, 2, Rtl8139.Mac, s_ip, senderMac, senderIp, senderMac);
        Rtl8139.Transmit(length);
        return true;
    }

    /// <summary>Datagrams of 100, 220, ... bytes to the peer's echo port; each reply must carry the same bytes back.</summary>
    private static void UdpEchoSeries()
    {
        int matched = 0;
        for (int k = 0; k < s_count; k++)
        {
            int size = 100 + 120 * (k % 12);
            byte* frame = Rtl8139.TxBuffer;
            byte* payload = frame + Net.EthernetHeader + Net.IpHeader + Net.UdpHeader;
            for (int i = 0; i < size; i++)
                payload[i] = (byte)(k * 7 + i);
            int length = Net.Udp(frame, s_peerMac, Rtl8139.Mac, s_ip, s_peer, UdpLocalPort + k, UdpEchoPort, size, (ushort)(k + 1));
            Rtl8139.Transmit(length);
            while (true)
            {
                int received = NextFrame(out _);
                if (!Net.IsIpv4For(s_rx, received, Net.ProtocolUdp, s_ip))
                {
                    AnswerArp(received);
                    continue;
                }
                byte* ip = s_rx + Net.EthernetHeader;
                byte* udp = ip + Net.IpHeader;
                if (Net.Get16(udp + 2) != UdpLocalPort + k || Net.Get16(udp) != UdpEchoPort)
                    continue;
                bool same = Net.Get16(udp + 4) == Net.UdpHeader + size && Net.Get32(ip + 12) == s_peer
                    && (Net.Get16(udp + 6) == 0 || Net.UdpChecksum(ip) == 0);
                byte* data = udp + Net.UdpHeader;
                for (int i = 0; same && i < size; i++)
                    same = data[i] == (byte)(k * 7 + i);
                if (same)
                    matched++;
                break;
            }
        }
        Serial.Write("udp echo: ");
        Serial.WriteDecimal((uint)matched);
        Serial.Write(" of ");
        Serial.WriteDecimal((uint)s_count);
        Serial.WriteLine(" replies carry the datagram back");
        if (matched != s_count)
            s_ok = false;
    }

    private static void RunPing()
    {
        Resolve();
        int replies = 0;
        for (int seq = 1; seq <= s_count; seq++)
        {
            byte* frame = Rtl8139.TxBuffer;
            Net.Ethernet(frame, s_peerMac, Rtl8139.Mac, Net.TypeIpv4);
            byte* icmp = frame + Net.EthernetHeader + Net.IpHeader;
            icmp[0] = 8;
            icmp[1] = 0;
            Net.Put16(icmp + 2, 0);
            Net.Put16(icmp + 4, EchoId);
            Net.Put16(icmp + 6, seq);
            for (int i = 0; i < 56; i++)
                icmp[8 + i] = (byte)(seq + i);
            Net.Put16(icmp + 2, Net.Checksum(icmp, 64));
            Net.Ipv4(frame + Net.EthernetHeader, Net.ProtocolIcmp, s_ip, s_peer, 64, (ushort)seq);
            Rtl8139.Transmit(Net.EthernetHeader + Net.IpHeader + 64);
            while (true)
            {
                int received = NextFrame(out _);
                if (!Net.IsIpv4For(s_rx, received, Net.ProtocolIcmp, s_ip))
                {
                    AnswerArp(received);
                    continue;
                }
                byte* reply = s_rx + Net.EthernetHeader + Net.IpHeader;
                int icmpLength = Net.Get16(s_rx + Net.EthernetHeader + 2) - Net.IpHeader;
                if (reply[0] != 0 || Net.Get16(reply + 4) != EchoId || Net.Get16(reply + 6) != seq)
                    continue;
                bool same = icmpLength == 64 && Net.Checksum(reply, icmpLength) == 0;
                for (int i = 0; same && i < 56; i++)
                    same = reply[8 + i] == (byte)(seq + i);
                Serial.Write(same ? "64 bytes from " : "corrupt reply from ");
                WriteIp(Net.Get32(s_rx + Net.EthernetHeader + 12));
                Serial.Write(": icmp_seq=");
                Serial.WriteDecimal((uint)seq);
                Serial.Write('\n');
                if (same)
                    replies++;
                break;
            }
        }
        Serial.Write("ping: ");
        Serial.WriteDecimal((uint)replies);
        Serial.Write(" of ");
        Serial.WriteDecimal((uint)s_count);
        Serial.WriteLine(" echo requests answered");
        if (replies != s_count)
            s_ok = false;
    }

    /// <summary>Answers ARP requests and ICMP echo requests for our address until <see cref="s_count"/> echoes were answered.</summary>
    private static void RunPong()
    {
        int answered = 0;
        uint lastFrom = 0;
        while (answered < s_count)
        {
            int received = NextFrame(out _);
            if (AnswerArp(received) || !Net.IsIpv4For(s_rx, received, Net.ProtocolIcmp, s_ip))
                continue;
            byte* ip = s_rx + Net.EthernetHeader;
            int icmpLength = Net.Get16(ip + 2) - Net.IpHeader;
            byte* icmp = ip + Net.IpHeader;
            if (icmp[0] != 8 || icmpLength < 8 || icmpLength > 1480 || Net.Checksum(icmp, icmpLength) != 0)
                continue;
            lastFrom = Net.Get32(ip + 12);
            byte* frame = Rtl8139.TxBuffer;
            Net.Ethernet(frame, s_rx + 6, Rtl8139.Mac, Net.TypeIpv4);
            byte* replyIcmp = frame + Net.EthernetHeader + Net.IpHeader;
            Net.Copy(replyIcmp, icmp, icmpLength);
            replyIcmp[0] = 0;
            Net.Put16(replyIcmp + 2, 0);
            Net.Put16(replyIcmp + 2, Net.Checksum(replyIcmp, icmpLength));
            Net.Ipv4(frame + Net.EthernetHeader, Net.ProtocolIcmp, s_ip, lastFrom, icmpLength, Net.Get16(ip + 4));
            Rtl8139.Transmit(Net.EthernetHeader + Net.IpHeader + icmpLength);
            answered++;
        }
        Serial.Write("pong: answered ");
        Serial.WriteDecimal((uint)answered);
        Serial.Write(" echo requests from ");
        WriteIp(lastFrom);
        Serial.Write('\n');
    }

    /// <summary>The same UDP datagram in all four transmit buffers, then the descriptors round robin as fast as they complete.</summary>
    private static void RunFlood()
    {
        Resolve();
        int size = s_size < 18 ? 18 : s_size > 1472 ? 1472 : s_size;
        int length = 0;
        for (int d = 0; d < 4; d++)
        {
            byte* frame = Rtl8139.TxBuffer;
            byte* payload = frame + Net.EthernetHeader + Net.IpHeader + Net.UdpHeader;
            for (int i = 0; i < size; i++)
                payload[i] = (byte)i;
            length = Net.Udp(frame, s_peerMac, Rtl8139.Mac, s_ip, s_peer, UdpLocalPort, UdpDiscardPort, size, (ushort)d);
            Rtl8139.Transmit(length);
        }
        int sent = 4;
        while (sent < s_count)
        {
            if (Rtl8139.TryStartTransmit(length))
                sent++;
        }
        Serial.Write("flood: sent ");
        Serial.WriteDecimal((uint)sent);
        Serial.Write(" datagrams of ");
        Serial.WriteDecimal((uint)size);
        Serial.WriteLine(" bytes");
    }

    private static int WriteText(byte* destination, string text)
    {
        for (int i = 0; i < text.Length; i++)
            destination[i] = (byte)text[i];
        destination[text.Length] = 0;
        return text.Length + 1;
    }
}
