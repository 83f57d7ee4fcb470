namespace PcEmu.Devices.Rtc;

/// <summary>
/// A snapshot of a <see cref="Mc146818Rtc"/>: the 128 bytes (time registers and status
/// registers A-C included), the divider chain's origin on the virtual clock and the last
/// 32.768 kHz tick the registers reflect. <see cref="Version"/> grows when fields are added.
/// </summary>
public sealed record Mc146818RtcState(
    int Version,
    byte[] Cmos,
    long DividerOriginNs,
    long LastSyncTick)
{
    public const int CurrentVersion = 1;
}
