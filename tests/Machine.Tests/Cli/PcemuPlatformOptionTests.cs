using System.Net.Sockets;
using System.Text;
using PcEmu.Cli;
using PcEmu.Machine.Tests.Support;

namespace PcEmu.Machine.Tests.Cli;

/// <summary><c>pcemu run</c>'s motherboard options: repeatable --serial (COM1-COM4, TCP server), --realtime, --rtc-start, --no-reboot.</summary>
public sealed class PcemuPlatformOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-cli-platform-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => PcemuInProcess.Run(args);

    [Theory]
    [InlineData("--serial", "tcp:10.1.2.3:5555,server", "loopback")]
    [InlineData("--serial", "tcp:127.0.0.1:5555", "server mode")]
    [InlineData("--serial", "tcp:127.0.0.1:http,server", "tcp:HOST:PORT")]
    [InlineData("--serial", "tcp:127.0.0.1:5555,server,telnet", "unknown option")]
    [InlineData("--rtc-start", "2024-13-01", "invalid RTC start")]
    [InlineData("--rtc-start", "1850-01-01", "invalid RTC start")]
    public void BadValuesAreUsageErrors(string option, string value, string fragment)
    {
        var (code, _, stderr) = Run("run", "--kernel", "k.elf", option, value);
        Assert.Equal(2, code);
        Assert.Contains(fragment, stderr);
    }

    [Fact]
    public void AtMostFourSerialPortsAndOneOnStdio()
    {
        var (five, _, fiveErr) = Run("run", "--kernel", "k.elf", "--serial", "none", "--serial", "none", "--serial", "none", "--serial", "none", "--serial", "none");
        var (twoStdio, _, stdioErr) = Run("run", "--kernel", "k.elf", "--serial", "stdio", "--serial", "stdio");

        Assert.Equal(2, five);
        Assert.Contains("at most 4", fiveErr);
        Assert.Equal(2, twoStdio);
        Assert.Contains("only one", stdioErr);
    }

    [Fact]
    public void SecondSerialOptionIsCom2()
    {
        string kernel = WriteFile("com2.elf", TestKernels.PrintAndExit("two\n", 0x10, port: 0x2F8));
        string log = Path.Combine(_dir, "com2.log");

        var (code, stdout, _) = Run("run", "--kernel", kernel, "--serial", "stdio", "--serial", "file:" + log);

        Assert.Equal(0x21, code);
        Assert.Empty(stdout);
        Assert.Equal("two\n", File.ReadAllText(log));
    }

    [Fact]
    public void Com4IsAt0x2E8WhenFourPortsAreGiven()
    {
        string kernel = WriteFile("com4.elf", TestKernels.PrintAndExit("four\n", 0x10, port: 0x2E8));
        string log = Path.Combine(_dir, "com4.log");

        var (code, _, _) = Run("run", "--kernel", kernel, "--serial", "none", "--serial", "none", "--serial", "none", "--serial", "file:" + log);

        Assert.Equal(0x21, code);
        Assert.Equal("four\n", File.ReadAllText(log));
    }

    [Fact]
    public async Task TcpServerWaitsForItsClientAndCarriesTheOutput()
    {
        string kernel = WriteFile("tcp.elf", TestKernels.PrintAndExit("over tcp\n", 0x10));
        int port = FreeLoopbackPort();
        Task<(int Code, string Stdout, string Stderr)> run = Task.Run(() => Run("run", "--kernel", kernel, "--serial", $"tcp:127.0.0.1:{port},server"));

        using TcpClient client = ConnectWithRetry(port);
        using StreamReader reader = new(client.GetStream(), Encoding.Latin1);
        string received = reader.ReadToEnd(); // the server closes the connection at exit

        var (code, _, stderr) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0x21, code);
        Assert.Equal("over tcp\n", received);
        Assert.Contains($"COM1: waiting for a connection on tcp:127.0.0.1:{port}", stderr);
    }

    [Fact]
    public void TripleFaultRebootsTheKernelUnlessNoReboot()
    {
        string kernel = WriteFile("tf.elf", TestKernels.TripleFault());

        var (rebootCode, _, rebootErr) = Run("run", "--kernel", kernel, "--max-instructions", "10");
        var (stopCode, _, stopErr) = Run("run", "--kernel", kernel, "--max-instructions", "10", "--no-reboot");

        Assert.Equal(4, rebootCode); // rebooted until the instruction budget ran out
        Assert.True(rebootErr.Split('\n').Count(l => l.Contains("triple fault") && l.Contains("rebooting")) >= 3, rebootErr);
        Assert.Equal(3, stopCode);
        Assert.DoesNotContain("rebooting", stopErr);
    }

    [Fact]
    public void RealtimeAndRtcStartAreAccepted()
    {
        string kernel = WriteFile("ok.elf", TestKernels.PrintAndExit("OK\n", 0x10));

        var (code, stdout, _) = Run("run", "--kernel", kernel, "--realtime", "--rtc-start", "2024-01-01T12:00:00");

        Assert.Equal(0x21, code);
        Assert.Equal("OK\n", stdout);
    }

    [Theory]
    [InlineData("2024-01-01T12:30:05", 2024, 1, 1, 12, 30, 5)]
    [InlineData("1999-12-31", 1999, 12, 31, 0, 0, 0)]
    public void RtcStartParsesIsoDates(string text, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(PlatformOptions.TryParseRtcStart(text, out DateTime? start, out _));
        Assert.Equal(new DateTime(year, month, day, hour, minute, second), start);
    }

    private static int FreeLoopbackPort()
    {
        TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static TcpClient ConnectWithRetry(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new TcpClient("127.0.0.1", port);
            }
            catch (SocketException) when (attempt < 400)
            {
                Thread.Sleep(50);
            }
        }
    }
}
