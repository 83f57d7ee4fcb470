namespace PcEmu.Devices.Uart;

/// <summary>
/// A snapshot of a <see cref="Uart16550"/>. <see cref="Version"/> grows when fields are
/// added; a field added later must name its version in its doc comment.
/// </summary>
public sealed record Uart16550State(
    int Version,
    ushort Divisor,
    byte Ier,
    byte Lcr,
    byte Mcr,
    byte Fcr,
    byte LineErrors,
    byte MsrDelta,
    byte ExternalModemLines,
    byte Scratch,
    byte LastReceived,
    bool FifosEnabled,
    bool ThrInterruptPending,
    bool TimeoutPending,
    long LastReceiveActivityNs,
    byte[] ReceiveFifo)
{
    public const int CurrentVersion = 1;
}
