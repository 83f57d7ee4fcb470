namespace PcEmu.Devices.Backends.Network;

/// <summary>A cable to nowhere: the link is up, sent frames vanish, nothing arrives (QEMU's NIC without a netdev).</summary>
public sealed class NullNetworkBackend : INetworkBackend
{
    public event Action? FrameArrived
    {
        add { }
        remove { }
    }

    public bool LinkUp => true;

    public void Send(ReadOnlySpan<byte> frame)
    {
    }

    public bool TryReceive(out byte[] frame)
    {
        frame = Array.Empty<byte>();
        return false;
    }

    public void Dispose()
    {
    }
}
