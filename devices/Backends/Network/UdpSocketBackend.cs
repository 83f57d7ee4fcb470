using System.Net;
using System.Net.Sockets;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// QEMU's <c>-netdev socket,udp=REMOTE,localaddr=LOCAL</c>: each Ethernet frame is one UDP
/// datagram sent to the remote end point, and each datagram received on the local end point
/// from that remote is one frame. Two emulators whose end points mirror each other form a
/// two-port network without privileges (loopback: 127.0.0.1). Datagrams from any other
/// sender are ignored. A reader thread queues received frames (see <see cref="INetworkBackend"/>).
/// </summary>
public sealed class UdpSocketBackend : INetworkBackend
{
    private const int MaxDatagram = 65536;

    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly FrameQueue _received = new();
    private readonly Thread _reader;
    private volatile bool _disposed;
    private long _sendErrors;

    public UdpSocketBackend(IPEndPoint remote, IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(local);
        if (remote.AddressFamily != local.AddressFamily)
            throw new ArgumentException("the local and remote addresses must be of one family (both IPv4 or both IPv6)");
        _remote = remote;
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(local);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new IOException($"cannot bind the UDP network back end to {local}: {e.Message}", e);
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _received.FrameArrived += () => FrameArrived?.Invoke();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"net-udp {LocalEndPoint}" };
        _reader.Start();
    }

    public event Action? FrameArrived;

    /// <summary>The bound address (with the port the system chose when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint => _remote;

    public bool LinkUp => true;

    /// <summary>Frames the host could not send (socket errors are counted, never thrown at the guest).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_disposed)
            return;
        try
        {
            _socket.SendTo(frame, SocketFlags.None, _remote);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }

    public bool TryReceive(out byte[] frame) => _received.TryDequeue(out frame);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(_remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_disposed)
        {
            int length;
            EndPoint sender = any;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref sender);
            }
            catch (SocketException) when (!_disposed)
            {
                continue; // e.g. ICMP port unreachable reported on the socket
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            if (sender is IPEndPoint from && from.Equals(_remote) && length > 0)
                _received.Enqueue(buffer.AsSpan(0, length));
        }
    }
}
