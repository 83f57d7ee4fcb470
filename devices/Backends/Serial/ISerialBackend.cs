namespace PcEmu.Devices.Backends.Serial;

/// <summary>
/// The host side of a serial port (QEMU calls it a chardev). The UART hands it every byte
/// the guest transmits; the machine pulls the bytes the host has typed or piped in and pushes
/// them into the UART's receive FIFO as space allows, so a back end never talks to a chip.
/// </summary>
public interface ISerialBackend : IDisposable
{
    /// <summary>One byte transmitted by the guest.</summary>
    void Write(byte value);

    /// <summary>
    /// Copies up to <c>destination.Length</c> bytes that the host has ready into
    /// <paramref name="destination"/> without blocking; returns how many (0 when none).
    /// </summary>
    int Read(Span<byte> destination);

    /// <summary>
    /// True while the host may still deliver input (standard input not at end of file, bytes
    /// queued). A machine whose CPU halts waiting for an interrupt waits for such input instead
    /// of reporting a halt forever.
    /// </summary>
    bool InputMayArrive { get; }

    /// <summary>Pushes buffered output to the host (called between run slices and at exit).</summary>
    void Flush();
}
