using System.Diagnostics;

namespace Guest.Tests;

/// <summary>
/// Boots a Multiboot kernel with boot modules on qemu-system-i386 the way the reference
/// runs do (../shared/tools/qemu-ref): no NIC, no display, no reboot, COM1 to a file,
/// isa-debug-exit at 0xF4, a time limit. Modules go in -initrd, comma-separated, each a
/// path followed by its command line.
/// </summary>
public static class Qemu
{
    public sealed record Result(int ExitCode, string Serial, bool TimedOut);

    public static Result Boot(string kernel, IReadOnlyList<string> modules, TimeSpan timeout, int memoryMegabytes = 128, string? kernelCommandLine = null)
    {
        string serialFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(FindQemu()) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[]
            {
                "-nic", "none", "-display", "none", "-no-reboot", "-m", memoryMegabytes.ToString(),
                "-serial", "file:" + serialFile, "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                "-kernel", kernel, "-initrd", string.Join(",", modules),
            })
            {
                start.ArgumentList.Add(arg);
            }
            if (kernelCommandLine is not null)
            {
                start.ArgumentList.Add("-append");
                start.ArgumentList.Add(kernelCommandLine);
            }
            using Process process = Process.Start(start)!;
            process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            bool finished = process.WaitForExit(timeout);
            if (!finished)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            string serial = File.ReadAllText(serialFile);
            if (finished && process.ExitCode != 0 && (process.ExitCode & 1) == 0)
                throw new InvalidOperationException($"QEMU failed ({process.ExitCode}): {stderr.Result}\n{serial}");
            return new Result(finished ? process.ExitCode : -1, serial, !finished);
        }
        finally
        {
            File.Delete(serialFile);
        }
    }

    private static string FindQemu()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string candidate = Path.Combine(dir, "qemu-system-i386");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException("qemu-system-i386 is not installed (apt-get install qemu-system-x86); .ci/run installs it");
    }
}

/// <summary>Finds the guest images that the build wrote to artifacts/guest/.</summary>
public static class GuestImages
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Path(string name)
    {
        string path = System.IO.Path.Combine(RepositoryRoot, "artifacts", "guest", name + ".elf");
        if (!File.Exists(path))
            throw new FileNotFoundException($"guest image {path} is missing: build the solution first");
        return path;
    }

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Directory.GetParent(dir)?.FullName)
        {
            if (File.Exists(System.IO.Path.Combine(dir, "Emulator.sln")))
                return dir;
        }
        throw new DirectoryNotFoundException("Emulator.sln not found above " + AppContext.BaseDirectory);
    }
}
