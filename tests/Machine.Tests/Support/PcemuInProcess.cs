using System.Text;
using PcEmu.Cli;

namespace PcEmu.Machine.Tests.Support;

/// <summary>Runs the <c>pcemu</c> entry point in-process with captured standard output and error.</summary>
internal static class PcemuInProcess
{
    /// <summary>The exit code, the raw bytes written to standard output (COM1 by default) and standard error.</summary>
    public static (int Code, byte[] Stdout, string Stderr) RunBinary(params string[] args)
    {
        using MemoryStream stdout = new();
        using StringWriter stderr = new();
        int code = PcemuCommand.Invoke(args, stdout, stderr);
        return (code, stdout.ToArray(), stderr.ToString());
    }

    /// <summary>As <see cref="RunBinary"/>, standard output decoded as Latin-1 (one char per guest byte).</summary>
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var (code, stdout, stderr) = RunBinary(args);
        return (code, Encoding.Latin1.GetString(stdout), stderr);
    }
}
