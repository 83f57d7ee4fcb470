using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Integration.Tests.Network;

/// <summary>
/// The other end of the wire for the NicTest guest's <c>mode=frames</c> script, speaking QEMU's
/// <c>-netdev socket,udp=</c> protocol (one Ethernet frame per datagram) on loopback only:
/// <list type="number">
/// <item>on the guest's test frame (EtherType 0x88B5) it answers with four frames: one to
///   another unicast address and one to a multicast group (both must be filtered by the card),
///   one to the guest's address and one broadcast;</item>
/// <item>it answers ARP requests for <see cref="PeerIp"/> with <see cref="PeerMac"/>;</item>
/// <item>it echoes UDP datagrams sent to port 7 (ports and addresses swapped, no checksum).</item>
/// </list>
/// Every frame it received is kept in <see cref="Received"/>.
/// </summary>
public sealed class NicPeer : IDisposable
{
    public static readonly byte[] PeerMac = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 };
    public static readonly byte[] PeerIp = { 10, 0, 2, 2 };
    private static readonly byte[] OtherMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x99 };
    private static readonly byte[] MulticastMac = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 };

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private volatile bool _disposed;

    public NicPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 200;
        _thread = new Thread(Serve) { IsBackground = true, Name = "nic peer" };
        _thread.Start();
    }

    /// <summary>The loopback address the guest's back end sends to.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public List<byte[]> Received { get; } = new();

    /// <summary>A loopback UDP port that was free a moment ago (for the guest's end).</summary>
    public static int FreeLoopbackPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _disposed = true;
        _thread.Join();
        _socket.Dispose();
    }

    private void Serve()
    {
        byte[] buffer = new byte[65536];
        while (!_disposed)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
            {
                continue;
            }
            byte[] frame = buffer[..length];
            lock (Received)
                Received.Add(frame);
            foreach (byte[] reply in Answer(frame))
                _socket.SendTo(reply, from);
        }
    }

    private static IEnumerable<byte[]> Answer(byte[] frame)
    {
        if (frame.Length < 14)
            yield break;
        byte[] guestMac = frame[6..12];
        switch (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)))
        {
            case 0x88B5:
                yield return TestFrame(OtherMac, "not for this card");
                yield return TestFrame(MulticastMac, "multicast group not joined");
                yield return TestFrame(guestMac, "unicast reply");
                yield return TestFrame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "broadcast reply");
                break;
            case 0x0806 when frame.Length >= 42 && frame[21] == 1 && frame.AsSpan(38, 4).SequenceEqual(PeerIp):
                byte[] arp = new byte[42];
                guestMac.CopyTo(arp, 0);
                PeerMac.CopyTo(arp, 6);
                frame.AsSpan(12, 8).CopyTo(arp.AsSpan(12)); // type, htype, ptype, hlen, plen
                arp[21] = 2;
                PeerMac.CopyTo(arp, 22);
                PeerIp.CopyTo(arp, 28);
                frame.AsSpan(22, 10).CopyTo(arp.AsSpan(32)); // the requester's MAC and IP
                yield return arp;
                break;
            case 0x0800 when frame.Length >= 42 && frame[14] == 0x45 && frame[23] == 17 && BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(36)) == 7:
                int udpLength = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(38));
                byte[] echo = new byte[34 + udpLength];
                guestMac.CopyTo(echo, 0);
                PeerMac.CopyTo(echo, 6);
                frame.AsSpan(12, 22 + udpLength).CopyTo(echo.AsSpan(12));
                frame.AsSpan(26, 4).CopyTo(echo.AsSpan(30)); // destination IP = the guest
                frame.AsSpan(30, 4).CopyTo(echo.AsSpan(26)); // source IP = the peer
                echo[24] = echo[25] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(24), InternetChecksum(echo.AsSpan(14, 20)));
                frame.AsSpan(34, 2).CopyTo(echo.AsSpan(36)); // ports swapped
                frame.AsSpan(36, 2).CopyTo(echo.AsSpan(34));
                echo[40] = echo[41] = 0; // no UDP checksum
                yield return echo;
                break;
        }
    }

    private static byte[] TestFrame(byte[] destination, string text)
    {
        byte[] frame = new byte[60];
        destination.CopyTo(frame, 0);
        PeerMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x88B5);
        Encoding.ASCII.GetBytes(text).CopyTo(frame, 14);
        return frame;
    }

    public static ushort InternetChecksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if ((data.Length & 1) != 0)
            sum += (uint)data[^1] << 8;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
