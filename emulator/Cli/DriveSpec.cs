namespace PcEmu.Cli;

/// <summary>What a drive slot holds: a hard disk or an ATAPI CD-ROM.</summary>
public enum DriveMedia
{
    Disk,
    Cdrom,
}

/// <summary>
/// One IDE drive as QEMU's <c>-drive if=ide,...</c> describes it. <see cref="Index"/> is the
/// IDE unit: 0 primary master (<c>-hda</c>), 1 primary slave (<c>-hdb</c>), 2 secondary master
/// (<c>-cdrom</c>), 3 secondary slave; null lets <see cref="DriveSpec.AssignIndexes"/> pick the
/// first free one, as QEMU does. <see cref="Option"/> names the flag, for messages.
/// </summary>
public sealed record DriveSpec(
    string File,
    int? Index,
    DriveMedia Media,
    bool ReadOnly = false,
    bool Snapshot = false,
    string? Overlay = null,
    string Option = "--drive")
{
    public const int IdeUnits = 4;

    /// <summary>
    /// Parses the value of <c>--drive</c>: comma-separated <c>key=value</c> pairs (a doubled comma
    /// stands for a comma inside a value, as in QEMU). Keys: file (required), if=ide, index=0..3,
    /// media=disk|cdrom, format=raw, readonly=on|off, snapshot=on|off, overlay=PATH.
    /// </summary>
    public static bool TryParse(string text, out DriveSpec spec, out string error)
    {
        spec = new DriveSpec("", null, DriveMedia.Disk);
        string? file = null, overlay = null;
        int? index = null;
        DriveMedia media = DriveMedia.Disk;
        bool readOnly = false, snapshot = false;
        foreach (string pair in SplitPairs(text))
        {
            int equals = pair.IndexOf('=');
            string key = equals < 0 ? pair : pair[..equals];
            string value = equals < 0 ? "" : pair[(equals + 1)..];
            string? problem = key switch
            {
                "file" => SetText(value, ref file),
                "if" => value == "ide" ? null : $"interface '{value}' is not supported (pcemu has IDE only: if=ide)",
                "index" => ParseIndex(value, ref index),
                "media" => ParseMedia(value, ref media),
                "format" => value == "raw" ? null : $"format '{value}' is not supported (raw images only: format=raw)",
                "readonly" => ParseSwitch(key, value, ref readOnly),
                "snapshot" => ParseSwitch(key, value, ref snapshot),
                "overlay" => SetText(value, ref overlay),
                _ => $"unknown key '{key}' (expected file, if, index, media, format, readonly, snapshot or overlay)",
            };
            if (problem is not null)
            {
                error = $"invalid drive '{text}': {problem}";
                return false;
            }
        }
        if (string.IsNullOrEmpty(file))
        {
            error = $"invalid drive '{text}': no file=PATH";
            return false;
        }
        spec = new DriveSpec(file, index, media, readOnly, snapshot, overlay);
        error = Conflict(spec) is { } conflict ? $"invalid drive '{text}': {conflict}" : "";
        return error.Length == 0;
    }

    /// <summary>Gives every drive without an index the first free unit, in order; reports a unit used twice.</summary>
    public static bool AssignIndexes(IReadOnlyList<DriveSpec> drives, out List<DriveSpec> assigned, out string error)
    {
        assigned = new List<DriveSpec>();
        error = "";
        DriveSpec?[] units = new DriveSpec?[IdeUnits];
        foreach (DriveSpec drive in drives.Where(d => d.Index is not null))
        {
            int unit = drive.Index!.Value;
            if (units[unit] is { } other)
            {
                error = $"{drive.Option} and {other.Option} both use IDE unit {unit} ({UnitName(unit)})";
                return false;
            }
            units[unit] = drive;
        }
        foreach (DriveSpec drive in drives.Where(d => d.Index is null))
        {
            int unit = Array.IndexOf(units, null);
            if (unit < 0)
            {
                error = $"{drive.Option}: all {IdeUnits} IDE units are taken";
                return false;
            }
            units[unit] = drive with { Index = unit };
        }
        assigned.AddRange(units.OfType<DriveSpec>());
        return true;
    }

    public static string UnitName(int unit) => unit switch
    {
        0 => "primary master",
        1 => "primary slave",
        2 => "secondary master",
        _ => "secondary slave",
    };

    private static string? Conflict(DriveSpec spec)
    {
        if (spec.Media == DriveMedia.Cdrom && (spec.Snapshot || spec.Overlay is not null))
            return "a CD-ROM is read-only: snapshot and overlay do not apply";
        if (spec.Overlay is not null && spec.Snapshot)
            return "choose overlay=PATH (kept) or snapshot=on (discarded), not both";
        if (spec.Overlay is not null && spec.ReadOnly)
            return "readonly=on and overlay=PATH contradict each other (the overlay takes the writes)";
        return null;
    }

    private static IEnumerable<string> SplitPairs(string text)
    {
        System.Text.StringBuilder current = new();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != ',')
            {
                current.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else
            {
                yield return current.ToString();
                current.Clear();
            }
        }
        yield return current.ToString();
    }

    private static string? SetText(string value, ref string? target)
    {
        if (value.Length == 0)
            return "an empty path";
        target = value;
        return null;
    }

    private static string? ParseIndex(string value, ref int? index)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int unit) || unit >= IdeUnits)
            return $"index '{value}' is not an IDE unit (0 to {IdeUnits - 1})";
        index = unit;
        return null;
    }

    private static string? ParseMedia(string value, ref DriveMedia media)
    {
        switch (value)
        {
            case "disk":
                media = DriveMedia.Disk;
                return null;
            case "cdrom":
                media = DriveMedia.Cdrom;
                return null;
            default:
                return $"media '{value}' is not disk or cdrom";
        }
    }

    private static string? ParseSwitch(string key, string value, ref bool target)
    {
        switch (value)
        {
            case "on" or "true" or "yes" or "":
                target = true;
                return null;
            case "off" or "false" or "no":
                target = false;
                return null;
            default:
                return $"{key}='{value}' is not on or off";
        }
    }
}
