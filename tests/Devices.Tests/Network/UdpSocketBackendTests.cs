using System.Net;
using System.Net.Sockets;
using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

/// <summary>The UDP socket back end on 127.0.0.1 only.</summary>
public sealed class UdpSocketBackendTests
{
    internal static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    internal static byte[] WaitForFrame(INetworkBackend backend)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (backend.TryReceive(out byte[] frame))
                return frame;
            Thread.Sleep(5);
        }
        throw new TimeoutException("no frame arrived within 5 s");
    }

    [Fact]
    public void Two_back_ends_on_loopback_exchange_frames_both_ways()
    {
        int portA = FreeUdpPort(), portB = FreeUdpPort();
        using var a = (UdpSocketBackend)NetworkBackendOptions.CreateBackend($"socket,udp=127.0.0.1:{portB},localaddr=127.0.0.1:{portA}");
        using var b = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, portA), new IPEndPoint(IPAddress.Loopback, portB));
        int arrivals = 0;
        b.FrameArrived += () => Interlocked.Increment(ref arrivals);

        byte[] one = Enumerable.Range(0, 1514).Select(i => (byte)i).ToArray();
        byte[] two = Enumerable.Range(0, 60).Select(i => (byte)(255 - i)).ToArray();
        a.Send(one);
        Assert.Equal(one, WaitForFrame(b));
        b.Send(two);
        Assert.Equal(two, WaitForFrame(a));
        Assert.Equal(1, Volatile.Read(ref arrivals));
        Assert.True(a.LinkUp);
    }

    [Fact]
    public void Datagrams_from_other_senders_are_ignored()
    {
        int portA = FreeUdpPort(), portB = FreeUdpPort();
        using var a = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, portB), new IPEndPoint(IPAddress.Loopback, portA));
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        stranger.SendTo(new byte[64], new IPEndPoint(IPAddress.Loopback, portA));
        using var b = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, portA), new IPEndPoint(IPAddress.Loopback, portB));
        b.Send(new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, WaitForFrame(a));
        Assert.False(a.TryReceive(out _));
    }

    [Fact]
    public void Binding_a_taken_port_is_a_clear_error()
    {
        int port = FreeUdpPort();
        var local = new IPEndPoint(IPAddress.Loopback, port);
        using var first = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, 9), local);
        var e = Assert.Throws<IOException>(() => new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, 9), local));
        Assert.Contains($"127.0.0.1:{port}", e.Message);
    }
}
