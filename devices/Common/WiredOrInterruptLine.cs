using PcEmu.Memory;

namespace PcEmu.Devices.Common;

/// <summary>
/// Several devices on one interrupt wire (COM1 and COM3 on IRQ 4): the wire is asserted while
/// any of them asserts it, so one device lowering its request never hides another's. Each
/// device gets its own input from <see cref="NewInput"/>.
/// </summary>
public sealed class WiredOrInterruptLine
{
    private readonly IInterruptLine _output;
    private readonly List<bool> _levels = new();

    public WiredOrInterruptLine(IInterruptLine output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>True while any input is asserted.</summary>
    public bool Level { get; private set; }

    /// <summary>A new driver of the wire, initially deasserted.</summary>
    public IInterruptLine NewInput()
    {
        _levels.Add(false);
        return new Input(this, _levels.Count - 1);
    }

    private void Set(int index, bool level)
    {
        _levels[index] = level;
        bool any = _levels.Contains(true);
        if (any == Level)
            return;
        Level = any;
        _output.Set(any);
    }

    private sealed class Input(WiredOrInterruptLine owner, int index) : IInterruptLine
    {
        public void Set(bool level) => owner.Set(index, level);
    }
}
