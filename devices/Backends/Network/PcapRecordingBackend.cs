namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Records every frame that passes through another back end, both directions, into a pcap
/// file (QEMU's <c>-object filter-dump</c>). Frames are written on the machine thread as the
/// NIC sends them and as it takes them from the inner back end.
/// </summary>
public sealed class PcapRecordingBackend : INetworkBackend
{
    private readonly INetworkBackend _inner;
    private readonly PcapWriter _writer;

    public PcapRecordingBackend(INetworkBackend inner, PcapWriter writer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(writer);
        _inner = inner;
        _writer = writer;
    }

    public event Action? FrameArrived
    {
        add => _inner.FrameArrived += value;
        remove => _inner.FrameArrived -= value;
    }

    public INetworkBackend Inner => _inner;

    public PcapWriter Writer => _writer;

    public bool LinkUp => _inner.LinkUp;

    public void Send(ReadOnlySpan<byte> frame)
    {
        _writer.Write(frame);
        _inner.Send(frame);
    }

    public bool TryReceive(out byte[] frame)
    {
        if (!_inner.TryReceive(out frame))
            return false;
        _writer.Write(frame);
        return true;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _writer.Dispose();
    }
}
