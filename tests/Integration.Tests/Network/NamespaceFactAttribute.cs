using System.Diagnostics;

namespace Integration.Tests.Network;

/// <summary>Runs only as root with iproute2 and /dev/net/tun (CI runs as root); skipped otherwise, with the reason.</summary>
public sealed class RootNetnsFactAttribute : FactAttribute
{
    public RootNetnsFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "TAP and network namespaces need Linux";
        else if (!IsRoot())
            Skip = "needs root to create a network namespace (ip netns add); CI runs as root";
        else if (!File.Exists("/dev/net/tun"))
            Skip = "no /dev/net/tun (tun module not loaded)";
        else if (!new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.Any(File.Exists))
            Skip = "iproute2 (ip) is not installed";
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
}

/// <summary>A network namespace the test creates and removes; nothing in it reaches any other network.</summary>
public sealed class TestNamespace : IDisposable
{
    public TestNamespace(string purpose)
    {
        Name = $"pcemu-{purpose}-{Environment.ProcessId}-{Random.Shared.Next(100000)}";
        Ip("netns", "add", Name);
    }

    public string Name { get; }

    /// <summary>Runs <c>ip -n NAME ...</c>; throws with ip's message on failure.</summary>
    public string IpIn(params string[] arguments) => Ip(new[] { "-n", Name }.Concat(arguments).ToArray());

    /// <summary>Runs a command inside the namespace (<c>ip netns exec</c>, which also shows the namespace's /sys).</summary>
    public string Exec(params string[] command) => Ip(new[] { "netns", "exec", Name }.Concat(command).ToArray());

    public void Dispose() => Ip("netns", "del", Name);

    private static string Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {error.Result}");
        return output;
    }
}
