using System.Buffers.Binary;
using System.Text;
using PcEmu.Devices.Backends.Network;
using PcEmu.Machine;

namespace Integration.Tests.Network;

/// <summary>
/// Issue 6 acceptance, network: the NicTest guest (guest-os/Tests/NicTest) drives the RTL8139
/// on pcemu and on QEMU against the same scripted peer (<see cref="NicPeer"/>) over QEMU's UDP
/// socket protocol on loopback, and prints the same; the card sits in slot 3 with the BARs and
/// interrupt line SeaBIOS gives it.
/// </summary>
public sealed class NicGuestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static PcemuRunner.Result RunFramesOnPcemu(NicPeer peer, string? pcapFile = null)
    {
        int local = NicPeer.FreeLoopbackPort();
        string spec = NicMachines.SocketNetdev(peer.EndPoint, local) + (pcapFile is null ? "" : ";pcap,file=" + pcapFile);
        using INetworkBackend backend = NetworkBackendOptions.CreateBackend(spec);
        return NicMachines.Run("mode=frames", Timeout, new NicOptions(backend, NicMachines.GuestMac));
    }

    [Fact]
    public void Guest_sends_and_receives_frames_on_pcemu()
    {
        using var peer = new NicPeer();

        PcemuRunner.Result run = RunFramesOnPcemu(peer);

        Assert.True(run.Machine.Kind == MachineExitKind.GuestExit, $"{run.Machine}\n{string.Join('\n', run.Diagnostics)}\n{run.Serial}");
        Assert.True((uint)NicMachines.PassExitCode == run.Machine.ExitCode, run.Serial);
        Assert.Contains("nic: 00:03.0 10ec:8139, interrupt line 11 pin 1\nbars: io c000 mem febff000, command 0103\n", run.Serial);
        Assert.Contains("rx: 60 bytes, status 4001, to 52:54:00:12:34:56, type 88b5, 'unicast reply'\n", run.Serial);
        Assert.Contains("rx: 60 bytes, status 2001, to ff:ff:ff:ff:ff:ff, type 88b5, 'broadcast reply'\n", run.Serial);
        Assert.Contains("udp echo: 12 of 12 replies carry the datagram back\n", run.Serial);
        Assert.DoesNotContain(": NO", run.Serial);
        byte[] broadcast = peer.Received[0];
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, broadcast[..6]);
        Assert.Equal(NicMachines.GuestMac, broadcast[6..12]);
        Assert.Equal("hello from the rtl8139 guest", Encoding.ASCII.GetString(broadcast, 14, 28));
    }

    [Fact]
    public void Guest_prints_the_same_on_pcemu_and_qemu()
    {
        QemuReference.Result qemu;
        using (var qemuPeer = new NicPeer())
        {
            string netdev = NicMachines.SocketNetdev(qemuPeer.EndPoint, NicPeer.FreeLoopbackPort());
            qemu = QemuReference.RunKernel(GuestImages.Path(NicMachines.Guest), timeout: Timeout, extraArguments: NicMachines.QemuArguments(netdev));
        }
        using var peer = new NicPeer();
        PcemuRunner.Result pcemu = RunFramesOnPcemu(peer);

        Assert.True(NicMachines.PassExitCode == qemu.ExitCode, qemu.Serial);
        Assert.Equal(qemu.Serial, pcemu.Serial);
        Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
    }

    [Fact]
    public void A_pcap_recorder_on_the_card_captures_both_directions()
    {
        using var peer = new NicPeer();
        string pcap = Path.Combine(Path.GetTempPath(), $"pcemu-nic-{Guid.NewGuid():N}.pcap");
        try
        {
            PcemuRunner.Result run = RunFramesOnPcemu(peer, pcap);
            Assert.Equal((uint)NicMachines.PassExitCode, run.Machine.ExitCode);

            List<byte[]> frames = ReadPcap(pcap);
            // Sent: test broadcast, ARP request (repeated if the reply is slow), 12 datagrams. Received: 4 test frames, ARP reply, 12 echoes.
            int arpRequests = frames.Count(f => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12)) == 0x0806 && f[21] == 1);
            int arpReplies = frames.Count(f => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12)) == 0x0806 && f[21] == 2);
            Assert.InRange(arpRequests, 1, 3);
            Assert.InRange(arpReplies, 1, arpRequests);
            Assert.Equal(1 + 12 + 4 + 12, frames.Count - arpRequests - arpReplies);
            Assert.Equal(peer.Received.Count, frames.Count(f => f.AsSpan(6, 6).SequenceEqual(NicMachines.GuestMac)));
            Assert.Contains(frames, f => Encoding.ASCII.GetString(f, 14, 13) == "unicast reply");
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    /// <summary>Reads a classic pcap file (24-byte header, 16-byte record headers, little-endian).</summary>
    private static List<byte[]> ReadPcap(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20))); // LINKTYPE_ETHERNET
        var frames = new List<byte[]>();
        for (int offset = 24; offset + 16 <= bytes.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
            frames.Add(bytes[(offset + 16)..(offset + 16 + length)]);
            offset += 16 + length;
        }
        return frames;
    }
}
