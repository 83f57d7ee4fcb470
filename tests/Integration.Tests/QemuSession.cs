using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Integration.Tests;

/// <summary>
/// A qemu-system-i386 run that the test talks to while it runs (the interactive counterpart of
/// <see cref="QemuReference"/>, with the same machine: no NIC, no display, debug-exit at 0xF4):
/// COM1 is a TCP server on loopback (<c>-serial tcp:127.0.0.1:PORT,server=on,wait=on</c>, so
/// QEMU starts the guest only once the test is connected and no output is lost), and the human
/// monitor listens on a Unix socket for <c>sendkey</c>.
/// </summary>
public sealed class QemuSession : IDisposable
{
    private readonly Process _process;
    private readonly SerialConnection _serial;
    private readonly Socket _monitor;
    private readonly string _monitorPath;

    private QemuSession(Process process, SerialConnection serial, Socket monitor, string monitorPath)
    {
        _process = process;
        _serial = serial;
        _monitor = monitor;
        _monitorPath = monitorPath;
    }

    public SerialConnection Serial => _serial;

    public static QemuSession Start(string kernel, IEnumerable<string> extraArguments, bool reboot = false)
    {
        int port = FreeLoopbackPort();
        string monitorPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pcemu-qemu-{Guid.NewGuid():N}.sock");
        var start = new ProcessStartInfo("qemu-system-i386") { RedirectStandardOutput = true, RedirectStandardError = true };
        List<string> arguments = new()
        {
            "-nic", "none", "-display", "none", "-m", "128",
            "-serial", $"tcp:127.0.0.1:{port},server=on,wait=on",
            "-monitor", $"unix:{monitorPath},server=on,wait=off",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
            "-kernel", kernel,
        };
        if (!reboot)
            arguments.Add("-no-reboot");
        arguments.AddRange(extraArguments);
        foreach (string arg in arguments)
            start.ArgumentList.Add(arg);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("qemu-system-i386 did not start");
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        try
        {
            // Serial first: QEMU may finish creating its other sockets only once this one has its client.
            SerialConnection serial = Retry(() => SerialConnection.Connect(new IPEndPoint(IPAddress.Loopback, port)), process);
            Socket monitor = Retry(() =>
            {
                Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(monitorPath));
                return socket;
            }, process);
            return new QemuSession(process, serial, monitor, monitorPath);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The monitor's <c>sendkey</c>: the keys of <paramref name="combination"/> (e.g. "shift-h") pressed in order, released in reverse.</summary>
    public void SendKey(string combination) => _monitor.Send(Encoding.ASCII.GetBytes($"sendkey {combination}\n"));

    /// <summary>Waits for QEMU to exit and returns its exit code (the guest's (value &lt;&lt; 1) | 1, or 0 after a reset with -no-reboot).</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"QEMU did not finish; serial so far:\n{_serial.Text}");
        _process.WaitForExit();
        _serial.WaitForEnd(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _serial.Dispose();
        _monitor.Dispose();
        File.Delete(_monitorPath);
    }

    /// <summary>A loopback port that was free a moment ago (the servers under test bind it themselves).</summary>
    public static int FreeLoopbackPort()
    {
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static T Retry<T>(Func<T> connect, Process process)
    {
        Stopwatch watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return connect();
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }
}

/// <summary>The test's end of a serial line carried over TCP: everything received is kept as Latin-1 text.</summary>
public sealed class SerialConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly StringBuilder _received = new();
    private readonly Thread _reader;
    private readonly ManualResetEventSlim _ended = new(false);

    private SerialConnection(TcpClient client)
    {
        _client = client;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "test serial reader" };
        _reader.Start();
    }

    public static SerialConnection Connect(IPEndPoint server)
    {
        TcpClient client = new();
        try
        {
            client.Connect(server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        client.NoDelay = true;
        return new SerialConnection(client);
    }

    public string Text
    {
        get
        {
            lock (_received)
                return _received.ToString();
        }
    }

    public void Send(string text) => _client.GetStream().Write(Encoding.Latin1.GetBytes(text));

    /// <summary>Waits until the received text contains <paramref name="expected"/>.</summary>
    public void WaitFor(string expected, TimeSpan timeout)
    {
        Stopwatch watch = Stopwatch.StartNew();
        while (!Text.Contains(expected, StringComparison.Ordinal))
        {
            if (watch.Elapsed > timeout || _ended.IsSet)
                throw new TimeoutException($"serial never showed '{expected}'; it shows:\n{Text}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Waits until the other end closes the connection.</summary>
    public void WaitForEnd(TimeSpan timeout) => _ended.Wait(timeout);

    public void Dispose()
    {
        _client.Dispose();
        _ended.Wait(TimeSpan.FromSeconds(5));
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[4096];
        try
        {
            NetworkStream stream = _client.GetStream();
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (_received)
                    _received.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            _ended.Set();
        }
    }
}
