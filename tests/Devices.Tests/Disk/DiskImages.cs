using System.Runtime.InteropServices;

namespace PcEmu.Devices.Tests.Disk;

/// <summary>A temporary directory removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("pcemu-disk-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Builders of test images whose every byte is known.</summary>
internal static class DiskImages
{
    /// <summary>The pattern byte at <paramref name="offset"/> of sector <paramref name="lba"/>: the LBA in the first 8 bytes, then a mix.</summary>
    public static byte PatternByte(long lba, int offset) =>
        offset < 8 ? (byte)(lba >> (8 * offset)) : (byte)(lba * 7 + offset * 13 + 1);

    public static byte[] Pattern(long lba, int count)
    {
        byte[] data = new byte[count * 512];
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < 512; i++)
                data[s * 512 + i] = PatternByte(lba + s, i);
        }
        return data;
    }

    public static void CreatePatterned(string path, long sectors)
    {
        using FileStream f = new(path, FileMode.CreateNew, FileAccess.Write);
        for (long lba = 0; lba < sectors; lba += 64)
            f.Write(Pattern(lba, (int)Math.Min(64, sectors - lba)));
    }

    public static byte[] Fill(byte value, int sectors)
    {
        byte[] data = new byte[sectors * 512];
        Array.Fill(data, value);
        return data;
    }

    public static string Sha256(string path) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(UnlockedFile.ReadAll(path)));
}

/// <summary>
/// Reads a file the way a non-.NET tool would (libc open/pread, no flock), so that tests can
/// inspect an image while a back end holds its exclusive advisory lock.
/// </summary>
internal static class UnlockedFile
{
    public static byte[] ReadAll(string path) => Read(path, 0, (int)new FileInfo(path).Length);

    public static byte[] Read(string path, long offset, int count)
    {
        int fd = open(path, 0);
        if (fd < 0)
            throw new IOException($"open({path}) failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            byte[] data = new byte[count];
            int done = 0;
            while (done < count)
            {
                long n = pread(fd, ref data[done], count - done, offset + done);
                if (n <= 0)
                    throw new IOException($"pread({path}) at {offset + done} returned {n}");
                done += (int)n;
            }
            return data;
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern long pread(int fd, ref byte buffer, long count, long offset);

    [DllImport("libc")]
    private static extern int close(int fd);
}
