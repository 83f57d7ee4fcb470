namespace PcEmu.Devices.Backends.Disk;

/// <summary>
/// A disk image that cannot be used as asked: missing, malformed, locked by another
/// emulator, or written while read-only. The message is one line and names the file.
/// </summary>
public sealed class DiskImageException : IOException
{
    public DiskImageException(string message)
        : base(message)
    {
    }

    public DiskImageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
