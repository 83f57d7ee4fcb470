using System.Text;
using PcEmu.Cli;
using PcEmu.Machine.Tests.Support;

namespace PcEmu.Machine.Tests.Cli;

/// <summary>Runs the <c>pcemu</c> entry point in-process with captured streams.</summary>
public sealed class PcemuCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => PcemuInProcess.Run(args);

    private static void AssertOneErrorLine(string stderr, string fragment)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("pcemu: ", lines[0]);
        Assert.Contains(fragment, lines[0]);
    }

    [Fact]
    public void UnknownFlagIsAUsageError()
    {
        var (code, stdout, stderr) = Run("run", "--kernel", "k.elf", "--frobnicate");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        AssertOneErrorLine(stderr, "--frobnicate");
    }

    [Fact]
    public void MissingKernelOptionIsAUsageError()
    {
        var (code, _, stderr) = Run("run");
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "--kernel");
    }

    [Theory]
    [InlineData("--memory", "12Q", "invalid memory size")]
    [InlineData("--memory", "512K", "out of range")]
    [InlineData("--serial", "telnet:1234", "invalid back end")]
    [InlineData("--max-instructions", "lots", "invalid instruction count")]
    public void BadOptionValuesAreUsageErrors(string option, string value, string fragment)
    {
        var (code, _, stderr) = Run("run", "--kernel", "k.elf", option, value);
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, fragment);
    }

    [Fact]
    public void MissingKernelFileIsReported()
    {
        var (code, _, stderr) = Run("run", "--kernel", Path.Combine(_dir, "absent.elf"));
        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "not found");
    }

    [Fact]
    public void MalformedImageIsReportedOnOneLine()
    {
        string kernel = WriteFile("junk.elf", Encoding.ASCII.GetBytes("this is not a kernel"));
        var (code, stdout, stderr) = Run("run", "--kernel", kernel);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        AssertOneErrorLine(stderr, "no multiboot header");
    }

    [Fact]
    public void GuestOutputIsAllThatReachesStdoutAndItsExitCodeIsReturned()
    {
        string kernel = WriteFile("ok.elf", TestKernels.PrintAndExit("OK\n", 0x10));
        var (code, stdout, stderr) = Run("run", "--kernel", kernel, "--memory", "16M");
        Assert.Equal(0x21, code);
        Assert.Equal("OK\n", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void SerialCanGoToAFile()
    {
        string kernel = WriteFile("ok.elf", TestKernels.PrintAndExit("file\n", 0x10));
        string log = Path.Combine(_dir, "serial.log");
        var (code, stdout, _) = Run("run", "--kernel", kernel, "--serial", "file:" + log);
        Assert.Equal(0x21, code);
        Assert.Empty(stdout);
        Assert.Equal("file\n", File.ReadAllText(log));
    }

    [Fact]
    public void InstructionLimitExitsWithFour()
    {
        string kernel = WriteFile("spin.elf", TestKernels.Spin());
        var (code, _, stderr) = Run("run", "--kernel", kernel, "--max-instructions", "1000", "--memory", "2M");
        Assert.Equal(4, code);
        AssertOneErrorLine(stderr, "instruction limit");
    }

    [Fact]
    public void TripleFaultExitsWithThreeAndOneLine()
    {
        string kernel = WriteFile("tf.elf", TestKernels.TripleFault());
        var (code, _, stderr) = Run("run", "--kernel", kernel, "--max-instructions", "100000", "--no-reboot");
        Assert.Equal(3, code);
        AssertOneErrorLine(stderr, "pcemu: ");
    }

    [Fact]
    public void StatsGoToStderr()
    {
        string kernel = WriteFile("ok.elf", TestKernels.PrintAndExit("OK\n", 0x10));
        var (code, stdout, stderr) = Run("run", "--kernel", kernel, "--stats");
        Assert.Equal(0x21, code);
        Assert.Equal("OK\n", stdout);
        AssertOneErrorLine(stderr, "instructions in");
    }

    [Fact]
    public void HelpDocumentsTheExitCodes()
    {
        var (code, stdout, _) = Run("run", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Exit codes", stdout);
        Assert.Contains("triple fault", stdout);
    }

    [Theory]
    [InlineData("128M", 128u * 1024 * 1024)]
    [InlineData("128", 128u * 1024 * 1024)]
    [InlineData("1G", 1024u * 1024 * 1024)]
    [InlineData("2048k", 2u * 1024 * 1024)]
    [InlineData("64MiB", 64u * 1024 * 1024)]
    public void MemorySizesAcceptSuffixes(string text, uint expected)
    {
        Assert.True(SizeParser.TryParseMemorySize(text, out uint bytes, out _));
        Assert.Equal(expected, bytes);
    }
}
