using PcEmu.Devices.Backends.Network;

namespace PcEmu.Devices.Tests.Network;

/// <summary>The <c>hostif</c> transport and the <c>log</c> recorder in the QEMU-style back-end specs.</summary>
public sealed class HostInterfaceSpecTests
{
    [Fact]
    public void Hostif_needs_an_interface_name_and_takes_a_namespace()
    {
        NetworkBackendOptions options = NetworkBackendOptions.Parse("hostif,ifname=eth0,netns=lab");
        Assert.Equal("hostif", options.Kind);
        Assert.Equal("eth0", options.Properties["ifname"]);
        Assert.Equal("lab", options.Properties["netns"]);
        Assert.False(options.IsRecorder);
        Assert.Contains("ifname", Assert.Throws<FormatException>(() => NetworkBackendOptions.Parse("hostif")).Message);
    }

    [Fact]
    public void A_log_recorder_wraps_the_transport_and_writes_decoded_lines()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-log-{Guid.NewGuid():N}.txt");
        try
        {
            using (INetworkBackend backend = NetworkBackendOptions.CreateBackend($"none;log,file={path}"))
            {
                Assert.IsType<PacketLogBackend>(backend);
                backend.Send(Convert.FromHexString("ffffffffffff" + "525400123456" + "0806" + "0001080006040001" + "525400123456" + "0a00020f" + "000000000000" + "0a000202"));
            }
            Assert.Contains("tx 42 [Ethernet 52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff Arp]", File.ReadAllText(path));
            Assert.Throws<FormatException>(() => NetworkBackendOptions.Parse("log"));
            Assert.Throws<FormatException>(() => NetworkBackendOptions.CreateBackend("none;hostif,ifname=lo"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
