using PcEmu.Devices.Backends.Serial;
using PcEmu.Memory;

namespace PcEmu.Devices.DebugConsole;

/// <summary>
/// The Bochs/QEMU debug console at port 0xE9 (QEMU's <c>isa-debugcon</c>): each byte written
/// goes to a back end (a log file, standard error); a read returns 0xE9 so that a guest can
/// detect the port. Wider writes send their bytes low first.
/// </summary>
public sealed class DebugConsolePort : IPortDevice
{
    public const ushort Port = 0xE9;
    public const byte ReadbackValue = 0xE9;

    private readonly ISerialBackend _output;

    public DebugConsolePort(ISerialBackend output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public uint ReadPort(ushort port, int size) => size == 1 ? ReadbackValue : (uint)ReadbackValue | (size == 2 ? 0xFF00u : 0xFFFF_FF00u);

    public void WritePort(ushort port, int size, uint value)
    {
        for (int i = 0; i < size; i++)
            _output.Write((byte)(value >> (8 * i)));
    }
}
