using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PcEmu.Devices.Backends.Network;
using PcEmu.Machine;
using Xunit.Abstractions;

namespace Integration.Tests.Network;

/// <summary>
/// The guest on a real host stack: the card's TAP back end is created inside a network
/// namespace the test makes (its side 10.216.0.1/24, the guest 10.216.0.2), with the host
/// process's UDP echo socket in that namespace too, so no frame can leave it. Linux answers
/// the guest's ARP and ICMP echo requests itself.
/// </summary>
public sealed class NicTapTests(ITestOutputHelper output)
{
    private const string TapName = "pcemutap1";
    private const string HostIp = "10.216.0.1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static TapBackend CreateTap(TestNamespace ns)
    {
        var tap = new TapBackend(TapName, ns.Name);
        ns.IpIn("addr", "add", HostIp + "/24", "dev", TapName);
        ns.IpIn("link", "set", TapName, "up");
        return tap;
    }

    [RootNetnsFact]
    public async Task Guest_exchanges_udp_with_a_host_process_and_pings_the_host_through_tap()
    {
        using var ns = new TestNamespace("tap");
        using TapBackend tap = CreateTap(ns);
        using Socket echo = NetworkNamespace.Run(ns.Name, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Parse(HostIp), 7));
            return s;
        });
        var echoed = new List<EndPoint>();
        Task server = Task.Run(() =>
        {
            byte[] buffer = new byte[2048];
            echo.ReceiveTimeout = 1000;
            for (int idle = 0; idle < 60 && echoed.Count < 12; )
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                try
                {
                    int length = echo.ReceiveFrom(buffer, ref from);
                    echo.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
                    lock (echoed)
                        echoed.Add(from);
                }
                catch (SocketException)
                {
                    idle++;
                }
            }
        });

        PcemuRunner.Result udp = NicMachines.Run($"mode=udp ip=10.216.0.2 peer={HostIp} count=12", Timeout, new NicOptions(tap, NicMachines.GuestMac));
        await server;
        PcemuRunner.Result ping = NicMachines.Run($"mode=ping ip=10.216.0.2 peer={HostIp} count=3", Timeout, new NicOptions(tap, NicMachines.GuestMac));

        Assert.True(udp.Machine.ExitCode == NicMachines.PassExitCode, $"{udp.Machine}\n{udp.Serial}");
        Assert.Contains("udp echo: 12 of 12 replies carry the datagram back\n", udp.Serial);
        Assert.Equal(12, echoed.Count);
        Assert.All(echoed, from => Assert.Equal(IPAddress.Parse("10.216.0.2"), ((IPEndPoint)from).Address));
        Assert.Equal(Enumerable.Range(4000, 12), echoed.Select(from => ((IPEndPoint)from).Port));
        Assert.True(ping.Machine.ExitCode == NicMachines.PassExitCode, $"{ping.Machine}\n{ping.Serial}");
        Assert.Contains("ping: 3 of 3 echo requests answered\n", ping.Serial);
        Assert.Equal(0, tap.SendErrors);
    }

    /// <summary>
    /// The guest sends as fast as its four descriptors allow; every frame must reach the
    /// namespace's side of the TAP (its rx_packets counter). The rate is printed, not asserted:
    /// speed goals live in benchmarks.
    /// </summary>
    [RootNetnsFact]
    public async Task Every_frame_the_guest_floods_through_tap_arrives()
    {
        const int Frames = 20_000;
        using var ns = new TestNamespace("flood");
        using TapBackend tap = CreateTap(ns);
        long before = RxPackets(ns);
        using Socket discard = NetworkNamespace.Run(ns.Name, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20, ReceiveTimeout = 2000 };
            s.Bind(new IPEndPoint(IPAddress.Parse(HostIp), 9));
            return s;
        });
        var clock = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero, last = TimeSpan.Zero;
        int datagrams = 0;
        Task receiver = Task.Run(() =>
        {
            byte[] buffer = new byte[2048];
            try
            {
                while (datagrams < Frames)
                {
                    discard.Receive(buffer);
                    last = clock.Elapsed;
                    if (datagrams++ == 0)
                        first = last;
                }
            }
            catch (SocketException)
            {
                // two quiet seconds: the flood is over (the socket may have dropped some; rx_packets counts them all)
            }
        });

        PcemuRunner.Result run = NicMachines.Run($"mode=flood ip=10.216.0.2 peer={HostIp} count={Frames} size=18", Timeout, new NicOptions(tap, NicMachines.GuestMac));
        await receiver;
        long arrived = RxPackets(ns) - before;

        Assert.True(run.Machine.ExitCode == NicMachines.PassExitCode, $"{run.Machine}\n{run.Serial}");
        Assert.Contains($"flood: sent {Frames} datagrams of 18 bytes\n", run.Serial);
        Assert.Equal(Frames + 1, arrived); // the datagrams and the ARP request
        double seconds = (last - first).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{datagrams} of {Frames} 60-byte frames reached a socket behind the TAP in {seconds:F3} s: {(datagrams - 1) / Math.Max(seconds, 1e-9):F0} frames/s; {run.Machine.RetiredInstructions} guest instructions in the run"));
    }

    private static long RxPackets(TestNamespace ns) =>
        long.Parse(ns.Exec("cat", $"/sys/class/net/{TapName}/statistics/rx_packets").Trim(), CultureInfo.InvariantCulture);
}
