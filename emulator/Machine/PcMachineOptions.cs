using PcEmu.Devices.Backends.Serial;

namespace PcEmu.Machine;

/// <summary>What to put in the PC. The back ends belong to the caller, who disposes them.</summary>
public sealed record PcMachineOptions
{
    public const uint DefaultMemoryBytes = 128u * 1024 * 1024;

    /// <summary>RAM from address 0: at least 1 MiB, a whole number of 4 KiB pages.</summary>
    public uint MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>The host end of COM1 (0x3F8, IRQ 4).</summary>
    public ISerialBackend Com1 { get; init; } = new NullSerialBackend();

    /// <summary>Where bytes written to the 0xE9 debug console go (dropped when null).</summary>
    public ISerialBackend? DebugConsole { get; init; }

    /// <summary>One-line messages from the CPU and the machine (unimplemented instruction, triple fault).</summary>
    public Action<string>? Diagnostics { get; init; }

    /// <summary>Virtual nanoseconds per retired instruction (1 = a nominal 1 GHz CPU).</summary>
    public long NanosecondsPerInstruction { get; init; } = 1;
}
