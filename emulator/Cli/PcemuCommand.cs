using System.CommandLine;
using System.Text;

namespace PcEmu.Cli;

/// <summary>
/// The <c>pcemu</c> command line. <see cref="Invoke"/> is the whole program with its standard
/// streams passed in, so that tests run it in-process. Parse errors are reported as one line
/// on standard error ("pcemu: ...") with exit code 2, never as a help dump.
/// </summary>
public static class PcemuCommand
{
    public static int Invoke(string[] args, Stream stdout, TextWriter stderr, Stream? stdin = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        RunOptions options = new();
        RootCommand root = new("pcemu: a managed x86 PC emulator.");
        Command run = options.CreateCommand(settings => RunCommand.Execute(settings, stdout, stdin, stderr, cancellation));
        root.Subcommands.Add(run);

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine("pcemu: " + OneLine(parsed.Errors[0].Message));
            stderr.Flush();
            return ExitCodes.UsageOrImageError;
        }

        using StreamWriter output = new(stdout, new UTF8Encoding(false), bufferSize: 4096, leaveOpen: true);
        InvocationConfiguration configuration = new() { Output = output, Error = stderr };
        int code = parsed.Invoke(configuration);
        output.Flush();
        return code;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
