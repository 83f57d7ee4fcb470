using System.Globalization;
using System.Net;
using PcEmu.Devices.Backends.Serial;

namespace PcEmu.Cli;

/// <summary>
/// A host end for a character device, written as on QEMU's command line: <c>none</c>,
/// <c>stdio</c>, <c>stderr</c>, <c>file:PATH</c>, or <c>tcp:[HOST]:PORT,server[,wait=off]</c>
/// (also <c>server=on</c> and <c>nowait</c>), a TCP server on a loopback address.
/// </summary>
public sealed record BackendSpec(BackendKind Kind, string? Path = null, IPEndPoint? EndPoint = null, bool Wait = true)
{
    public static bool TryParse(string text, bool allowStdio, out BackendSpec spec, out string error)
    {
        spec = new BackendSpec(BackendKind.None);
        error = "";
        switch (text)
        {
            case "none":
                return true;
            case "stdio" when allowStdio:
                spec = new BackendSpec(BackendKind.Stdio);
                return true;
            case "stderr":
                spec = new BackendSpec(BackendKind.Stderr);
                return true;
        }
        if (text.StartsWith("file:", StringComparison.Ordinal) && text.Length > "file:".Length)
        {
            spec = new BackendSpec(BackendKind.File, text["file:".Length..]);
            return true;
        }
        if (text.StartsWith("tcp:", StringComparison.Ordinal))
            return TryParseTcp(text, out spec, out error);
        error = $"invalid back end '{text}' (expected {(allowStdio ? "stdio, " : "")}stderr, file:PATH, tcp:127.0.0.1:PORT,server or none)";
        return false;
    }

    /// <summary>QEMU's <c>tcp:HOST:PORT,server=on,wait=off</c> and its older spelling <c>server,nowait</c>; server mode only, loopback only.</summary>
    private static bool TryParseTcp(string text, out BackendSpec spec, out string error)
    {
        spec = new BackendSpec(BackendKind.None);
        string[] parts = text["tcp:".Length..].Split(',');
        string address = parts[0];
        int colon = address.LastIndexOf(':');
        string host = colon < 0 ? "" : address[..colon].Trim('[', ']');
        if (colon < 0 || !ushort.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            error = $"invalid back end '{text}': expected tcp:HOST:PORT,server";
            return false;
        }
        IPAddress? ip = host switch
        {
            "" or "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out IPAddress? parsed) ? parsed : null,
        };
        if (ip is null || !IPAddress.IsLoopback(ip))
        {
            error = $"invalid back end '{text}': the serial TCP server listens on a loopback address only (127.0.0.1, ::1 or localhost)";
            return false;
        }
        bool server = false, wait = true;
        foreach (string option in parts.Skip(1))
        {
            switch (option)
            {
                case "server" or "server=on":
                    server = true;
                    break;
                case "wait" or "wait=on":
                    wait = true;
                    break;
                case "nowait" or "wait=off":
                    wait = false;
                    break;
                default:
                    error = $"invalid back end '{text}': unknown option '{option}' (expected server, wait=on or wait=off)";
                    return false;
            }
        }
        if (!server)
        {
            error = $"invalid back end '{text}': only the server mode is supported (add ,server)";
            return false;
        }
        spec = new BackendSpec(BackendKind.TcpServer, EndPoint: new IPEndPoint(ip, port), Wait: wait);
        error = "";
        return true;
    }

    /// <summary>How the back end is named in messages: the path, or the TCP address.</summary>
    public string Describe() => Kind == BackendKind.TcpServer ? $"tcp:{EndPoint}" : Path ?? Kind.ToString().ToLowerInvariant();

    /// <summary>Opens the back end; IO errors (a missing directory) propagate to the caller.</summary>
    public ISerialBackend Open(Stream stdout, Stream? stdin, TextWriter stderr) => Kind switch
    {
        BackendKind.Stdio => new StdioSerialBackend(stdout, stdin),
        BackendKind.Stderr => new TextWriterSerialBackend(stderr),
        BackendKind.File => new FileSerialBackend(Path!),
        BackendKind.TcpServer => new TcpServerSerialBackend(EndPoint!, Wait),
        _ => new NullSerialBackend(),
    };
}

public enum BackendKind
{
    None,
    Stdio,
    Stderr,
    File,
    TcpServer,
}

/// <summary>Bytes to a text writer as Latin-1 characters (the debug console on standard error).</summary>
internal sealed class TextWriterSerialBackend(TextWriter writer) : ISerialBackend
{
    public void Write(byte value) => writer.Write((char)value);

    public int Read(Span<byte> destination) => 0;

    public bool InputMayArrive => false;

    public void Flush() => writer.Flush();

    public void Dispose() => writer.Flush();
}
