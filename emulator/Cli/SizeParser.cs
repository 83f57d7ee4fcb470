using System.Globalization;

namespace PcEmu.Cli;

/// <summary>
/// Memory sizes as QEMU's <c>-m</c> takes them: a number with an optional K, M or G suffix
/// (binary units, case-insensitive, an optional trailing "B" or "iB"); a bare number means MiB.
/// </summary>
public static class SizeParser
{
    public const ulong MinimumBytes = 1024 * 1024;

    /// <summary>The largest RAM a managed byte array holds, rounded down to whole MiB.</summary>
    public const ulong MaximumBytes = 2047UL * 1024 * 1024;

    public static bool TryParseMemorySize(string text, out uint bytes, out string error)
    {
        bytes = 0;
        string s = text.Trim();
        if (s.EndsWith("iB", StringComparison.OrdinalIgnoreCase))
            s = s[..^2];
        else if (s.Length > 1 && s.EndsWith("B", StringComparison.OrdinalIgnoreCase) && char.IsLetter(s[^2]))
            s = s[..^1];
        ulong unit = 1024 * 1024;
        if (s.Length > 0 && char.IsLetter(s[^1]))
        {
            unit = char.ToUpperInvariant(s[^1]) switch
            {
                'K' => 1024UL,
                'M' => 1024UL * 1024,
                'G' => 1024UL * 1024 * 1024,
                _ => 0,
            };
            s = s[..^1];
        }
        if (unit == 0 || !ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong count))
        {
            error = $"invalid memory size '{text}' (expected a number with an optional K, M or G suffix, e.g. 128M)";
            return false;
        }
        ulong total = count > MaximumBytes ? ulong.MaxValue : count * unit;
        if (total < MinimumBytes || total > MaximumBytes)
        {
            error = $"memory size '{text}' is out of range (1M to 2047M)";
            return false;
        }
        if (total % 4096 != 0)
        {
            error = $"memory size '{text}' is not a whole number of 4 KiB pages";
            return false;
        }
        bytes = (uint)total;
        error = "";
        return true;
    }
}
