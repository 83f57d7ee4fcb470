using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

/// <summary>Root, iproute2 and libpcap (Debian libpcap0.8; CI installs it); skipped otherwise, with the reason.</summary>
public sealed class RootLibpcapFactAttribute : FactAttribute
{
    public RootLibpcapFactAttribute()
    {
        Skip = new RootNetnsFactAttribute().Skip;
        if (Skip is null && !LibpcapInstalled())
            Skip = "libpcap is not installed (apt-get install libpcap0.8; .ci/run installs it)";
    }

    private static bool LibpcapInstalled() =>
        System.Runtime.InteropServices.NativeLibrary.TryLoad("libpcap.so.0.8", out _) || System.Runtime.InteropServices.NativeLibrary.TryLoad("libpcap.so", out _);
}

/// <summary>
/// The libpcap back end on one end of a veth pair inside a network namespace the test creates
/// and removes: the other end (10.215.0.1/24) is the namespace's host stack, so the "guest"
/// (10.215.0.2, MAC 02:00:00:00:00:02, played by the test through the back end) talks only to it.
/// </summary>
public sealed class HostInterfaceBackendTests
{
    private static readonly byte[] GuestMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
    private static readonly IPAddress HostIp = IPAddress.Parse("10.215.0.1");
    private static readonly IPAddress GuestIp = IPAddress.Parse("10.215.0.2");

    private static void Ip(params string[] arguments) => IpCommand.Run(arguments);

    private static byte[] ArpRequest()
    {
        byte[] frame = new byte[42];
        frame.AsSpan(0, 6).Fill(0xFF);
        GuestMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 0x0800);
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(20), 1);
        GuestMac.CopyTo(frame, 22);
        GuestIp.GetAddressBytes().CopyTo(frame, 28);
        HostIp.GetAddressBytes().CopyTo(frame, 38);
        return frame;
    }

    private static byte[] UdpFrame(byte[] hostMac, byte[] payload)
    {
        byte[] frame = new byte[42 + payload.Length];
        hostMac.CopyTo(frame, 0);
        GuestMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        frame[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(28 + payload.Length));
        frame[22] = 64;
        frame[23] = 17;
        GuestIp.GetAddressBytes().CopyTo(frame, 26);
        HostIp.GetAddressBytes().CopyTo(frame, 30);
        uint sum = 0;
        for (int i = 14; i < 34; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(i));
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), (ushort)~sum);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34), 41001);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(36), 41000);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(38), (ushort)(8 + payload.Length));
        payload.CopyTo(frame, 42);
        return frame;
    }

    private static byte[] WaitFor(HostInterfaceBackend backend, Func<byte[], bool> match)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (backend.TryReceive(out byte[] frame))
            {
                if (match(frame))
                    return frame;
            }
            else
            {
                Thread.Sleep(5);
            }
        }
        throw new TimeoutException("the expected frame did not arrive through libpcap");
    }

    [RootLibpcapFact]
    public void Frames_cross_a_veth_pair_through_libpcap_inside_a_private_namespace()
    {
        string ns = $"pcemu-pcap-{Environment.ProcessId}-{Random.Shared.Next(100000)}";
        Ip("netns", "add", ns);
        try
        {
            Ip("-n", ns, "link", "add", "hostside", "type", "veth", "peer", "name", "guestside");
            Ip("-n", ns, "addr", "add", "10.215.0.1/24", "dev", "hostside");
            Ip("-n", ns, "link", "set", "hostside", "up");
            Ip("-n", ns, "link", "set", "guestside", "up");
            using var backend = new HostInterfaceBackend("guestside", ns);
            using Socket host = NetworkNamespace.Run(ns, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(HostIp, 41000));
                return s;
            });
            host.ReceiveTimeout = 5000;

            // ARP: the namespace's stack answers the guest's request through the veth pair.
            backend.Send(ArpRequest());
            byte[] reply = WaitFor(backend, f => f.Length >= 42 && BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12)) == 0x0806 && f[21] == 2);
            Assert.Equal(GuestMac, reply[..6]);
            Assert.Equal(HostIp.GetAddressBytes(), reply[28..32]);
            byte[] hostMac = reply[22..28];

            // Guest to host: a UDP frame injected by libpcap reaches the socket.
            byte[] payload = Encoding.ASCII.GetBytes("through libpcap");
            backend.Send(UdpFrame(hostMac, payload));
            byte[] buffer = new byte[1500];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length = host.ReceiveFrom(buffer, ref from);
            Assert.Equal(payload, buffer[..length]);
            Assert.Equal(new IPEndPoint(GuestIp, 41001), from);

            // Host to guest: the answer is captured (the stack learnt the guest's MAC from its ARP request).
            host.SendTo(Encoding.ASCII.GetBytes("answer"), from);
            byte[] answer = WaitFor(backend, f => f.Length >= 42 && BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12)) == 0x0800 && f[23] == 17);
            Assert.Equal(GuestMac, answer[..6]);
            Assert.Equal("answer", Encoding.ASCII.GetString(answer, 42, 6));
            Assert.Equal(0, backend.SendErrors);
        }
        finally
        {
            Ip("netns", "del", ns);
        }
    }

    [RootLibpcapFact]
    public void A_missing_interface_is_a_clear_error()
    {
        var e = Assert.Throws<IOException>(() => new HostInterfaceBackend("pcemu-no-such-if0"));
        Assert.Contains("pcemu-no-such-if0", e.Message);
    }
}
