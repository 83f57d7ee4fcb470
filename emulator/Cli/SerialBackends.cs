using PcEmu.Devices.Backends.Serial;

namespace PcEmu.Cli;

/// <summary>
/// The host ends of COM1-COM4 as <c>--serial</c> gave them, opened in order and disposed
/// together. A TCP server that waits for its client says so on standard error first, as QEMU
/// does, since the run does not start until someone connects.
/// </summary>
internal sealed class SerialBackends : IDisposable
{
    private readonly List<ISerialBackend> _opened = new();

    private SerialBackends()
    {
    }

    public static SerialBackends Open(IReadOnlyList<BackendSpec> specs, Stream stdout, Stream? stdin, TextWriter stderr, Action<string> diagnostics)
    {
        SerialBackends backends = new();
        try
        {
            for (int i = 0; i < specs.Count; i++)
            {
                BackendSpec spec = specs[i];
                if (spec.Kind == BackendKind.TcpServer && spec.Wait)
                    diagnostics($"COM{i + 1}: waiting for a connection on {spec.Describe()}");
                backends._opened.Add(RunCommand.OpenBackend(spec, $"--serial (COM{i + 1})", stdout, stdin, stderr));
            }
            return backends;
        }
        catch
        {
            backends.Dispose();
            throw;
        }
    }

    /// <summary>The back end of COM<paramref name="number"/> (1-4), or null when that port is absent.</summary>
    public ISerialBackend? Com(int number) => number - 1 < _opened.Count ? _opened[number - 1] : null;

    public void Dispose()
    {
        foreach (ISerialBackend backend in _opened)
            backend.Dispose();
    }
}
