namespace PcEmu.Devices.Pic;

/// <summary>
/// A snapshot of a <see cref="Pic8259"/>. <see cref="Version"/> grows when fields are added;
/// a field added later must name its version in its doc comment.
/// </summary>
public sealed record Pic8259State(
    int Version,
    byte Irr,
    byte Isr,
    byte Imr,
    byte Pins,
    byte LevelTriggered,
    byte VectorBase,
    byte Icw3,
    int HighestPriorityLine,
    int InitState,
    bool Icw4Needed,
    bool SingleMode,
    bool AutoEoi,
    bool RotateInAutoEoi,
    bool SpecialFullyNested,
    bool SpecialMask,
    bool Poll,
    bool ReadIsr)
{
    public const int CurrentVersion = 1;
}

/// <summary>A snapshot of a <see cref="DualPic"/>: both chips and the two ELCR bytes.</summary>
public sealed record DualPicState(int Version, Pic8259State Master, Pic8259State Slave, byte Elcr1, byte Elcr2)
{
    public const int CurrentVersion = 1;
}
