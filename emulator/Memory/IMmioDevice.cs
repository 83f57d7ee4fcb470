namespace PcEmu.Memory;

/// <summary>
/// A device mapped into the physical address space (a PCI BAR, the VGA window, the
/// local APIC). <paramref name="offset"/> is relative to the start of the mapped region.
/// </summary>
public interface IMmioDevice
{
    uint ReadMmio(uint offset, int size);

    void WriteMmio(uint offset, int size, uint value);
}
