namespace PcEmu.Devices.Pit;

/// <summary>
/// A snapshot of a <see cref="Pit8254"/>. <see cref="Version"/> grows when fields are added;
/// a field added later must name its version in its doc comment. Ticks are input-clock
/// ticks since power-on (see <see cref="PitClock"/>).
/// </summary>
public sealed record Pit8254State(int Version, Pit8254ChannelState[] Channels)
{
    public const int CurrentVersion = 1;
}

/// <summary>
/// One counter. <see cref="Control"/> packs M2-M0 (bits 2-0), RW (bits 5-4) and BCD (bit 7).
/// <see cref="Run"/> is 0 idle, 1 running, 2 gated off.
/// </summary>
public sealed record Pit8254ChannelState(
    byte Control,
    int CountRegister,
    bool CountWritten,
    byte WriteLow,
    bool WriteHighNext,
    bool ReadHighNext,
    bool CountLatched,
    int LatchedCount,
    bool LatchHighNext,
    bool StatusLatched,
    byte LatchedStatus,
    bool NullCount,
    bool Gate,
    int Run,
    long Start,
    long Value,
    bool Done,
    int Reload,
    int Offset,
    bool Pending,
    long PendingAt,
    bool PendingLowHalf,
    int FrozenCount,
    bool FrozenOut);
