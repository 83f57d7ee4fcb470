using System.Diagnostics;

namespace PcEmu.Devices.Tests.Network;

/// <summary>Runs iproute2's <c>ip</c> (the tests' network namespaces, veth pairs and addresses); a failure throws with its message.</summary>
internal static class IpCommand
{
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {error}");
    }
}
