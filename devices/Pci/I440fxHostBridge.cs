namespace PcEmu.Devices.Pci;

/// <summary>
/// The Intel 82441FX PMC (i440FX host bridge) as configuration space only, at 00:00.0:
/// 8086:1237 revision 02, class 06/00/00 (host bridge), as QEMU's "pc" machine shows it
/// (Intel 440FX PCIset datasheet, section 3.2, "PCI Configuration Registers").
/// <para>
/// The DRAM, PAM (programmable attribute map, 0x59-0x5F) and SMRAM (0x72) registers hold
/// what the firmware writes; <see cref="PamWritten"/> tells the machine when the shadow-RAM
/// attributes change. Known gap: nothing here enforces PAM or SMRAM on the memory bus.
/// </para>
/// </summary>
public sealed class I440fxHostBridge : IPciFunction
{
    public const ushort VendorIntel = 0x8086;
    public const ushort DeviceId = 0x1237;
    public const uint ClassHostBridge = 0x06_00_00;
    public const int Device = 0;
    public const int Function = 0;
    public const int PamFirst = 0x59;
    public const int PamLast = 0x5F;
    public const int Smram = 0x72;

    private const byte Revision = 0x02;

    public I440fxHostBridge()
    {
        Config = new PciConfigSpace(VendorIntel, DeviceId, ClassHostBridge, Revision);
        Config.SetWord((int)PciConfigRegister.Command, (ushort)(PciCommand.MemorySpace | PciCommand.BusMaster));
        Config.SetWord((int)PciConfigRegister.Status, (ushort)(PciStatus.DevselMedium | PciStatus.FastBackToBackCapable));
        Config.SetByte((int)PciConfigRegister.InterruptLine, 0);
        Config.SetWriteMask((int)PciConfigRegister.InterruptLine, 1, 0);
        // 0x50-0x67: PMCCFG, DETURBO, DBC, AXC, DRAMR, DRAMC, DRAMT, PAM0-6, DRB0-7.
        for (int offset = 0x50; offset < 0x68; offset++)
            Config.SetWriteMask(offset, 1, 0xFF);
        Config.SetWriteMask(0x68, 1, 0xFF); // FDHC
        Config.SetWriteMask(0x70, 2, 0xFFFF); // MTT, CLT
        Config.SetWriteMask(Smram, 1, 0x78); // D_OPEN, D_CLS, D_LCK, G_SMRAME (the low base bits are fixed)
        Config.SetByte(Smram, 0x02);
        Config.SetWriteMask(0x90, 1, 0xFF); // ERRCMD
        Config.SetClearMask(0x91, 1, 0xFF); // ERRSTS
        Config.SetWriteMask(0x93, 1, 0x06); // TRC (reset control lives on 0xCF9 in the PIIX3 model)
    }

    public PciConfigSpace Config { get; }

    /// <summary>Raised with the register offset when the firmware writes a PAM register (0x59-0x5F).</summary>
    public event Action<int>? PamWritten;

    /// <summary>The PAM byte for <paramref name="register"/> (0x59-0x5F): per 16 KiB-64 KiB segment, bit 0/4 read enable, bit 1/5 write enable.</summary>
    public byte Pam(int register) =>
        register is >= PamFirst and <= PamLast ? Config.GetByte(register) : throw new ArgumentOutOfRangeException(nameof(register));

    void IPciFunction.ConfigWritten(int offset, int size)
    {
        for (int at = offset; at < offset + size; at++)
        {
            if (at is >= PamFirst and <= PamLast)
                PamWritten?.Invoke(at);
        }
    }
}
