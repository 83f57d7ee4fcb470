using System.Runtime.InteropServices;
using System.Text;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// A Linux TAP interface (QEMU's <c>-netdev tap,ifname=NAME</c>): /dev/net/tun opened and
/// attached with TUNSETIFF as IFF_TAP | IFF_NO_PI, so each read(2) is one Ethernet frame
/// from the host's side of the interface and each write(2) puts one on it. The interface
/// is created if it does not exist (needs CAP_NET_ADMIN) or taken over if it is a persistent
/// TAP this user may open (<c>ip tuntap add NAME mode tap user USER</c>). With a namespace
/// name the interface is created inside that network namespace (<see cref="NetworkNamespace"/>).
/// The interface is not configured (up, addresses): that is the host's business.
/// A reader thread polls the descriptor and queues frames (see <see cref="INetworkBackend"/>).
/// </summary>
public sealed class TapBackend : INetworkBackend
{
    public const string CloneDevice = "/dev/net/tun";
    private const int PollIntervalMs = 100;
    private const int MaxFrame = 65536;

    private readonly FrameQueue _received = new();
    private readonly Thread _reader;
    private readonly object _writeLock = new();
    private int _fd;
    private volatile bool _disposed;
    private long _sendErrors;

    /// <param name="interfaceName">Up to 15 bytes; "tap%d" lets the kernel choose.</param>
    /// <param name="networkNamespace">Create the interface inside this named namespace (root only), or null.</param>
    public TapBackend(string interfaceName, string? networkNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the TAP network back end needs Linux");
        if (Encoding.UTF8.GetByteCount(interfaceName) >= LinuxNative.IfNameBytes)
            throw new ArgumentException($"interface name '{interfaceName}' is longer than {LinuxNative.IfNameBytes - 1} bytes", nameof(interfaceName));
        (_fd, InterfaceName) = networkNamespace is null
            ? Attach(interfaceName)
            : NetworkNamespace.Run(networkNamespace, () => Attach(interfaceName));
        _received.FrameArrived += () => FrameArrived?.Invoke();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"net-tap {InterfaceName}" };
        _reader.Start();
    }

    public event Action? FrameArrived;

    /// <summary>The name the kernel gave the interface.</summary>
    public string InterfaceName { get; }

    public bool LinkUp => true;

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_disposed)
            return;
        byte[] copy = frame.ToArray();
        lock (_writeLock)
        {
            if (LinuxNative.Write(_fd, copy, (nuint)copy.Length) != copy.Length)
                Interlocked.Increment(ref _sendErrors); // interface down (EIO) and the like: the frame is lost, as on a wire
        }
    }

    public bool TryReceive(out byte[] frame) => _received.TryDequeue(out frame);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        lock (_writeLock)
        {
            LinuxNative.Close(_fd);
            _fd = -1;
        }
    }

    private static (int Fd, string Name) Attach(string name)
    {
        int fd = LinuxNative.Open(CloneDevice, LinuxNative.ORdwr | LinuxNative.OCloexec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open {CloneDevice}: {LinuxNative.ErrorText(errno)}. The TAP back end needs the tun module and either root (CAP_NET_ADMIN) or a persistent TAP device owned by this user ('ip tuntap add {name} mode tap user $USER'); without privileges use the socket back end.");
        }
        byte[] ifreq = new byte[LinuxNative.IfReqBytes];
        Encoding.UTF8.GetBytes(name, ifreq);
        short flags = LinuxNative.IffTap | LinuxNative.IffNoPi;
        ifreq[LinuxNative.IfNameBytes] = (byte)flags;
        ifreq[LinuxNative.IfNameBytes + 1] = (byte)(flags >> 8);
        if (LinuxNative.Ioctl(fd, LinuxNative.TunSetIff, ifreq) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LinuxNative.Close(fd);
            throw new UnauthorizedAccessException($"cannot attach TAP interface '{name}' (TUNSETIFF): {LinuxNative.ErrorText(errno)}. Creating an interface needs root (CAP_NET_ADMIN); a non-root user can only open a persistent TAP made for it ('ip tuntap add {name} mode tap user $USER').");
        }
        int length = Array.IndexOf(ifreq, (byte)0, 0, LinuxNative.IfNameBytes);
        return (fd, Encoding.UTF8.GetString(ifreq, 0, length < 0 ? LinuxNative.IfNameBytes : length));
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[MaxFrame];
        var poll = new LinuxNative.PollFd { Fd = _fd, Events = LinuxNative.PollIn };
        while (!_disposed)
        {
            poll.Revents = 0;
            int ready = LinuxNative.Poll(ref poll, 1, PollIntervalMs);
            if (ready <= 0 || (poll.Revents & LinuxNative.PollIn) == 0)
            {
                if (ready < 0 && Marshal.GetLastPInvokeError() != LinuxNative.Eintr)
                    return;
                continue;
            }
            nint length = LinuxNative.Read(_fd, buffer, (nuint)buffer.Length);
            if (length > 0)
                _received.Enqueue(buffer.AsSpan(0, (int)length));
            else if (length < 0 && Marshal.GetLastPInvokeError() is not (LinuxNative.Eintr or LinuxNative.Eagain))
                return;
        }
    }
}
