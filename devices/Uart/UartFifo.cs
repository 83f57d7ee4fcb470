namespace PcEmu.Devices.Uart;

/// <summary>A 16-byte ring buffer: the 16550A's receive or transmit FIFO.</summary>
internal sealed class UartFifo
{
    public const int Depth = 16;

    private readonly byte[] _data = new byte[Depth];
    private int _head;

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    public bool IsFull => Count == Depth;

    /// <summary>Appends <paramref name="value"/>; returns false (and drops it) when full.</summary>
    public bool Push(byte value)
    {
        if (Count == Depth)
            return false;
        _data[(_head + Count) % Depth] = value;
        Count++;
        return true;
    }

    public byte Pop()
    {
        if (Count == 0)
            throw new InvalidOperationException("pop from an empty FIFO");
        byte value = _data[_head];
        _head = (_head + 1) % Depth;
        Count--;
        return value;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    public byte[] ToArray()
    {
        byte[] result = new byte[Count];
        for (int i = 0; i < Count; i++)
            result[i] = _data[(_head + i) % Depth];
        return result;
    }
}
