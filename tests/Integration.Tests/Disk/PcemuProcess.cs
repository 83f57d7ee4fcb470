using System.Diagnostics;

namespace Integration.Tests.Disk;

/// <summary>
/// Starts the <c>pcemu</c> command (emulator/Cli, built with the solution) as a separate
/// process, so that a test can kill it the way a crash or a power cut would.
/// </summary>
public static class PcemuProcess
{
    public static string CommandPath { get; } = FindCommand();

    /// <summary>Starts <c>dotnet pcemu.dll ARGS</c> with standard output and error redirected, and its temporary directory set when given.</summary>
    public static Process Start(IEnumerable<string> arguments, string? temporaryDirectory = null)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (temporaryDirectory is not null)
            start.Environment["TMPDIR"] = temporaryDirectory;
        start.ArgumentList.Add(CommandPath);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + CommandPath);
    }

    /// <summary>emulator/Cli/bin/CONFIGURATION/TFM/pcemu.dll, in the configuration this test assembly was built in.</summary>
    private static string FindCommand()
    {
        DirectoryInfo tfm = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = tfm.Parent!.Name;
        string path = Path.Combine(GuestImages.RepositoryRoot, "emulator", "Cli", "bin", configuration, tfm.Name, "pcemu.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: build emulator/Cli first");
        return path;
    }
}
