namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// The host side of a network card (QEMU's netdev): Ethernet frames in and out, without the
/// frame check sequence (the NIC model appends and strips the CRC).
/// <para>
/// Threading contract: <see cref="Send"/>, <see cref="TryReceive"/> and <see cref="LinkUp"/>
/// are called on the machine thread only. A back end that reads the host (a socket, a TAP
/// file descriptor, a capture device) does so on its own thread and queues what it reads
/// (<see cref="FrameQueue"/>); the machine drains the queue into the NIC at run-slice
/// boundaries (<c>Rtl8139.PollBackend</c>), so the device model never sees another thread.
/// <see cref="FrameArrived"/> is raised on the back end's thread so that a machine whose
/// CPU is halted can wake up and poll.
/// </para>
/// </summary>
public interface INetworkBackend : IDisposable
{
    /// <summary>A frame the guest transmitted (destination MAC first, no FCS). Must not block for long.</summary>
    void Send(ReadOnlySpan<byte> frame);

    /// <summary>Takes the oldest frame received from the host, without blocking.</summary>
    bool TryReceive(out byte[] frame);

    /// <summary>Whether the cable is plugged in (reported in the NIC's media status).</summary>
    bool LinkUp { get; }

    /// <summary>Raised, on any thread, after a frame was queued for <see cref="TryReceive"/>.</summary>
    event Action? FrameArrived;
}
