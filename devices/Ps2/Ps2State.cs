namespace PcEmu.Devices.Ps2;

/// <summary>A snapshot of a <see cref="Ps2Keyboard"/>. <see cref="Version"/> grows when fields are added.</summary>
public sealed record Ps2KeyboardState(
    int Version,
    byte Leds,
    bool ScanningEnabled,
    int ScanCodeSet,
    byte Typematic,
    byte PendingCommand,
    byte[] Queue)
{
    public const int CurrentVersion = 1;
}

/// <summary>A snapshot of a <see cref="Ps2Mouse"/>.</summary>
public sealed record Ps2MouseState(
    int Version,
    bool ReportingEnabled,
    bool RemoteMode,
    bool WrapMode,
    bool Scaling2To1,
    byte Resolution,
    byte SampleRate,
    byte DeviceId,
    PcMouseButtons Buttons,
    int PendingDx,
    int PendingDy,
    int PendingWheel,
    byte PendingCommand,
    byte[] RecentSampleRates,
    byte[] Queue)
{
    public const int CurrentVersion = 1;
}

/// <summary>A snapshot of an <see cref="I8042Controller"/> with its two devices.</summary>
public sealed record I8042State(
    int Version,
    byte Status,
    byte OutputBuffer,
    byte[] Ram,
    byte OutputPort,
    byte PendingCommand,
    bool PendingBreak,
    byte[] ControllerQueue,
    bool[] ControllerQueueIsAux,
    Ps2KeyboardState Keyboard,
    Ps2MouseState Mouse)
{
    public const int CurrentVersion = 1;
}
