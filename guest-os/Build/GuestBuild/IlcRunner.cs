using System.Diagnostics;

namespace GuestOs.Build;

/// <summary>
/// Runs the NativeAOT compiler (ILC) to turn guest IL into an i386 COFF object. The ILC
/// path comes from the restored ILCompiler package (Guest.targets asks IlcLocator for it);
/// the flags are those DESIGN.md verified: Windows object format, x86, a native library
/// with our corlib as the system module.
/// </summary>
public static class IlcRunner
{
    public static void Compile(string ilcPath, string input, IReadOnlyList<string> references, string systemModule, string output, string? mapFile)
    {
        if (!File.Exists(ilcPath))
            throw new BuildException($"ILC not found at {ilcPath}");
        var arguments = new List<string> { input };
        arguments.AddRange(references);
        arguments.AddRange(new[]
        {
            "-o", output,
            "--systemmodule:" + systemModule,
            "--nativelib",
            "--targetos:windows",
            "--targetarch:x86",
            "-O",
        });
        if (mapFile is not null)
            arguments.AddRange(new[] { "--map", mapFile });

        var start = new ProcessStartInfo(ilcPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new BuildException("could not start ILC");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string firstLines = string.Join('\n', (stdout.Result + stderr.Result).Split('\n').Take(5));
            throw new BuildException($"ILC failed on {Path.GetFileName(input)} (exit {process.ExitCode}): {firstLines}");
        }
    }
}

/// <summary>A build failure with a message fit to show the developer as is.</summary>
public sealed class BuildException(string message) : Exception(message);
