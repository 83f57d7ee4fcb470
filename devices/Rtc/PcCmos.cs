namespace PcEmu.Devices.Rtc;

/// <summary>
/// The IBM PC/AT meaning of the CMOS RAM bytes a BIOS and an OS read (IBM PC/AT Technical
/// Reference, "CMOS RAM Address Map"; Ralf Brown's CMOS.LST for the later additions).
/// </summary>
public enum CmosIndex : byte
{
    /// <summary>Why the CPU was reset (0 = normal POST); the BIOS reads it after a reset.</summary>
    ShutdownStatus = 0x0F,
    /// <summary>Diskette drive types, drive A in the high nibble.</summary>
    DisketteTypes = 0x10,
    /// <summary>Fixed disk types, drive C in the high nibble.</summary>
    FixedDiskTypes = 0x12,
    /// <summary>Equipment byte (<see cref="CmosEquipment"/>).</summary>
    Equipment = 0x14,
    /// <summary>Base memory in KiB, low byte (640 KiB = 0x0280).</summary>
    BaseMemoryLow = 0x15,
    BaseMemoryHigh = 0x16,
    /// <summary>Memory above 1 MiB in KiB (at most 0xFFFF), low byte.</summary>
    ExtendedMemoryLow = 0x17,
    ExtendedMemoryHigh = 0x18,
    /// <summary>First byte of the checksummed range.</summary>
    ChecksumRangeFirst = 0x10,
    /// <summary>Last byte of the checksummed range.</summary>
    ChecksumRangeLast = 0x2D,
    /// <summary>Sum of bytes 0x10-0x2D, high byte.</summary>
    ChecksumHigh = 0x2E,
    ChecksumLow = 0x2F,
    /// <summary>Memory above 1 MiB found by POST, in KiB, low byte (same value as 0x17).</summary>
    PostExtendedMemoryLow = 0x30,
    PostExtendedMemoryHigh = 0x31,
    /// <summary>Century, in the time registers' form (BCD unless DM is set).</summary>
    Century = 0x32,
    /// <summary>Memory above 16 MiB in 64 KiB units (at most 0xFFFF), low byte (QEMU/SeaBIOS).</summary>
    MemoryAbove16MLow = 0x34,
    MemoryAbove16MHigh = 0x35,
}

/// <summary>The equipment byte (CMOS 0x14), as INT 11h reports it at POST.</summary>
[Flags]
public enum CmosEquipment : byte
{
    None = 0,
    DiskettesInstalled = 0x01,
    MathCoprocessor = 0x02,
    /// <summary>Set by QEMU when a PS/2 mouse is present.</summary>
    PointingDevice = 0x04,
    /// <summary>Bits 5-4: primary display; 00 = EGA/VGA (has its own BIOS).</summary>
    DisplayMask = 0x30,
    /// <summary>Bits 7-6: number of diskette drives minus one.</summary>
    DisketteCountMask = 0xC0,
}

/// <summary>What the machine tells the CMOS about itself.</summary>
/// <param name="RamBytes">Installed RAM.</param>
/// <param name="Equipment">The equipment byte; QEMU's default for a PC with FPU and PS/2 mouse.</param>
/// <param name="BaseMemoryKib">Conventional memory; 640 KiB on every PC with at least that much RAM.</param>
public sealed record PcCmosConfiguration(
    long RamBytes,
    CmosEquipment Equipment = CmosEquipment.MathCoprocessor | CmosEquipment.PointingDevice,
    int BaseMemoryKib = 640);

/// <summary>Fills the standard CMOS fields the machine knows (memory sizes, equipment) and keeps the checksum right.</summary>
public static class PcCmos
{
    private const long Kib = 1024;
    private const long Mib = 1024 * 1024;

    /// <summary>Writes memory sizes and equipment byte, then the checksum. The century byte is the RTC's own.</summary>
    public static void Apply(Mc146818Rtc rtc, PcCmosConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.RamBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(configuration), "RAM size must not be negative");

        long ram = configuration.RamBytes;
        int baseKib = (int)Math.Min(configuration.BaseMemoryKib, ram / Kib);
        SetWord(rtc, CmosIndex.BaseMemoryLow, (ushort)baseKib);

        // SeaBIOS and QEMU: memory between 1 MiB and the end of RAM, capped at 0xFFFF KiB.
        long extendedKib = Math.Clamp((ram - Mib) / Kib, 0, 0xFFFF);
        SetWord(rtc, CmosIndex.ExtendedMemoryLow, (ushort)extendedKib);
        SetWord(rtc, CmosIndex.PostExtendedMemoryLow, (ushort)extendedKib);

        long above16M = Math.Clamp((ram - 16 * Mib) / (64 * Kib), 0, 0xFFFF);
        SetWord(rtc, CmosIndex.MemoryAbove16MLow, (ushort)above16M);

        rtc.SetRam((int)CmosIndex.Equipment, (byte)configuration.Equipment);
        UpdateChecksum(rtc);
    }

    /// <summary>Stores the 16-bit sum of bytes 0x10-0x2D in 0x2E (high) and 0x2F (low), as the AT BIOS checks it.</summary>
    public static void UpdateChecksum(Mc146818Rtc rtc)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        ushort sum = ComputeChecksum(rtc);
        rtc.SetRam((int)CmosIndex.ChecksumHigh, (byte)(sum >> 8));
        rtc.SetRam((int)CmosIndex.ChecksumLow, (byte)sum);
    }

    public static ushort ComputeChecksum(Mc146818Rtc rtc)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        int sum = 0;
        for (int i = (int)CmosIndex.ChecksumRangeFirst; i <= (int)CmosIndex.ChecksumRangeLast; i++)
            sum += rtc.GetRam(i);
        return (ushort)sum;
    }

    /// <summary>A little-endian 16-bit field at <paramref name="low"/> and the next byte.</summary>
    public static void SetWord(Mc146818Rtc rtc, CmosIndex low, ushort value)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        rtc.SetRam((int)low, (byte)value);
        rtc.SetRam((int)low + 1, (byte)(value >> 8));
    }
}
