using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PcEmu.Cli;

/// <summary>The options of <c>pcemu run</c>, each validated while parsing.</summary>
internal sealed class RunOptions
{
    private readonly Option<string> _kernel = new("--kernel")
    {
        Description = "The multiboot (v1) kernel: an ELF32 i386 executable or an a.out-kludge image.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<string[]> _modules = new("--module")
    {
        Description = "A multiboot module, loaded page-aligned after the kernel; ARGS follow the file name in its string. Repeatable.",
        HelpName = "FILE[,ARGS]",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _memory = new("--memory", "-m")
    {
        Description = "RAM size with an optional K, M or G suffix; a bare number means MiB.",
        HelpName = "SIZE",
        DefaultValueFactory = _ => "128M",
    };

    private readonly Option<string> _debugcon = new("--debugcon")
    {
        Description = "Where bytes written to the 0xE9 debug console go: stderr, file:PATH or none.",
        HelpName = "stderr|file:PATH|none",
        DefaultValueFactory = _ => "none",
    };

    private readonly Option<ulong?> _maxInstructions = new("--max-instructions")
    {
        Description = "Stop after N instructions (exit code 4).",
        HelpName = "N",
        CustomParser = ParseCount,
    };

    private readonly Option<string> _cmdline = new("--cmdline")
    {
        Description = "The kernel command line; the guest sees it after the kernel's file name, as with QEMU's -append.",
        HelpName = "STRING",
        DefaultValueFactory = _ => "",
    };

    private readonly Option<bool> _stats = new("--stats")
    {
        Description = "Print retired instructions and instructions per second to standard error at exit.",
    };

    private readonly DriveOptions _driveOptions = new();

    private readonly PlatformOptions _platformOptions = new();

    private readonly DisplayOptions _displayOptions = new();

    private readonly NetworkOptions _networkOptions = new();

    private readonly AudioOptions _audioOptions = new();

    public Command CreateCommand(Func<RunSettings, int> action)
    {
        Command command = new("run", "Boot a multiboot kernel headless.\n\n" + ExitCodes.HelpText)
        {
            _kernel, _modules, _memory, _debugcon, _maxInstructions, _cmdline, _stats,
        };
        _driveOptions.AddTo(command);
        _platformOptions.AddTo(command);
        _displayOptions.AddTo(command);
        _networkOptions.AddTo(command);
        _audioOptions.AddTo(command);
        _memory.Validators.Add(result => Validate(result, (string s, out string e) => SizeParser.TryParseMemorySize(s, out _, out e)));
        _debugcon.Validators.Add(result => Validate(result, (string s, out string e) => BackendSpec.TryParse(s, allowStdio: false, out _, out e)));
        command.SetAction(result => action(new RunSettings(
            Kernel: result.GetValue(_kernel)!,
            Modules: result.GetValue(_modules) ?? Array.Empty<string>(),
            MemoryBytes: ParseValid<uint>(result.GetValue(_memory)!, (string s, out uint v, out string e) => SizeParser.TryParseMemorySize(s, out v, out e)),
            DebugConsole: ParseValid<BackendSpec>(result.GetValue(_debugcon)!, (string s, out BackendSpec v, out string e) => BackendSpec.TryParse(s, false, out v, out e)),
            MaxInstructions: result.GetValue(_maxInstructions),
            CommandLine: result.GetValue(_cmdline) ?? "",
            Stats: result.GetValue(_stats))
        {
            Drives = _driveOptions.Read(result),
            SnapshotAll = _driveOptions.Snapshot(result),
            SerialPorts = _platformOptions.SerialPorts(result),
            Realtime = _platformOptions.Realtime(result),
            RtcStart = _platformOptions.RtcStart(result),
            NoReboot = _platformOptions.NoReboot(result),
            Display = _displayOptions.Adapter(result),
            Screenshot = _displayOptions.Screenshot(result),
            Nics = _networkOptions.Read(result),
            SpeakerWav = _audioOptions.SpeakerWav(result),
        }));
        return command;
    }

    private delegate bool Checker(string text, out string error);

    private delegate bool Parser<T>(string text, out T value, out string error);

    private static void Validate(OptionResult result, Checker check)
    {
        string? text = result.GetValueOrDefault<string>();
        if (text is not null && !check(text, out string error))
            result.AddError(error);
    }

    /// <summary>Parses a value the validators already accepted.</summary>
    private static T ParseValid<T>(string text, Parser<T> parse) =>
        parse(text, out T value, out string error) ? value : throw new InvalidOperationException(error);

    private static ulong? ParseCount(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ulong.TryParse(text.Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out ulong count) && count > 0)
            return count;
        result.AddError($"invalid instruction count '{text}' (expected a positive whole number)");
        return null;
    }
}

/// <summary>The parsed, validated arguments of <c>pcemu run</c>.</summary>
internal sealed record RunSettings(
    string Kernel,
    IReadOnlyList<string> Modules,
    uint MemoryBytes,
    BackendSpec DebugConsole,
    ulong? MaxInstructions,
    string CommandLine,
    bool Stats)
{
    /// <summary>The IDE drives (--hda, --hdb, --cdrom, --drive), in the order QEMU assigns units.</summary>
    public IReadOnlyList<DriveSpec> Drives { get; init; } = Array.Empty<DriveSpec>();

    /// <summary>--snapshot: every hard disk under a temporary overlay.</summary>
    public bool SnapshotAll { get; init; }

    /// <summary>--serial, in QEMU's order: COM1 first, then COM2-COM4.</summary>
    public IReadOnlyList<BackendSpec> SerialPorts { get; init; } = new[] { new BackendSpec(BackendKind.Stdio) };

    /// <summary>--realtime: virtual time paced to the host clock.</summary>
    public bool Realtime { get; init; }

    /// <summary>--rtc-start: what the RTC shows at power-on (null: the machine's default).</summary>
    public DateTime? RtcStart { get; init; }

    /// <summary>--no-reboot: a guest reset or triple fault ends the run instead of rebooting.</summary>
    public bool NoReboot { get; init; }

    /// <summary>--vga: the video card.</summary>
    public Machine.DisplayAdapter Display { get; init; } = Machine.DisplayAdapter.Std;

    /// <summary>--screenshot: where to write a PNG of the screen when the run ends (null: none).</summary>
    public string? Screenshot { get; init; }

    /// <summary>--nic: the network cards, in PCI slot order.</summary>
    public IReadOnlyList<NicSpec> Nics { get; init; } = Array.Empty<NicSpec>();

    /// <summary>--speaker-wav: where to record the PC speaker (null: nowhere).</summary>
    public string? SpeakerWav { get; init; }
}
