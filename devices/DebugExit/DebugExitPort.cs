using PcEmu.Memory;

namespace PcEmu.Devices.DebugExit;

/// <summary>
/// QEMU's <c>isa-debug-exit</c> device as the project's reference runs configure it
/// (<c>iobase=0xf4,iosize=4</c>): a write of value V to its ports stops the machine with
/// exit code <c>(V &lt;&lt; 1) | 1</c>, exactly as QEMU reports it; so a guest can never
/// produce exit code 0 through it, and writing 0x10 yields 0x21. V is the value of the
/// access at the width the CPU used (an <c>out dx, al</c> writes one byte). Reads return all
/// ones. The device only records the request and raises <see cref="ExitRequested"/>; the
/// machine stops the CPU.
/// </summary>
public sealed class DebugExitPort : IPortDevice
{
    public const ushort DefaultBase = 0xF4;
    public const int DefaultPortCount = 4;

    /// <summary>The exit code of the first write, or null while the guest has not written.</summary>
    public uint? ExitCode { get; private set; }

    /// <summary>Raised with the exit code on every write.</summary>
    public event Action<uint>? ExitRequested;

    /// <summary>The process exit code QEMU reports for a write of <paramref name="value"/>.</summary>
    public static uint ExitCodeFor(uint value) => (value << 1) | 1;

    public uint ReadPort(ushort port, int size) => size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };

    public void WritePort(ushort port, int size, uint value)
    {
        uint masked = size switch { 1 => value & 0xFF, 2 => value & 0xFFFF, _ => value };
        uint code = ExitCodeFor(masked);
        ExitCode ??= code;
        ExitRequested?.Invoke(code);
    }

    public void Reset() => ExitCode = null;
}
