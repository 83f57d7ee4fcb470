namespace GuestOs.Build.Linker;

/// <summary>
/// Any error found while reading objects or linking them. The message is one line and names
/// the object file and the symbol or section involved, so a build log shows the cause directly.
/// </summary>
public sealed class LinkerException : Exception
{
    public LinkerException(string message)
        : base(message)
    {
    }
}
