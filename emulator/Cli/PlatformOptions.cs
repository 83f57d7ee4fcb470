using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PcEmu.Cli;

/// <summary>
/// The motherboard options of <c>pcemu run</c>, spelt as QEMU's: <c>--serial</c> (repeatable:
/// the first is COM1, then COM2-COM4), <c>--realtime</c>, <c>--rtc-start</c> and <c>--no-reboot</c>.
/// </summary>
public sealed class PlatformOptions
{
    public const int MaxSerialPorts = 4;

    private readonly Option<string[]> _serial = new("--serial")
    {
        Description = "A serial port's host end, in QEMU's order: the first is COM1 (0x3F8, IRQ 4), then COM2 (0x2F8, IRQ 3), COM3 (0x3E8, IRQ 4), COM4 (0x2E8, IRQ 3). " +
            "stdio (raw bytes on standard output, standard input to the guest), file:PATH, tcp:127.0.0.1:PORT,server[,wait=off], stderr or none. Repeatable; default: COM1 on stdio.",
        HelpName = "stdio|file:PATH|tcp:HOST:PORT,server",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _realtime = new("--realtime")
    {
        Description = "Pace virtual time to the host clock (interactive use); a halted guest sleeps. Default: deterministic time from retired instructions.",
    };

    private readonly Option<string?> _rtcStart = new("--rtc-start")
    {
        Description = "What the RTC shows at power-on: utc or localtime (the host's clock now), or a date and time such as 2024-01-01T00:00:00. " +
            "Default: a fixed start in deterministic mode, the host's local time with --realtime.",
        HelpName = "utc|localtime|DATETIME",
    };

    private readonly Option<bool> _noReboot = new("--no-reboot")
    {
        Description = "Exit (code 3) when the guest resets the machine or triple-faults, instead of rebooting and reloading the kernel (QEMU's -no-reboot).",
    };

    internal void AddTo(Command command)
    {
        command.Options.Add(_serial);
        command.Options.Add(_realtime);
        command.Options.Add(_rtcStart);
        command.Options.Add(_noReboot);
        _serial.Validators.Add(ValidateSerial);
        _rtcStart.Validators.Add(result =>
        {
            string? text = result.GetValueOrDefault<string?>();
            if (text is not null && !TryParseRtcStart(text, out _, out string error))
                result.AddError(error);
        });
    }

    /// <summary>The serial back ends, COM1 first; COM1 on stdio when none was given.</summary>
    internal IReadOnlyList<BackendSpec> SerialPorts(ParseResult result)
    {
        string[] texts = result.GetValue(_serial) ?? Array.Empty<string>();
        if (texts.Length == 0)
            return new[] { new BackendSpec(BackendKind.Stdio) };
        return texts.Select(t => BackendSpec.TryParse(t, allowStdio: true, out BackendSpec spec, out string error) ? spec : throw new InvalidOperationException(error)).ToArray();
    }

    internal bool Realtime(ParseResult result) => result.GetValue(_realtime);

    internal bool NoReboot(ParseResult result) => result.GetValue(_noReboot);

    internal DateTime? RtcStart(ParseResult result) =>
        result.GetValue(_rtcStart) is { } text && TryParseRtcStart(text, out DateTime? start, out _) ? start : null;

    /// <summary>QEMU's <c>-rtc base=</c> values: utc, localtime, or a date (time optional) in ISO 8601 form.</summary>
    public static bool TryParseRtcStart(string text, out DateTime? start, out string error)
    {
        error = "";
        start = text switch
        {
            "utc" => DateTime.UtcNow,
            "localtime" or "now" => DateTime.Now,
            _ => null,
        };
        if (start is not null)
            return true;
        string[] formats = { "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd" };
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed)
            && parsed.Year >= 1900 && parsed.Year <= 2099)
        {
            start = parsed;
            return true;
        }
        error = $"invalid RTC start '{text}' (expected utc, localtime, or a date such as 2024-01-01T00:00:00 between 1900 and 2099)";
        return false;
    }

    private static void ValidateSerial(OptionResult result)
    {
        string[] texts = result.GetValueOrDefault<string[]>() ?? Array.Empty<string>();
        if (texts.Length > MaxSerialPorts)
        {
            result.AddError($"--serial: at most {MaxSerialPorts} serial ports (COM1-COM4), {texts.Length} given");
            return;
        }
        int stdio = 0;
        foreach (string text in texts)
        {
            if (!BackendSpec.TryParse(text, allowStdio: true, out BackendSpec spec, out string error))
            {
                result.AddError("--serial: " + error);
                return;
            }
            if (spec.Kind == BackendKind.Stdio)
                stdio++;
        }
        if (stdio > 1)
            result.AddError("--serial: stdio can carry only one serial port");
    }
}
