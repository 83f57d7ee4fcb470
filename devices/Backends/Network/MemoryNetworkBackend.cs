namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// An in-process back end: keeps every frame the guest sends (<see cref="Sent"/>) and delivers
/// frames the host code injects (<see cref="Inject"/>). Used by tests, and to cable two NICs
/// of one process together (<see cref="Connect"/>). Never touches the host network.
/// </summary>
public sealed class MemoryNetworkBackend : INetworkBackend
{
    private readonly FrameQueue _received = new();
    private readonly List<byte[]> _sent = new();
    private readonly object _lock = new();
    private MemoryNetworkBackend? _peer;

    public MemoryNetworkBackend()
    {
        _received.FrameArrived += () => FrameArrived?.Invoke();
    }

    public event Action? FrameArrived;

    public bool LinkUp { get; set; } = true;

    /// <summary>Frames received from the guest so far, oldest first.</summary>
    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_lock)
                return _sent.ToArray();
        }
    }

    /// <summary>Frames queued for the guest and not yet taken.</summary>
    public int Pending => _received.Count;

    /// <summary>Cables two back ends together: what one sends, the other receives.</summary>
    public static void Connect(MemoryNetworkBackend a, MemoryNetworkBackend b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a._peer = b;
        b._peer = a;
    }

    public void Inject(ReadOnlySpan<byte> frame) => _received.Enqueue(frame);

    public void ClearSent()
    {
        lock (_lock)
            _sent.Clear();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        lock (_lock)
            _sent.Add(frame.ToArray());
        _peer?.Inject(frame);
    }

    public bool TryReceive(out byte[] frame) => _received.TryDequeue(out frame);

    public void Dispose()
    {
    }
}
