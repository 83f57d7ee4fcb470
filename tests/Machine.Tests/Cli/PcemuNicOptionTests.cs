using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Iced.Intel;
using PcEmu.Cli;
using PcEmu.Machine.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Machine.Tests.Cli;

/// <summary><c>pcemu run --nic</c>: the card appears in slot 3 where SeaBIOS puts it, with its MAC, back end and recorders.</summary>
public sealed class PcemuNicOptionTests : IDisposable
{
    private const int FrameOffset = 0x200;

    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-cli-nic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, byte[] Stdout, string Stderr) Run(params string[] args) => PcemuInProcess.RunBinary(args);

    private static byte[] Frame()
    {
        byte[] frame = new byte[60];
        frame.AsSpan(0, 6).Fill(0xFF);
        new byte[] { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 }.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x88B5);
        Encoding.ASCII.GetBytes("sent by the cli test kernel").CopyTo(frame, 14);
        return frame;
    }

    /// <summary>
    /// Sets bus mastering on 00:03.0, copies IDR0-5 from I/O BAR 0xC000 to COM1, enables the
    /// transmitter and sends <see cref="Frame"/> through descriptor 0, then exits with 0x10.
    /// </summary>
    private string NicKernel()
    {
        byte[] image = TestKernels.Build(a =>
        {
            a.mov(dx, 0xCF8);
            a.mov(eax, 0x8000_1804);
            a.@out(dx, eax);
            a.mov(dx, 0xCFC);
            a.mov(ax, 0x0107);
            a.@out(dx, ax);
            a.xor(ecx, ecx);
            Label next = a.CreateLabel();
            a.Label(ref next);
            a.mov(edx, 0xC000);
            a.add(edx, ecx);
            a.@in(al, dx);
            a.mov(dx, 0x3F8);
            a.@out(dx, al);
            a.inc(ecx);
            a.cmp(ecx, 6);
            a.jne(next);
            a.mov(dx, 0xC037);
            a.mov(al, 0x04); // CR.TE
            a.@out(dx, al);
            a.mov(dx, 0xC020);
            a.mov(eax, TestKernels.LoadAddress + FrameOffset); // TSAD0
            a.@out(dx, eax);
            a.mov(dx, 0xC010);
            a.mov(eax, 60); // TSD0: size, OWN clear
            a.@out(dx, eax);
            a.mov(dx, 0xF4);
            a.mov(al, 0x10);
            a.@out(dx, al);
            a.hlt();
        }, (FrameOffset, Frame()));
        string path = Path.Combine(_dir, "nic.elf");
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void A_socket_nic_with_a_mac_and_a_pcap_recorder_sends_the_guests_frame()
    {
        using Socket wire = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        wire.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        wire.ReceiveTimeout = 10_000;
        int wirePort = ((IPEndPoint)wire.LocalEndPoint!).Port;
        int localPort;
        using (Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            localPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        string pcap = Path.Combine(_dir, "nic.pcap");

        var (code, stdout, stderr) = Run("run", "--kernel", NicKernel(), "--vga", "none",
            "--nic", $"socket,udp=127.0.0.1:{wirePort},localaddr=127.0.0.1:{localPort},mac=02:11:22:33:44:55,pcap={pcap}");

        Assert.True(code == 0x21, stderr);
        Assert.Equal(new byte[] { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 }, stdout);
        byte[] datagram = new byte[2048];
        int length = wire.Receive(datagram);
        Assert.Equal(Frame(), datagram[..length]);
        byte[] file = File.ReadAllBytes(pcap);
        Assert.Equal(24 + 16 + 60, file.Length);
        Assert.Equal(Frame(), file[40..]);
    }

    [Theory]
    [InlineData("bogus", "socket, tap, hostif or none")]
    [InlineData("socket,udp=127.0.0.1:5555", "localaddr")]
    [InlineData("tap", "ifname")]
    [InlineData("tap,ifname=t0,mac=01:00:5e:00:00:01", "multicast")]
    [InlineData("tap,ifname=t0,mac=52:54:00", "not a MAC address")]
    [InlineData("tap,ifname=t0,model=e1000", "only rtl8139")]
    [InlineData("socket,udp=127.0.0.1:5555,localaddr=127.0.0.1:5556,pcap=", "file=PATH")]
    public void Bad_nic_specs_are_usage_errors(string spec, string fragment)
    {
        var (code, _, stderr) = Run("run", "--kernel", "k.elf", "--nic", spec);

        Assert.Equal(ExitCodes.UsageOrImageError, code);
        Assert.Contains(fragment, stderr);
    }

    [Fact]
    public void Nic_specs_split_into_transport_card_and_recorders()
    {
        Assert.True(NicSpec.TryParse("tap,ifname=t0,netns=lab,mac=52:54:00:00:00:09,pcap=a.pcap,log=-", out NicSpec? spec, out string error), error);
        Assert.Equal("tap,ifname=t0,netns=lab", spec!.Transport);
        Assert.Equal(new byte[] { 0x52, 0x54, 0, 0, 0, 9 }, spec.Mac);
        Assert.Equal(new[] { "pcap,file=a.pcap", "log,file=-" }, spec.Recorders);
        Assert.True(NicSpec.TryParse("none", out NicSpec? none, out _));
        Assert.Null(none);
    }
}
