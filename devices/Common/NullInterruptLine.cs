using PcEmu.Memory;

namespace PcEmu.Devices.Common;

/// <summary>An interrupt line connected to nothing (a device whose IRQ is not wired yet).</summary>
public sealed class NullInterruptLine : IInterruptLine
{
    public static readonly NullInterruptLine Instance = new();

    private NullInterruptLine()
    {
    }

    public void Set(bool level)
    {
    }
}
