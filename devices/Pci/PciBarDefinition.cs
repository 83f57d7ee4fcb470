namespace PcEmu.Devices.Pci;

/// <summary>What a base address register decodes.</summary>
public enum PciBarKind
{
    /// <summary>I/O ports (decoded when Command.IoSpace is set; only the low 64 KiB exist on a PC).</summary>
    Io,
    /// <summary>Memory anywhere in the 32-bit physical space (decoded when Command.MemorySpace is set).</summary>
    Memory32,
}

/// <summary>
/// One base address register of a function: its kind and its size (a power of two, at least
/// 4 bytes for I/O and 16 for memory, PCI 2.2 section 6.2.5.1; Prefetchable is ignored for I/O). The bits below the size are
/// hard-wired, so writing all ones and reading back gives the size mask.
/// </summary>
public sealed record PciBarDefinition(PciBarKind Kind, uint Size, bool Prefetchable = false)
{
    public uint Size { get; } = Validate(Kind, Size);

    /// <summary>The read-only low bits the BAR reports (I/O bit, memory type, prefetchable).</summary>
    public uint TypeBits => Kind == PciBarKind.Io
        ? (uint)PciBarFlags.IoSpace
        : (Prefetchable ? (uint)PciBarFlags.Prefetchable : 0);

    /// <summary>The bits the guest can write: the address bits at and above the size.</summary>
    public uint WritableMask => ~(Size - 1) & (Kind == PciBarKind.Io ? (uint)PciBarFlags.IoAddressMask : (uint)PciBarFlags.MemoryAddressMask);

    private static uint Validate(PciBarKind kind, uint size)
    {
        uint minimum = kind == PciBarKind.Io ? 4u : 16u;
        if (size < minimum || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"a {kind} BAR must be a power of two of at least {minimum} bytes, not {size}");
        if (kind == PciBarKind.Io && size > 256)
            throw new ArgumentOutOfRangeException(nameof(size), "an I/O BAR decodes at most 256 ports (PCI 2.2, 6.2.5.1)");
        return size;
    }
}

/// <summary>A change in where a BAR is decoded: an address, or null while it is not decoded.</summary>
public readonly record struct PciBarMapping(int Bar, PciBarDefinition Definition, uint? OldAddress, uint? NewAddress);
