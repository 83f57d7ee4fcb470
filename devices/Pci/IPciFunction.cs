namespace PcEmu.Devices.Pci;

/// <summary>
/// One PCI function as the bus sees it: a configuration space the bus reads and writes on
/// the guest's behalf. A device subscribes to <see cref="PciConfigSpace.BarRemapped"/> for
/// its BARs and overrides <see cref="ConfigWritten"/> for registers with side effects.
/// </summary>
public interface IPciFunction
{
    PciConfigSpace Config { get; }

    /// <summary>Called after the guest wrote <paramref name="size"/> bytes at <paramref name="offset"/> (masks already applied).</summary>
    void ConfigWritten(int offset, int size)
    {
    }
}

/// <summary>
/// The board's wiring of the INTx# pins to interrupt controller inputs (on a PIIX3 board:
/// the slot swizzle onto PIRQA#-PIRQD# and the PIRQ route registers).
/// </summary>
public interface IPciInterruptRouter
{
    /// <summary>The effective level of INTx# of a function in slot <paramref name="device"/>; <paramref name="pin"/> 0-3 = INTA#-INTD#.</summary>
    void SetIntx(int device, int pin, bool level);
}
