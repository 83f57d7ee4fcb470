namespace PcEmu.Devices.Common;

/// <summary>Which reset a device sees: power-on clears everything, a hard reset is the RESET pin.</summary>
public enum ResetKind
{
    PowerOn,
    Hard,
}
