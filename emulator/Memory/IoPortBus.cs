namespace PcEmu.Memory;

/// <summary>
/// The 64 KiB x86 I/O port space. Devices claim port ranges; a read from a port nobody
/// claims returns all ones (the floating ISA bus), a write to one is dropped. Each access
/// goes to the device that claims its first port, with the width the CPU used.
/// </summary>
public sealed class IoPortBus
{
    private readonly IPortDevice?[] _handlers = new IPortDevice?[0x10000];

    /// <summary>Called once per unclaimed port the first time the guest touches it.</summary>
    public event Action<ushort, bool>? UnclaimedAccess;

    private readonly bool[] _reportedUnclaimed = new bool[0x10000];

    public void Register(ushort firstPort, int count, IPortDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (count <= 0 || firstPort + count > 0x10000)
            throw new ArgumentOutOfRangeException(nameof(count), $"port range 0x{firstPort:X4}+{count} leaves the I/O space");
        for (int port = firstPort; port < firstPort + count; port++)
        {
            if (_handlers[port] is { } other && !ReferenceEquals(other, device))
                throw new InvalidOperationException($"port 0x{port:X4} is already claimed by {other.GetType().Name}");
            _handlers[port] = device;
        }
    }

    /// <summary>Releases ports claimed by <paramref name="device"/> (a PCI BAR that the guest moves or disables).</summary>
    public void Unregister(ushort firstPort, int count, IPortDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        for (int port = firstPort; port < firstPort + count && port < 0x10000; port++)
        {
            if (ReferenceEquals(_handlers[port], device))
                _handlers[port] = null;
        }
    }

    public IPortDevice? DeviceAt(ushort port) => _handlers[port];

    public uint Read(ushort port, int size)
    {
        IPortDevice? device = _handlers[port];
        if (device is null)
        {
            ReportUnclaimed(port, isWrite: false);
            return size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };
        }
        return device.ReadPort(port, size);
    }

    public void Write(ushort port, int size, uint value)
    {
        IPortDevice? device = _handlers[port];
        if (device is null)
        {
            ReportUnclaimed(port, isWrite: true);
            return;
        }
        device.WritePort(port, size, value);
    }

    private void ReportUnclaimed(ushort port, bool isWrite)
    {
        if (_reportedUnclaimed[port])
            return;
        _reportedUnclaimed[port] = true;
        UnclaimedAccess?.Invoke(port, isWrite);
    }
}
