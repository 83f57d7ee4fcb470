namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Runs code inside a named Linux network namespace (one made by <c>ip netns add NAME</c>,
/// bound at /var/run/netns/NAME): a dedicated thread joins the namespace with setns(2), runs
/// the callback and ends, so no other thread of the process changes namespace. Sockets and
/// TAP descriptors created by the callback stay in that namespace for their lifetime.
/// Requires CAP_SYS_ADMIN (root).
/// </summary>
public static class NetworkNamespace
{
    public const string Directory = "/var/run/netns";

    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(action);
        if (name.Contains('/') || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a network namespace name", nameof(name));
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = $"netns {name}" };
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw failure is IOException or UnauthorizedAccessException ? failure : new IOException(failure.Message, failure);
        return result;
    }

    private static void Enter(string name)
    {
        string path = Path.Combine(Directory, name);
        int fd = LinuxNative.Open(path, LinuxNative.ORdonly | LinuxNative.OCloexec);
        if (fd < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open network namespace {path}: {LinuxNative.ErrorText(errno)} (create it with 'ip netns add {name}')");
        }
        try
        {
            if (LinuxNative.SetNs(fd, LinuxNative.ClonNewNet) != 0)
            {
                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                throw new UnauthorizedAccessException($"cannot enter network namespace {name}: {LinuxNative.ErrorText(errno)} (needs root)");
            }
        }
        finally
        {
            LinuxNative.Close(fd);
        }
    }
}
