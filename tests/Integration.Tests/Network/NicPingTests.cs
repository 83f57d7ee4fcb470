using System.Net;
using PcEmu.Machine;

namespace Integration.Tests.Network;

/// <summary>
/// Two machines on one virtual wire made of QEMU's UDP socket protocol on loopback: the
/// NicTest guest in <c>mode=ping</c> resolves its peer with ARP and sends ICMP echo requests;
/// the one in <c>mode=pong</c> answers ARP and echo requests. Both stacks are guest C#.
/// </summary>
public sealed class NicPingTests
{
    private const int Count = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly byte[] PingerMac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    private static readonly byte[] PongerMac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
    private const string PingCommand = "mode=ping ip=10.0.9.1 peer=10.0.9.2 count=4";
    private const string PongCommand = "mode=pong ip=10.0.9.2 count=4";

    private static void AssertPinged(string serial)
    {
        for (int seq = 1; seq <= Count; seq++)
            Assert.Contains($"64 bytes from 10.0.9.2: icmp_seq={seq}\n", serial);
        Assert.Contains("arp: 10.0.9.2 is at 52:54:00:12:34:57\n", serial);
        Assert.Contains("ping: 4 of 4 echo requests answered\nnic test: passed\n", serial);
    }

    [Fact]
    public async Task Two_pcemu_machines_ping_each_other_over_the_socket_back_end()
    {
        int pingerPort = NicPeer.FreeLoopbackPort(), pongerPort = NicPeer.FreeLoopbackPort();
        using var pingerWire = NicMachines.Udp(new IPEndPoint(IPAddress.Loopback, pongerPort), pingerPort, PingerMac).Backend;
        using var pongerWire = NicMachines.Udp(new IPEndPoint(IPAddress.Loopback, pingerPort), pongerPort, PongerMac).Backend;

        Task<PcemuRunner.Result> ponger = Task.Run(() => NicMachines.Run(PongCommand, Timeout, new NicOptions(pongerWire, PongerMac)));
        PcemuRunner.Result pinger = NicMachines.Run(PingCommand, Timeout, new NicOptions(pingerWire, PingerMac));
        PcemuRunner.Result pong = await ponger;

        Assert.True(pinger.Machine.ExitCode == NicMachines.PassExitCode, $"{pinger.Machine}\n{pinger.Serial}");
        AssertPinged(pinger.Serial);
        Assert.True(pong.Machine.ExitCode == NicMachines.PassExitCode, $"{pong.Machine}\n{pong.Serial}");
        Assert.Contains("pong: answered 4 echo requests from 10.0.9.1\n", pong.Serial);
    }

    [Fact]
    public async Task Pcemu_pings_qemu_over_the_socket_back_end()
    {
        int pingerPort = NicPeer.FreeLoopbackPort(), qemuPort = NicPeer.FreeLoopbackPort();
        using var pingerWire = NicMachines.Udp(new IPEndPoint(IPAddress.Loopback, qemuPort), pingerPort, PingerMac).Backend;
        string netdev = NicMachines.SocketNetdev(new IPEndPoint(IPAddress.Loopback, pingerPort), qemuPort);

        Task<QemuReference.Result> qemu = Task.Run(() => QemuReference.RunKernel(
            GuestImages.Path(NicMachines.Guest), timeout: Timeout, extraArguments: NicMachines.QemuArguments(netdev, "52:54:00:12:34:57", PongCommand)));
        PcemuRunner.Result pinger = NicMachines.Run(PingCommand, Timeout, new NicOptions(pingerWire, PingerMac));
        QemuReference.Result pong = await qemu;

        Assert.True(pinger.Machine.ExitCode == NicMachines.PassExitCode, $"{pinger.Machine}\n{pinger.Serial}");
        AssertPinged(pinger.Serial);
        Assert.True(pong.ExitCode == NicMachines.PassExitCode, pong.Serial);
        Assert.Contains("pong: answered 4 echo requests from 10.0.9.1\n", pong.Serial);
    }
}
