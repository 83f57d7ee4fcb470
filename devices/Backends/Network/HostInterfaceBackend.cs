using SharpPcap;
using SharpPcap.LibPcap;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Attaches the card to a host interface through libpcap (SharpPcap): the interface is opened
/// in promiscuous mode, every frame seen on it (arriving, and leaving from the host's own stack)
/// is queued for the guest, and the guest's frames are injected with pcap_inject, so the guest
/// sits on the host's segment beside the host (VirtualBox's "bridged" mode). The kernel does not
/// hand a packet socket back the frames it injected itself, so the guest never hears its own frames.
/// With a namespace name, the interface is looked up and opened inside that network namespace
/// (<see cref="NetworkNamespace"/>); the capture socket stays there.
/// Needs libpcap (Debian: libpcap0.8) and CAP_NET_RAW (root).
/// </summary>
public sealed class HostInterfaceBackend : INetworkBackend
{
    private const int SnapshotLength = 65535;
    private const int ReadTimeoutMs = 50;

    private readonly LibPcapLiveDevice _device;
    private readonly FrameQueue _received = new();
    private readonly object _sendLock = new();
    private volatile bool _disposed;
    private long _sendErrors;

    public HostInterfaceBackend(string interfaceName, string? networkNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        InterfaceName = interfaceName;
        _device = networkNamespace is null ? Open(interfaceName) : NetworkNamespace.Run(networkNamespace, () => Open(interfaceName));
        _received.FrameArrived += () => FrameArrived?.Invoke();
        _device.OnPacketArrival += (_, capture) =>
        {
            if (!_disposed)
                _received.Enqueue(capture.Data);
        };
        _device.StartCapture();
    }

    public event Action? FrameArrived;

    public string InterfaceName { get; }

    public bool LinkUp => true;

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Frames dropped because the guest did not take them in time.</summary>
    public long ReceiveDropped => _received.Dropped;

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_disposed)
            return;
        lock (_sendLock)
        {
            try
            {
                _device.SendPacket(frame);
            }
            catch (PcapException)
            {
                Interlocked.Increment(ref _sendErrors); // interface down and the like: lost, as on a wire
            }
        }
    }

    public bool TryReceive(out byte[] frame) => _received.TryDequeue(out frame);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            _device.StopCapture();
        }
        catch (PcapException)
        {
        }
        lock (_sendLock)
            _device.Close();
    }

    private static LibPcapLiveDevice Open(string name)
    {
        LibPcapLiveDeviceList devices;
        try
        {
            devices = LibPcapLiveDeviceList.New();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new IOException($"libpcap is not available ({e.Message}); install it (Debian: apt-get install libpcap0.8) to attach to a host interface", e);
        }
        LibPcapLiveDevice device = devices.FirstOrDefault(d => d.Name == name)
            ?? throw new IOException($"no host interface '{name}' for the pcap back end (libpcap sees: {string.Join(", ", devices.Select(d => d.Name))})");
        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = DeviceModes.Promiscuous,
                ReadTimeout = ReadTimeoutMs,
                Snaplen = SnapshotLength,
                Immediate = true,
            });
        }
        catch (PcapException e)
        {
            throw new UnauthorizedAccessException($"cannot open host interface '{name}' with libpcap: {e.Message} (capturing needs root or CAP_NET_RAW)", e);
        }
        return device;
    }
}
