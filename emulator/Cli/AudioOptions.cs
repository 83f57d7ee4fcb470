using System.CommandLine;

namespace PcEmu.Cli;

/// <summary>
/// The audio options of <c>pcemu run</c>: <c>--speaker-wav PATH</c> records the PC speaker to a
/// 16-bit mono WAV file (QEMU: <c>-audiodev wav,id=s,path=PATH -machine pcspk-audiodev=s</c>).
/// The samples follow virtual time, so a deterministic run writes the same file every time.
/// </summary>
public sealed class AudioOptions
{
    private readonly Option<string?> _speakerWav = new("--speaker-wav")
    {
        Description = "Record the PC speaker (PIT counter 2 gated by port 0x61) to a 44.1 kHz 16-bit mono WAV file; its length is the run's virtual time.",
        HelpName = "PATH",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_speakerWav);
        _speakerWav.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: 0 })
                result.AddError("--speaker-wav needs a file name");
        });
    }

    public string? SpeakerWav(ParseResult result) => result.GetValue(_speakerWav);
}
