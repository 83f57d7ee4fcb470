using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Integration.Tests;

/// <summary>
/// Runs a guest on qemu-system-i386 with its default standard VGA and no display, COM1 on
/// standard input and output, and QMP on a Unix socket. Whenever the guest prints one of the
/// marker lines, the host takes <c>screendump</c>s (PPM) and then sends the guest one byte so
/// it goes on: the guest side of that handshake is in guest-os/Tests/VgaScreen.
/// </summary>
public static class QemuScreens
{
    /// <summary>One marker: the line the guest prints, how many screendumps to take (spaced in host time), the byte to answer.</summary>
    public sealed record Stop(string Marker, int Dumps, byte Answer);

    public sealed record Result(int ExitCode, string Serial, IReadOnlyDictionary<string, IReadOnlyList<RgbImage>> Screens);

    public static Result Run(string kernel, IReadOnlyList<Stop> stops, TimeSpan? timeout = null)
    {
        string dir = Directory.CreateTempSubdirectory("pcemu-qemu-screens-").FullName;
        string qmpPath = Path.Combine(dir, "qmp.sock");
        var start = new ProcessStartInfo("qemu-system-i386")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[]
        {
            "-nic", "none", "-display", "none", "-no-reboot", "-m", "128", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-qmp", $"unix:{qmpPath},server=on,wait=off", "-kernel", kernel,
        })
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Stream output = process.StandardOutput.BaseStream;
        var serial = new StringBuilder();
        var screens = new Dictionary<string, IReadOnlyList<RgbImage>>();
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            using Socket qmp = ConnectQmp(qmpPath, deadline);
            using var qmpStream = new NetworkStream(qmp);
            using var qmpReader = new StreamReader(qmpStream);
            qmpReader.ReadLine(); // greeting
            QmpCommand(qmpStream, qmpReader, "{\"execute\":\"qmp_capabilities\"}");
            foreach (Stop stop in stops)
            {
                ReadUntil(output, serial, stop.Marker + "\n", deadline);
                var dumps = new List<RgbImage>();
                for (int i = 0; i < stop.Dumps; i++)
                {
                    if (i > 0)
                        Thread.Sleep(150);
                    string file = Path.Combine(dir, $"dump{screens.Count}-{i}.ppm");
                    QmpCommand(qmpStream, qmpReader, $"{{\"execute\":\"screendump\",\"arguments\":{{\"filename\":\"{file}\"}}}}");
                    dumps.Add(RgbImage.ReadPpm(file));
                }
                screens[stop.Marker] = dumps;
                process.StandardInput.BaseStream.WriteByte(stop.Answer);
                process.StandardInput.BaseStream.Flush();
            }
            if (!process.WaitForExit(Math.Max(1, (int)(deadline - DateTime.UtcNow).TotalMilliseconds)))
                throw new TimeoutException("QEMU did not exit; serial so far:\n" + serial);
            ReadToEnd(output, serial);
            return new Result(process.ExitCode, serial.ToString(), screens);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Socket ConnectQmp(string path, DateTime deadline)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Sends one command and reads up to its "return" (skipping asynchronous events).</summary>
    private static void QmpCommand(Stream stream, StreamReader reader, string json)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(json + "\n");
        stream.Write(bytes);
        stream.Flush();
        while (true)
        {
            string line = reader.ReadLine() ?? throw new InvalidOperationException("QMP closed");
            if (line.Contains("\"error\"", StringComparison.Ordinal))
                throw new InvalidOperationException("QMP: " + line);
            if (line.Contains("\"return\"", StringComparison.Ordinal))
                return;
        }
    }

    private static void ReadUntil(Stream output, StringBuilder serial, string marker, DateTime deadline)
    {
        byte[] buffer = new byte[4096];
        while (!serial.ToString().Contains(marker, StringComparison.Ordinal))
        {
            Task<int> read = output.ReadAsync(buffer, 0, buffer.Length);
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !read.Wait(left))
                throw new TimeoutException($"QEMU never printed '{marker.TrimEnd()}'; serial so far:\n{serial}");
            if (read.Result == 0)
                throw new InvalidOperationException($"QEMU exited before '{marker.TrimEnd()}'; serial:\n{serial}");
            serial.Append(Encoding.Latin1.GetString(buffer, 0, read.Result));
        }
    }

    private static void ReadToEnd(Stream output, StringBuilder serial)
    {
        using var rest = new MemoryStream();
        output.CopyTo(rest);
        serial.Append(Encoding.Latin1.GetString(rest.ToArray()));
    }
}

