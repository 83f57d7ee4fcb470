using PcEmu.Memory;

namespace PcEmu.Devices.PostCode;

/// <summary>
/// The POST diagnostic port 0x80: firmware and kernels write progress codes there (and use it
/// as an I/O delay). The last code is kept and each one is reported to an optional listener.
/// Reads return 0xFF, like QEMU's <c>ioport80</c>.
/// </summary>
public sealed class PostCodePort : IPortDevice
{
    public const ushort Port = 0x80;

    /// <summary>The last code written, or null before the first write.</summary>
    public byte? LastCode { get; private set; }

    public event Action<byte>? CodeWritten;

    public uint ReadPort(ushort port, int size) => size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };

    public void WritePort(ushort port, int size, uint value)
    {
        byte code = (byte)value;
        LastCode = code;
        CodeWritten?.Invoke(code);
    }
}
