using System.Collections.Concurrent;

namespace PcEmu.Devices.Backends.Serial;

/// <summary>
/// Raw bytes to a host stream (normally the process's standard output) and, optionally, raw
/// bytes from another (standard input). Input is read by a background thread into a queue so
/// that <see cref="Read"/> never blocks the emulation; the terminal is not put in raw mode,
/// so an interactive terminal delivers whole lines.
/// </summary>
public sealed class StdioSerialBackend : ISerialBackend
{
    private readonly Stream _output;
    private readonly BufferedStream _buffered;
    private readonly ConcurrentQueue<byte> _input = new();
    private readonly Thread? _reader;
    private volatile bool _inputEnded;

    public StdioSerialBackend(Stream output, Stream? input = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _buffered = new BufferedStream(output, 4096);
        if (input is not null)
        {
            _reader = new Thread(() => ReadLoop(input)) { IsBackground = true, Name = "pcemu serial stdin" };
            _reader.Start();
        }
    }

    public void Write(byte value) => _buffered.WriteByte(value);

    public int Read(Span<byte> destination)
    {
        int count = 0;
        while (count < destination.Length && _input.TryDequeue(out byte b))
            destination[count++] = b;
        return count;
    }

    /// <summary>True until standard input reaches end of file and its last byte was read.</summary>
    public bool InputMayArrive => _reader is not null && (!_inputEnded || !_input.IsEmpty);

    public void Flush()
    {
        _buffered.Flush();
        _output.Flush();
    }

    /// <summary>Flushes; the host streams stay open (they belong to the caller).</summary>
    public void Dispose() => Flush();

    private void ReadLoop(Stream input)
    {
        byte[] buffer = new byte[256];
        try
        {
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (int i = 0; i < n; i++)
                    _input.Enqueue(buffer[i]);
            }
        }
        catch (IOException)
        {
            // The host closed standard input: the guest simply receives nothing more.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _inputEnded = true;
        }
    }
}
