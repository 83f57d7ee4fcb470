using System.Net;
using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

public sealed class NetworkBackendOptionsTests
{
    [Fact]
    public void Parses_qemu_style_specs()
    {
        var socket = NetworkBackendOptions.Parse("socket,udp=127.0.0.1:5555,localaddr=127.0.0.1:5556");
        Assert.Equal("socket", socket.Kind);
        Assert.Equal("127.0.0.1:5555", socket.Properties["udp"]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5556), NetworkBackendOptions.ParseEndPoint(socket.Properties["localaddr"]));
        Assert.Equal("tap0", NetworkBackendOptions.Parse("tap,ifname=tap0").Properties["ifname"]);
        Assert.Equal("x.pcap", NetworkBackendOptions.Parse("pcap,file=x.pcap").Properties["file"]);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 7), NetworkBackendOptions.ParseEndPoint("[::1]:7"));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7), NetworkBackendOptions.ParseEndPoint("localhost:7"));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("socket,udp=127.0.0.1:5555")]
    [InlineData("socket,connect=127.0.0.1:5555")]
    [InlineData("socket,udp=example.org:5555,localaddr=127.0.0.1:1")]
    [InlineData("tap")]
    [InlineData("tap,ifname=a,ifname=b")]
    [InlineData("pcap")]
    [InlineData("pcap,file")]
    public void Rejects_bad_specs_with_a_format_error(string spec)
    {
        Assert.Throws<FormatException>(() => NetworkBackendOptions.Parse(spec));
    }

    [Fact]
    public void One_transport_only()
    {
        Assert.Throws<FormatException>(() => NetworkBackendOptions.CreateBackend("none;none"));
        using INetworkBackend none = NetworkBackendOptions.CreateBackend("none");
        Assert.IsType<NullNetworkBackend>(none);
    }
}
