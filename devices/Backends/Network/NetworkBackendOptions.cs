using System.Net;
using PcEmu.Memory;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Network back-end specifications in QEMU's <c>-netdev</c> syntax: a kind, then
/// comma-separated <c>key=value</c> properties.
/// <list type="bullet">
/// <item><c>none</c>: link up, nothing connected.</item>
/// <item><c>socket,udp=HOST:PORT,localaddr=HOST:PORT</c>: <see cref="UdpSocketBackend"/>
/// (HOST is an IP literal or <c>localhost</c>; IPv6 as <c>[::1]:PORT</c>).</item>
/// <item><c>tap,ifname=NAME[,netns=NS]</c>: <see cref="TapBackend"/>.</item>
/// <item><c>hostif,ifname=NAME[,netns=NS]</c>: <see cref="HostInterfaceBackend"/> (libpcap on an existing host interface).</item>
/// <item><c>pcap,file=PATH</c>: records into a pcap file; as the only spec it records a
/// <c>none</c> back end, after another spec it wraps it (<see cref="PcapRecordingBackend"/>).</item>
/// <item><c>log,file=PATH</c>: a readable packet log decoded with PacketDotNet (<see cref="PacketLogBackend"/>),
/// a recorder like pcap; <c>file=-</c> writes to standard error.</item>
/// </list>
/// Several specs may be joined with <c>;</c> (or given as a list): one transport, then any
/// number of pcap and log recorders, e.g. <c>socket,udp=127.0.0.1:5555,localaddr=127.0.0.1:5556;pcap,file=a.pcap</c>.
/// </summary>
public sealed record NetworkBackendOptions(string Kind, IReadOnlyDictionary<string, string> Properties)
{
    private static readonly Dictionary<string, string[]> KnownProperties = new()
    {
        ["none"] = Array.Empty<string>(),
        ["socket"] = new[] { "udp", "localaddr" },
        ["tap"] = new[] { "ifname", "netns" },
        ["pcap"] = new[] { "file" },
        ["hostif"] = new[] { "ifname", "netns" },
        ["log"] = new[] { "file" },
    };

    public static NetworkBackendOptions Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] parts = spec.Trim().Split(',');
        string kind = parts[0].Trim();
        if (!KnownProperties.TryGetValue(kind, out string[]? known))
            throw new FormatException($"unknown network back end '{kind}' (expected none, socket, tap, hostif, pcap or log)");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in parts.Skip(1))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0)
                throw new FormatException($"'{part}' in '{spec}' is not key=value");
            string key = part[..eq].Trim();
            if (!known.Contains(key))
                throw new FormatException($"'{kind}' has no property '{key}' (it has: {string.Join(", ", known)})");
            if (!properties.TryAdd(key, part[(eq + 1)..].Trim()))
                throw new FormatException($"'{key}' is given twice in '{spec}'");
        }
        var options = new NetworkBackendOptions(kind, properties);
        options.Validate();
        return options;
    }

    /// <summary>Builds the back end a list of specs describes (see the type's summary).</summary>
    public static INetworkBackend CreateBackend(IEnumerable<string> specs, IVirtualClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        List<NetworkBackendOptions> all = specs.SelectMany(s => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(Parse).ToList();
        if (all.Count == 0)
            throw new FormatException("no network back end given");
        int transports = all.Count(o => !o.IsRecorder);
        if (transports > 1)
            throw new FormatException("give one transport back end (none, socket, tap or hostif) and any number of pcap and log recorders");
        NetworkBackendOptions? transport = all.FirstOrDefault(o => !o.IsRecorder);
        INetworkBackend backend = transport?.CreateTransport() ?? new NullNetworkBackend();
        try
        {
            foreach (NetworkBackendOptions recorder in all.Where(o => o.IsRecorder))
                backend = recorder.Kind == "pcap"
                    ? new PcapRecordingBackend(backend, PcapWriter.Create(recorder.Properties["file"], clock))
                    : new PacketLogBackend(backend, OpenLog(recorder.Properties["file"]), clock);
        }
        catch
        {
            backend.Dispose();
            throw;
        }
        return backend;
    }

    public static INetworkBackend CreateBackend(string spec, IVirtualClock? clock = null) => CreateBackend(new[] { spec }, clock);

    /// <summary>pcap and log wrap the transport; the others are transports.</summary>
    public bool IsRecorder => Kind is "pcap" or "log";

    private static TextWriter OpenLog(string file) =>
        file == "-" ? new StreamWriter(Console.OpenStandardError()) { AutoFlush = true } : new StreamWriter(file) { AutoFlush = true };

    /// <summary>Parses HOST:PORT, [IPv6]:PORT or localhost:PORT.</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text[(colon + 1)..], out ushort port))
            throw new FormatException($"'{text}' is not HOST:PORT");
        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        IPAddress address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed
            : throw new FormatException($"'{host}' is not an IP address (host names other than localhost are not resolved)");
        return new IPEndPoint(address, port);
    }

    private void Validate()
    {
        switch (Kind)
        {
            case "socket":
                if (!Properties.TryGetValue("udp", out string? udp))
                    throw new FormatException("socket needs udp=HOST:PORT (only the UDP form of QEMU's socket back end is supported)");
                ParseEndPoint(udp);
                if (!Properties.TryGetValue("localaddr", out string? local))
                    throw new FormatException("socket,udp= needs localaddr=HOST:PORT");
                ParseEndPoint(local);
                break;
            case "tap" or "hostif":
                if (!Properties.ContainsKey("ifname"))
                    throw new FormatException($"{Kind} needs ifname=NAME");
                break;
            case "pcap" or "log":
                if (!Properties.TryGetValue("file", out string? file) || file.Length == 0)
                    throw new FormatException($"{Kind} needs file=PATH");
                break;
        }
    }

    private INetworkBackend CreateTransport() => Kind switch
    {
        "none" => new NullNetworkBackend(),
        "socket" => new UdpSocketBackend(ParseEndPoint(Properties["udp"]), ParseEndPoint(Properties["localaddr"])),
        "tap" => new TapBackend(Properties["ifname"], Properties.GetValueOrDefault("netns")),
        "hostif" => new HostInterfaceBackend(Properties["ifname"], Properties.GetValueOrDefault("netns")),
        _ => throw new InvalidOperationException(Kind),
    };
}
