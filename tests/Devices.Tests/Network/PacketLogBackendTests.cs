using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

/// <summary>The PacketDotNet packet log: one decoded line per frame, both directions, never a throw on garbage.</summary>
public sealed class PacketLogBackendTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    // An ARP request 10.0.2.15 (52:54:00:12:34:56) asking for 10.0.2.2.
    private static readonly byte[] Arp = Hex("ffffffffffff 525400123456 0806 0001 0800 06 04 0001 525400123456 0a00020f 000000000000 0a000202");

    // IPv4 UDP 10.0.2.15:4000 > 10.0.2.2:7, payload "hi".
    private static readonly byte[] Udp = Hex("525400000002 525400123456 0800 4500001e 00010000 4011 0000 0a00020f 0a000202 0fa0 0007 000a 0000 6869");

    [Fact]
    public void Each_frame_becomes_one_decoded_line_with_its_direction()
    {
        var inner = new MemoryNetworkBackend();
        var log = new StringWriter();
        using var backend = new PacketLogBackend(inner, log);
        inner.Inject(Udp);

        backend.Send(Arp);
        Assert.True(backend.TryReceive(out byte[] received));

        Assert.Equal(Udp, received);
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d+\.\d{6} tx 42 \[Ethernet 52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff Arp\] \[Arp Request 10\.0\.2\.15 \(52:54:00:12:34:56\) > 10\.0\.2\.2\]", lines[0]);
        Assert.Contains("rx 44 [Ethernet 52:54:00:12:34:56 > 52:54:00:00:00:02 IPv4] [IPv4 10.0.2.15 > 10.0.2.2 Udp ttl 64 id 1] [Udp 4000 > 7 length 10]", lines[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ffffffffffff")]
    [InlineData("ffffffffffff 525400123456 0800 45")]
    [InlineData("ffffffffffff 525400123456 0800 4f00ffff 00000000 4006 0000")]
    public void Malformed_frames_are_described_without_throwing(string hex)
    {
        string line = PacketLogBackend.Describe(Hex(hex));
        Assert.False(string.IsNullOrEmpty(line));
    }
}
