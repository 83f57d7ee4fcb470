namespace PcEmu.Devices.Backends.Serial;

/// <summary>A port with nothing plugged in: output is dropped, no input ever arrives.</summary>
public sealed class NullSerialBackend : ISerialBackend
{
    public void Write(byte value)
    {
    }

    public int Read(Span<byte> destination) => 0;

    public bool InputMayArrive => false;

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
