namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// A snapshot of an <see cref="Rtl8139Chip"/>. <see cref="Version"/> grows when fields are
/// added; a field added later must name its version in its doc comment. Timer counts are
/// stored relative to the clock (<see cref="TctrElapsedNs"/>) so a snapshot moves between runs.
/// </summary>
public sealed record Rtl8139State(
    int Version,
    byte[] Idr,
    byte[] Mar,
    uint[] Tsd,
    uint[] Tsad,
    uint Rbstart,
    byte Cr,
    int RxReadPointer,
    int RxWritePointer,
    ushort Imr,
    ushort Isr,
    uint Tcr,
    uint Rcr,
    long TctrElapsedNs,
    uint Mpc,
    byte Cr9346,
    byte Config0,
    byte Config1,
    byte Config3,
    byte Config4,
    byte Config5,
    uint TimerInt,
    byte MsrFlowControl,
    ushort Bmcr,
    ushort Anar,
    bool LinkUp,
    ushort[] Eeprom,
    byte[] Scratch)
{
    public const int CurrentVersion = 1;
}
