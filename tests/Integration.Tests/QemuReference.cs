using System.Diagnostics;

namespace Integration.Tests;

/// <summary>
/// Runs a guest on the reference machine, qemu-system-i386, the way every cross-check does
/// (DESIGN.md, Testing doctrine): no NIC, no display, no reboot, COM1 to a file and QEMU's
/// isa-debug-exit device at port 0xF4. The exit code is the guest's ((value &lt;&lt; 1) | 1).
/// </summary>
public static class QemuReference
{
    public sealed record Result(int ExitCode, string Serial);

    public static Result RunKernel(string kernel, int memoryMegabytes = 128, TimeSpan? timeout = null, IEnumerable<string>? extraArguments = null)
    {
        string qemu = FindQemu();
        string serialFile = System.IO.Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[]
            {
                "-nic", "none", "-display", "none", "-no-reboot", "-m", memoryMegabytes.ToString(),
                "-serial", "file:" + serialFile, "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                "-kernel", kernel,
            })
            {
                start.ArgumentList.Add(arg);
            }
            foreach (string arg in extraArguments ?? Array.Empty<string>())
                start.ArgumentList.Add(arg);
            using Process process = Process.Start(start)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"QEMU did not finish {kernel}; serial so far:\n{File.ReadAllText(serialFile)}");
            }
            string errors = stderr.Result;
            if (errors.Contains("Error", StringComparison.OrdinalIgnoreCase) && process.ExitCode != 1 && (process.ExitCode & 1) == 0)
                throw new InvalidOperationException("QEMU failed: " + errors);
            return new Result(process.ExitCode, File.ReadAllText(serialFile));
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
            string candidate = System.IO.Path.Combine(dir, "qemu-system-i386");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException("qemu-system-i386 is not installed (apt-get install qemu-system-x86); .ci/run installs it");
    }
}
