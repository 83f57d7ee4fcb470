using System.CommandLine;
using System.CommandLine.Parsing;
using PcEmu.Machine;

namespace PcEmu.Cli;

/// <summary>
/// The display options of <c>pcemu run</c>: <c>--vga std|none</c> (QEMU's <c>-vga</c>; std is
/// the default) and <c>--screenshot PATH</c>, a PNG of the screen as it is when the run ends.
/// </summary>
public sealed class DisplayOptions
{
    private readonly Option<string> _vga = new("--vga")
    {
        Description = "The video card: std (the Bochs/QEMU standard VGA with VBE, PCI 1234:1111; default) or none.",
        HelpName = "std|none",
        DefaultValueFactory = _ => "std",
    };

    private readonly Option<string?> _screenshot = new("--screenshot")
    {
        Description = "Write a PNG of the screen as the run ends (text modes at 9 or 8 dots per character, graphics at the mode's own resolution).",
        HelpName = "PATH",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_vga);
        command.Options.Add(_screenshot);
        _vga.Validators.Add(result =>
        {
            if (!TryParseAdapter(result.GetValueOrDefault<string>() ?? "", out _))
                result.AddError($"invalid --vga '{result.GetValueOrDefault<string>()}' (expected std or none)");
        });
        command.Validators.Add(result =>
        {
            string? screenshot = result.GetValue(_screenshot);
            if (screenshot is null)
                return;
            if (screenshot.Length == 0)
                result.AddError("--screenshot needs a file name");
            else if (TryParseAdapter(result.GetValue(_vga) ?? "std", out DisplayAdapter adapter) && adapter == DisplayAdapter.None)
                result.AddError("--screenshot needs a video card (not --vga none)");
        });
    }

    public DisplayAdapter Adapter(ParseResult result) =>
        TryParseAdapter(result.GetValue(_vga) ?? "std", out DisplayAdapter adapter) ? adapter : DisplayAdapter.Std;

    public string? Screenshot(ParseResult result) => result.GetValue(_screenshot);

    private static bool TryParseAdapter(string text, out DisplayAdapter adapter)
    {
        switch (text)
        {
            case "std":
                adapter = DisplayAdapter.Std;
                return true;
            case "none":
                adapter = DisplayAdapter.None;
                return true;
            default:
                adapter = DisplayAdapter.Std;
                return false;
        }
    }
}
