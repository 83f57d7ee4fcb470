using System.Collections.Concurrent;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// The hand-over point between a back end's reader thread and the machine thread: a bounded
/// queue of received frames. When the guest does not drain it (receiver off, ring full) the
/// oldest frames are dropped past <see cref="Capacity"/>, as a switch port would, and counted.
/// </summary>
public sealed class FrameQueue
{
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentQueue<byte[]> _frames = new();
    private long _dropped;

    public FrameQueue(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _frames.Count;

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Raised after <see cref="Enqueue"/> on the enqueuing thread.</summary>
    public event Action? FrameArrived;

    /// <summary>Adds a copy of <paramref name="frame"/> (any thread).</summary>
    public void Enqueue(ReadOnlySpan<byte> frame)
    {
        _frames.Enqueue(frame.ToArray());
        while (_frames.Count > Capacity && _frames.TryDequeue(out _))
            Interlocked.Increment(ref _dropped);
        FrameArrived?.Invoke();
    }

    public bool TryDequeue(out byte[] frame)
    {
        if (_frames.TryDequeue(out byte[]? f))
        {
            frame = f;
            return true;
        }
        frame = Array.Empty<byte>();
        return false;
    }
}
