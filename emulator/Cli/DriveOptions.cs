using System.CommandLine;
using System.CommandLine.Parsing;

namespace PcEmu.Cli;

/// <summary>
/// The disk options of <c>pcemu run</c>, spelt as QEMU's: <c>--hda</c>, <c>--hdb</c>,
/// <c>--cdrom</c>, <c>--drive file=F,if=ide,index=N,media=disk|cdrom,format=raw,readonly=on,
/// snapshot=on|overlay=PATH</c> (repeatable) and <c>--snapshot</c>.
/// </summary>
internal sealed class DriveOptions
{
    private readonly Option<string?> _hda = new("--hda")
    {
        Description = "Raw image for the primary master hard disk (IDE unit 0), written through.",
        HelpName = "FILE",
    };

    private readonly Option<string?> _hdb = new("--hdb")
    {
        Description = "Raw image for the primary slave hard disk (IDE unit 1).",
        HelpName = "FILE",
    };

    private readonly Option<string?> _cdrom = new("--cdrom")
    {
        Description = "ISO 9660 image for the ATAPI CD-ROM (secondary master, IDE unit 2).",
        HelpName = "FILE",
    };

    private readonly Option<string[]> _drives = new("--drive")
    {
        Description = "An IDE drive as QEMU's -drive: file=F[,if=ide][,index=0-3][,media=disk|cdrom][,format=raw][,readonly=on][,snapshot=on|,overlay=PATH]. Repeatable.",
        HelpName = "file=F,...",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _snapshot = new("--snapshot")
    {
        Description = "Write every hard disk's changes to a temporary overlay that is dropped at exit (the images stay untouched).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_hda);
        command.Options.Add(_hdb);
        command.Options.Add(_cdrom);
        command.Options.Add(_drives);
        command.Options.Add(_snapshot);
        _drives.Validators.Add(ValidateDrives);
        command.Validators.Add(result =>
        {
            List<DriveSpec> drives = Collect(result.GetValue(_hda), result.GetValue(_hdb), result.GetValue(_cdrom), result.GetValue(_drives));
            if (!DriveSpec.AssignIndexes(drives, out _, out string error))
                result.AddError(error);
        });
    }

    /// <summary>The drives in the order QEMU assigns units: -hda, -hdb, -cdrom, then each --drive.</summary>
    public IReadOnlyList<DriveSpec> Read(ParseResult result) =>
        Collect(result.GetValue(_hda), result.GetValue(_hdb), result.GetValue(_cdrom), result.GetValue(_drives));

    public bool Snapshot(ParseResult result) => result.GetValue(_snapshot);

    private static List<DriveSpec> Collect(string? hda, string? hdb, string? cdrom, string[]? driveTexts)
    {
        List<DriveSpec> drives = new();
        if (hda is not null)
            drives.Add(new DriveSpec(hda, 0, DriveMedia.Disk, Option: "--hda"));
        if (hdb is not null)
            drives.Add(new DriveSpec(hdb, 1, DriveMedia.Disk, Option: "--hdb"));
        if (cdrom is not null)
            drives.Add(new DriveSpec(cdrom, 2, DriveMedia.Cdrom, Option: "--cdrom"));
        foreach (string text in driveTexts ?? Array.Empty<string>())
        {
            if (DriveSpec.TryParse(text, out DriveSpec spec, out _))
                drives.Add(spec);
        }
        return drives;
    }

    private static void ValidateDrives(OptionResult result)
    {
        foreach (string text in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
        {
            if (!DriveSpec.TryParse(text, out _, out string error))
            {
                result.AddError(error);
                return;
            }
        }
    }
}
