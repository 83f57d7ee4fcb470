using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

/// <summary>Runs only as root with iproute2 and /dev/net/tun (CI runs as root); skipped otherwise, with the reason.</summary>
public sealed class RootNetnsFactAttribute : FactAttribute
{
    public RootNetnsFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "TAP and network namespaces need Linux";
        else if (Environment.UserName != "root" && !IsUidZero())
            Skip = "needs root to create a network namespace (ip netns add); CI runs as root";
        else if (!File.Exists("/dev/net/tun"))
            Skip = "no /dev/net/tun (tun module not loaded)";
        else if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
            Skip = "iproute2 (ip) is not installed";
    }

    private static bool IsUidZero()
    {
        try
        {
            return File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>
/// The TAP back end inside a network namespace this test creates and removes: the TAP
/// interface and the host-side UDP socket both live in it, so no frame leaves the namespace.
/// Addresses: the namespace's side of the TAP is 10.213.0.1/24, the "guest" is 10.213.0.2,
/// reachable only inside the namespace.
/// </summary>
public sealed class TapBackendTests
{
    private const string TapName = "pcemutap0";
    private static readonly byte[] HostMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
    private static readonly byte[] GuestMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
    private static readonly IPAddress HostIp = IPAddress.Parse("10.213.0.1");
    private static readonly IPAddress GuestIp = IPAddress.Parse("10.213.0.2");

    private static void Ip(params string[] arguments) => IpCommand.Run(arguments);

    /// <summary>An Ethernet + IPv4 + UDP frame from the guest to the namespace's host side.</summary>
    private static byte[] UdpFrame(int sourcePort, int destinationPort, byte[] payload)
    {
        byte[] frame = new byte[14 + 20 + 8 + payload.Length];
        HostMac.CopyTo(frame, 0);
        GuestMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        ip[8] = 64; // TTL
        ip[9] = 17; // UDP
        GuestIp.GetAddressBytes().CopyTo(ip[12..]);
        HostIp.GetAddressBytes().CopyTo(ip[16..]);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        Span<byte> udp = frame.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(frame, 42); // UDP checksum 0: none
        return frame;
    }

    [RootNetnsFact]
    public void Frames_cross_a_tap_inside_a_private_network_namespace()
    {
        string ns = $"pcemu-test-{Environment.ProcessId}-{Random.Shared.Next(100000)}";
        Ip("netns", "add", ns);
        try
        {
            using var tap = new TapBackend(TapName, ns);
            Assert.Equal(TapName, tap.InterfaceName);
            Ip("-n", ns, "link", "set", TapName, "address", "02:00:00:00:00:01");
            Ip("-n", ns, "addr", "add", "10.213.0.1/24", "dev", TapName);
            Ip("-n", ns, "link", "set", TapName, "up");
            using Socket host = NetworkNamespace.Run(ns, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(HostIp, 40000));
                return s;
            });
            host.ReceiveTimeout = 5000;

            // Guest to host: a frame written to the TAP reaches the socket in the namespace.
            byte[] payload = Encoding.ASCII.GetBytes("hello from the guest");
            tap.Send(UdpFrame(40001, 40000, payload));
            byte[] buffer = new byte[1500];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length = host.ReceiveFrom(buffer, ref from);
            Assert.Equal(payload, buffer[..length]);
            Assert.Equal(new IPEndPoint(GuestIp, 40001), from);

            // Host to guest: the namespace asks for the guest's MAC; the ARP request arrives at the back end.
            host.SendTo(Encoding.ASCII.GetBytes("reply"), new IPEndPoint(GuestIp, 40001));
            DateTime deadline = DateTime.UtcNow.AddSeconds(5);
            byte[]? arp = null;
            while (arp is null && DateTime.UtcNow < deadline)
            {
                if (tap.TryReceive(out byte[] frame) && frame.Length >= 42 && BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) == 0x0806)
                    arp = frame;
                else
                    Thread.Sleep(5);
            }
            Assert.NotNull(arp);
            Assert.Equal(HostMac, arp![6..12]);
            Assert.Equal(GuestIp.GetAddressBytes(), arp[38..42]); // target protocol address
        }
        finally
        {
            Ip("netns", "del", ns);
        }
    }

    [Fact]
    public void Entering_a_missing_namespace_is_a_clear_error()
    {
        var e = Assert.ThrowsAny<Exception>(() => new TapBackend(TapName, "pcemu-no-such-namespace"));
        Assert.True(e is IOException or UnauthorizedAccessException, e.ToString());
        Assert.Contains("pcemu-no-such-namespace", e.Message);
    }
}
