namespace PcEmu.Memory;

/// <summary>
/// A device that answers I/O port accesses. <paramref name="size"/> is the access width in
/// bytes (1, 2 or 4); a read returns the value in the low <c>size</c> bytes.
/// </summary>
public interface IPortDevice
{
    uint ReadPort(ushort port, int size);

    void WritePort(ushort port, int size, uint value);
}