/// <summary>An RGB picture (0xRRGGBB per pixel), from a QEMU PPM screendump or a pcemu frame.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, uint[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public uint[] Pixels { get; }

    public uint this[int x, int y] => Pixels[y * Width + x];

    public static RgbImage From(PcEmu.Devices.Vga.VgaFrame frame)
    {
        uint[] pixels = new uint[frame.Width * frame.Height];
        for (int y = 0; y < frame.Height; y++)
        {
            for (int x = 0; x < frame.Width; x++)
                pixels[y * frame.Width + x] = frame.GetRgb(x, y);
        }
        return new RgbImage(frame.Width, frame.Height, pixels);
    }

    /// <summary>Binary PPM (P6, maxval 255) as QEMU's screendump writes it.</summary>
    public static RgbImage ReadPpm(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        int at = 0;
        string[] header = new string[4];
        for (int field = 0; field < 4; field++)
        {
            while (char.IsWhiteSpace((char)data[at]))
                at++;
            int begin = at;
            while (!char.IsWhiteSpace((char)data[at]))
                at++;
            header[field] = Encoding.ASCII.GetString(data, begin, at - begin);
        }
        at++; // the single whitespace byte before the raster
        if (header[0] != "P6" || header[3] != "255")
            throw new InvalidDataException($"{path}: not a P6 PPM with maxval 255");
        int width = int.Parse(header[1]), height = int.Parse(header[2]);
        uint[] pixels = new uint[width * height];
        for (int i = 0; i < pixels.Length; i++, at += 3)
            pixels[i] = (uint)(data[at] << 16 | data[at + 1] << 8 | data[at + 2]);
        return new RgbImage(width, height, pixels);
    }

    public bool SameAs(RgbImage other) => Width == other.Width && Height == other.Height && Pixels.AsSpan().SequenceEqual(other.Pixels);

    /// <summary>How many pixels differ, and the first one, for failure messages.</summary>
    public string Difference(RgbImage other)
    {
        if (Width != other.Width || Height != other.Height)
            return $"size {Width}x{Height} vs {other.Width}x{other.Height}";
        int count = 0;
        string first = "";
        for (int i = 0; i < Pixels.Length; i++)
        {
            if (Pixels[i] == other.Pixels[i])
                continue;
            if (count++ == 0)
                first = $" first at ({i % Width}, {i / Width}): {Pixels[i]:X6} vs {other.Pixels[i]:X6}";
        }
        return $"{count} pixels differ" + first;
    }

    /// <summary>Halves both dimensions, requiring every 2x2 block to be one colour (QEMU's scanned mode 13h to its 320x200).</summary>
    public RgbImage FoldDoubled()
    {
        uint[] pixels = new uint[Width / 2 * (Height / 2)];
        for (int y = 0; y < Height / 2; y++)
        {
            for (int x = 0; x < Width / 2; x++)
            {
                uint c = this[2 * x, 2 * y];
                if (this[2 * x + 1, 2 * y] != c || this[2 * x, 2 * y + 1] != c || this[2 * x + 1, 2 * y + 1] != c)
                    throw new InvalidDataException($"pixel block at ({2 * x}, {2 * y}) is not one colour");
                pixels[y * (Width / 2) + x] = c;
            }
        }
        return new RgbImage(Width / 2, Height / 2, pixels);
    }
}
