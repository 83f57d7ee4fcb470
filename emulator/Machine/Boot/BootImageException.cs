namespace PcEmu.Machine.Boot;

/// <summary>
/// A kernel or module image the loader cannot boot. The message is one line, names the file
/// where it can, and says what is wrong; the CLI prints it as is.
/// </summary>
public sealed class BootImageException : Exception
{
    public BootImageException(string message)
        : base(message)
    {
    }
}
