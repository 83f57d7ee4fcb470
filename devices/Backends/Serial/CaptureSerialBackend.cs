using System.Text;

namespace PcEmu.Devices.Backends.Serial;

/// <summary>
/// An in-memory back end for tests: keeps everything the guest transmits and feeds the guest
/// whatever the test queued with <see cref="QueueInput(ReadOnlySpan{byte})"/>.
/// </summary>
public sealed class CaptureSerialBackend : ISerialBackend
{
    private readonly List<byte> _output = new();
    private readonly Queue<byte> _input = new();
    private readonly object _lock = new();

    /// <summary>Everything transmitted so far.</summary>
    public byte[] Output
    {
        get
        {
            lock (_lock)
                return _output.ToArray();
        }
    }

    /// <summary>The output decoded as Latin-1 (one char per byte).</summary>
    public string Text => Encoding.Latin1.GetString(Output);

    public void QueueInput(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            foreach (byte b in bytes)
                _input.Enqueue(b);
        }
    }

    public void QueueInput(string text) => QueueInput(Encoding.Latin1.GetBytes(text));

    public void Write(byte value)
    {
        lock (_lock)
            _output.Add(value);
    }

    public int Read(Span<byte> destination)
    {
        lock (_lock)
        {
            int count = 0;
            while (count < destination.Length && _input.TryDequeue(out byte b))
                destination[count++] = b;
            return count;
        }
    }

    /// <summary>True while queued input remains (the test decides all input up front).</summary>
    public bool InputMayArrive
    {
        get
        {
            lock (_lock)
                return _input.Count > 0;
        }
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
