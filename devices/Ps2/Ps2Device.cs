namespace PcEmu.Devices.Ps2;

/// <summary>
/// What a PS/2 device and the 8042 share: the device's output buffer towards the controller
/// and the byte-wise command channel from it. The controller pulls bytes with
/// <see cref="TryDequeue"/> when its own output buffer is free; <see cref="DataQueued"/>
/// tells it a byte is waiting.
/// </summary>
public abstract class Ps2Device
{
    public const byte Ack = 0xFA;
    public const byte Resend = 0xFE;
    public const byte SelfTestPassed = 0xAA;

    private readonly Queue<byte> _queue = new();
    private readonly int _capacity;

    protected Ps2Device(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>Raised after bytes were queued for the controller.</summary>
    public event Action? DataQueued;

    public int QueuedCount => _queue.Count;

    /// <summary>The last byte sent to the controller, repeated on a Resend (0xFE) command.</summary>
    protected byte LastSent { get; private set; } = Ack;

    /// <summary>A byte from the controller (a command or a command's parameter).</summary>
    public abstract void Write(byte value);

    public bool TryDequeue(out byte value)
    {
        if (_queue.Count == 0)
            OnQueueEmpty();
        if (!_queue.TryDequeue(out value))
            return false;
        LastSent = value;
        return true;
    }

    /// <summary>The controller wants a byte and none is queued: a device with held-back input may queue it now (without raising <see cref="DataQueued"/>).</summary>
    protected virtual void OnQueueEmpty()
    {
    }

    protected int FreeSpace => _capacity - _queue.Count;

    /// <summary>Queues bytes without raising <see cref="DataQueued"/> (from <see cref="OnQueueEmpty"/>).</summary>
    protected void QueueQuietly(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            _queue.Enqueue(b);
    }

    /// <summary>The queued bytes, oldest first (for snapshots).</summary>
    public byte[] QueuedBytes() => _queue.ToArray();

    protected void ClearQueue() => _queue.Clear();

    /// <summary>Queues a response; responses are always accepted (the queue is only bounded for input events).</summary>
    protected void Respond(params ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            _queue.Enqueue(b);
        DataQueued?.Invoke();
    }

    /// <summary>Queues an input event atomically: all its bytes, or none when they do not fit.</summary>
    protected bool TryQueueEvent(ReadOnlySpan<byte> bytes)
    {
        if (_queue.Count + bytes.Length > _capacity)
            return false;
        Respond(bytes);
        return true;
    }

    protected void RestoreQueue(IEnumerable<byte> bytes)
    {
        _queue.Clear();
        foreach (byte b in bytes)
            _queue.Enqueue(b);
    }
}
