namespace PcEmu.Devices.Backends.Serial;

/// <summary>
/// Writes the guest's output to a file (created or truncated when opened), like QEMU's
/// <c>-serial file:PATH</c>. No input.
/// </summary>
public sealed class FileSerialBackend : ISerialBackend
{
    private readonly FileStream _file;

    public FileSerialBackend(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 4096);
    }

    public void Write(byte value) => _file.WriteByte(value);

    public int Read(Span<byte> destination) => 0;

    public bool InputMayArrive => false;

    public void Flush() => _file.Flush();

    public void Dispose()
    {
        _file.Flush();
        _file.Dispose();
    }
}
