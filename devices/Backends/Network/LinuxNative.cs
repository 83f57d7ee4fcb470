using System.Runtime.InteropServices;

namespace PcEmu.Devices.Backends.Network;

/// <summary>The few libc calls the TAP back end and network namespaces need (Linux only).</summary>
internal static class LinuxNative
{
    public const int ORdwr = 0x0002;
    public const int OCloexec = 0x80000;
    public const int ORdonly = 0;
    public const short PollIn = 0x0001;
    public const int ClonNewNet = 0x4000_0000;
    public const int Eintr = 4;
    public const int Eagain = 11;

    /// <summary>_IOW('T', 202, int): attach the descriptor to a TUN/TAP interface.</summary>
    public const uint TunSetIff = 0x4004_54CA;
    public const short IffTap = 0x0002;
    public const short IffNoPi = 0x1000;

    /// <summary>sizeof(struct ifreq) on 64-bit Linux; the name is its first 16 bytes, the flags follow.</summary>
    public const int IfReqBytes = 40;
    public const int IfNameBytes = 16;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, byte[] argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static extern int SetNs(int fd, int nsType);

    [DllImport("libc", EntryPoint = "strerror")]
    private static extern nint StrError(int errno);

    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";
}
