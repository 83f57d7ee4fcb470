using System.CommandLine;
using System.CommandLine.Parsing;
using PcEmu.Devices.Backends.Network;
using PcEmu.Machine;

namespace PcEmu.Cli;

/// <summary>
/// <c>--nic</c>, QEMU's <c>-nic</c>: each use adds an RTL8139 card (PCI slots 3 and up) with
/// its back end. <c>KIND[,key=value...]</c> where KIND is <c>socket</c> (<c>udp=HOST:PORT,localaddr=HOST:PORT</c>),
/// <c>tap</c> (<c>ifname=NAME[,netns=NS]</c>) or <c>hostif</c> (libpcap on an existing host
/// interface: <c>ifname=NAME[,netns=NS]</c>); the card takes <c>mac=</c> and <c>model=rtl8139</c>,
/// and the recorders <c>pcap=PATH</c> (every frame, both directions, as QEMU's
/// <c>filter-dump</c>) and <c>log=PATH</c> (a decoded packet log; <c>-</c> is standard error).
/// <c>--nic none</c> (the default) means no card.
/// </summary>
public sealed class NetworkOptions
{
    private readonly Option<string[]> _nic = new("--nic")
    {
        Description = "Add an RTL8139 network card: socket,udp=HOST:PORT,localaddr=HOST:PORT | tap,ifname=NAME[,netns=NS] | hostif,ifname=NAME[,netns=NS] | none; "
            + "with [,mac=52:54:00:12:34:56][,pcap=FILE][,log=FILE|-]. Repeatable.",
        HelpName = "KIND[,key=value...]",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_nic);
        _nic.Validators.Add(result =>
        {
            foreach (string text in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
            {
                if (!NicSpec.TryParse(text, out _, out string error))
                    result.AddError(error);
            }
        });
    }

    public IReadOnlyList<NicSpec> Read(ParseResult result) =>
        (result.GetValue(_nic) ?? Array.Empty<string>())
            .Select(text => NicSpec.TryParse(text, out NicSpec? spec, out string error) ? spec : throw new InvalidOperationException(error))
            .OfType<NicSpec>()
            .ToList();
}

/// <summary>One parsed <c>--nic</c>: the transport in <see cref="NetworkBackendOptions"/> syntax, the card's MAC, the recorder specs. Null for <c>none</c>.</summary>
public sealed record NicSpec(string Transport, byte[]? Mac, IReadOnlyList<string> Recorders)
{
    private static readonly string[] Transports = { "socket", "tap", "hostif" };

    /// <summary>Parses one <c>--nic</c> value; <paramref name="spec"/> is null for <c>none</c>.</summary>
    public static bool TryParse(string text, out NicSpec? spec, out string error)
    {
        spec = null;
        error = "";
        string[] parts = text.Split(',');
        string kind = parts[0].Trim();
        if (kind == "none" && parts.Length == 1)
            return true;
        if (!Transports.Contains(kind))
        {
            error = $"invalid --nic '{text}': the kind must be socket, tap, hostif or none";
            return false;
        }
        var transport = new List<string> { kind };
        var recorders = new List<string>();
        byte[]? mac = null;
        foreach (string part in parts.Skip(1))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            try
            {
                switch (key)
                {
                    case "mac":
                        mac = NicOptions.ParseMac(value);
                        break;
                    case "model" when value != "rtl8139":
                        throw new FormatException($"model '{value}' is not offered (only rtl8139)");
                    case "model":
                        break;
                    case "pcap" or "log":
                        recorders.Add($"{key},file={value}");
                        break;
                    default:
                        transport.Add(part);
                        break;
                }
            }
            catch (FormatException e)
            {
                error = $"invalid --nic '{text}': {e.Message}";
                return false;
            }
        }
        var candidate = new NicSpec(string.Join(',', transport), mac, recorders);
        try
        {
            foreach (string each in candidate.BackendSpecs)
                NetworkBackendOptions.Parse(each);
        }
        catch (FormatException e)
        {
            error = $"invalid --nic '{text}': {e.Message}";
            return false;
        }
        spec = candidate;
        return true;
    }

    /// <summary>The transport, then the recorders, for <see cref="NetworkBackendOptions.CreateBackend(IEnumerable{string}, PcEmu.Memory.IVirtualClock?)"/>.</summary>
    public IEnumerable<string> BackendSpecs => new[] { Transport }.Concat(Recorders);
}

/// <summary>The back ends of the <c>--nic</c> cards, open for the run and disposed after it.</summary>
internal sealed class OpenedNics : IDisposable
{
    private readonly List<INetworkBackend> _backends = new();

    public List<NicOptions> Nics { get; } = new();

    public static OpenedNics Open(IReadOnlyList<NicSpec> specs)
    {
        var opened = new OpenedNics();
        try
        {
            foreach (NicSpec spec in specs)
            {
                INetworkBackend backend;
                try
                {
                    backend = NetworkBackendOptions.CreateBackend(spec.BackendSpecs);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    throw new UsageException($"--nic {spec.Transport}: {e.Message}");
                }
                opened._backends.Add(backend);
                opened.Nics.Add(new NicOptions(backend, spec.Mac ?? NicOptions.DefaultMac(opened.Nics.Count)));
            }
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (INetworkBackend backend in _backends)
            backend.Dispose();
        _backends.Clear();
    }
}
