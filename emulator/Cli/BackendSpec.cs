using PcEmu.Devices.Backends.Serial;

namespace PcEmu.Cli;

/// <summary>A host end for a character device, written as on QEMU's command line.</summary>
public sealed record BackendSpec(BackendKind Kind, string? Path = null)
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
        error = $"invalid back end '{text}' (expected {(allowStdio ? "stdio, " : "")}stderr, file:PATH or none)";
        return false;
    }

    /// <summary>Opens the back end; IO errors (a missing directory) propagate to the caller.</summary>
    public ISerialBackend Open(Stream stdout, Stream? stdin, TextWriter stderr) => Kind switch
    {
        BackendKind.Stdio => new StdioSerialBackend(stdout, stdin),
        BackendKind.Stderr => new TextWriterSerialBackend(stderr),
        BackendKind.File => new FileSerialBackend(Path!),
        _ => new NullSerialBackend(),
    };
}

public enum BackendKind
{
    None,
    Stdio,
    Stderr,
    File,
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
