using System.Globalization;
using PacketDotNet;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Writes a readable line for every frame that passes through another back end, both
/// directions, decoded with PacketDotNet: the time, "tx" (guest to wire) or "rx", the length
/// and every layer it recognises, e.g.
/// <c>0.001234 tx 42 [Ethernet 52:54:00:12:34:56 > FF:FF:FF:FF:FF:FF Arp] [Arp request 10.0.2.15 asks for 10.0.2.2]</c>.
/// The time is virtual seconds when a clock is given, else host seconds since creation.
/// </summary>
public sealed class PacketLogBackend : INetworkBackend
{
    private readonly INetworkBackend _inner;
    private readonly TextWriter _log;
    private readonly Func<double> _seconds;

    public PacketLogBackend(INetworkBackend inner, TextWriter log, PcEmu.Memory.IVirtualClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(log);
        _inner = inner;
        _log = log;
        if (clock is null)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            _seconds = () => watch.Elapsed.TotalSeconds;
        }
        else
        {
            _seconds = () => clock.NowNanoseconds / 1e9;
        }
    }

    public event Action? FrameArrived
    {
        add => _inner.FrameArrived += value;
        remove => _inner.FrameArrived -= value;
    }

    public bool LinkUp => _inner.LinkUp;

    public void Send(ReadOnlySpan<byte> frame)
    {
        Log("tx", frame);
        _inner.Send(frame);
    }

    public bool TryReceive(out byte[] frame)
    {
        if (!_inner.TryReceive(out frame))
            return false;
        Log("rx", frame);
        return true;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _log.Flush();
        _log.Dispose();
    }

    /// <summary>One line describing <paramref name="frame"/>, layer by layer (never throws on a malformed frame).</summary>
    public static string Describe(ReadOnlySpan<byte> frame)
    {
        Packet packet;
        try
        {
            packet = Packet.ParsePacket(LinkLayers.Ethernet, frame.ToArray());
        }
        catch (Exception e) // PacketDotNet throws assorted exceptions on malformed frames; a guest's bad frame must not end the run
        {
            return $"[undecodable: {e.GetType().Name}]";
        }
        var layers = new List<string>();
        Packet? layer = packet;
        while (layer is not null)
        {
            try
            {
                layers.Add("[" + DescribeLayer(layer) + "]");
                layer = layer.PayloadPacket; // decoded lazily: a truncated inner header throws here
            }
            catch (Exception) // a truncated header: say so and stop
            {
                layers.Add("[truncated]");
                break;
            }
        }
        return string.Join(' ', layers);
    }

    private static string DescribeLayer(Packet layer) => layer switch
    {
        EthernetPacket e => $"Ethernet {Mac(e.SourceHardwareAddress)} > {Mac(e.DestinationHardwareAddress)} {e.Type}",
        ArpPacket a => $"Arp {a.Operation} {a.SenderProtocolAddress} ({Mac(a.SenderHardwareAddress)}) > {a.TargetProtocolAddress}",
        IPv4Packet ip => $"IPv4 {ip.SourceAddress} > {ip.DestinationAddress} {ip.Protocol} ttl {ip.TimeToLive} id {ip.Id}",
        IPv6Packet ip => $"IPv6 {ip.SourceAddress} > {ip.DestinationAddress} {ip.NextHeader}",
        UdpPacket u => $"Udp {u.SourcePort} > {u.DestinationPort} length {u.Length}",
        TcpPacket t => $"Tcp {t.SourcePort} > {t.DestinationPort} seq {t.SequenceNumber} flags 0x{t.Flags:X2}",
        IcmpV4Packet i => $"Icmp {i.TypeCode} id {i.Id} seq {i.Sequence}",
        _ => layer.GetType().Name.Replace("Packet", "", StringComparison.Ordinal) + $" {layer.TotalPacketLength} bytes",
    };

    private static string Mac(System.Net.NetworkInformation.PhysicalAddress address) =>
        string.Join(':', address.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private void Log(string direction, ReadOnlySpan<byte> frame)
    {
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_seconds():F6} {direction} {frame.Length} {Describe(frame)}"));
    }
}
