using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PcEmu.Devices.Backends.Serial;

/// <summary>
/// A raw TCP server on a loopback address, like QEMU's <c>-serial tcp:127.0.0.1:PORT,server</c>:
/// one client at a time; what the guest transmits goes to the client, what the client sends
/// goes to the guest. With <c>wait</c> (QEMU's default for a server) the constructor blocks
/// until the first client connects, so no early output is lost; otherwise the machine starts at
/// once and output sent while no client is connected is dropped, as QEMU drops it. When the
/// client disconnects the server accepts the next one. Only loopback addresses are accepted:
/// a serial console is never offered to the network.
/// </summary>
public sealed class TcpServerSerialBackend : ISerialBackend
{
    private readonly Socket _listener;
    private readonly ConcurrentQueue<byte> _input = new();
    private readonly object _clientLock = new();
    private readonly List<byte> _pending = new();
    private readonly Thread _acceptor;
    private Socket? _client;
    private Thread? _clientReader;
    private volatile bool _disposed;

    public TcpServerSerialBackend(IPEndPoint local, bool waitForClient)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!IPAddress.IsLoopback(local.Address))
            throw new ArgumentException($"the serial TCP server listens on loopback only, not {local.Address}", nameof(local));
        _listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(local);
            _listener.Listen(1);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new IOException($"cannot listen on {local}: {e.Message}", e);
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        if (waitForClient)
            Attach(AcceptOrNull() ?? throw new IOException($"no client connected to {LocalEndPoint}"));
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = $"serial tcp {LocalEndPoint}" };
        _acceptor.Start();
    }

    /// <summary>Raised once the first client has connected (tests use it to wait for readiness).</summary>
    public event Action? ClientConnected;

    /// <summary>The address the server listens on (with the port the system chose when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public bool HasClient
    {
        get
        {
            lock (_clientLock)
                return _client is not null;
        }
    }

    public void Write(byte value)
    {
        lock (_clientLock)
        {
            if (_client is not null)
                _pending.Add(value);
        }
    }

    public int Read(Span<byte> destination)
    {
        int count = 0;
        while (count < destination.Length && _input.TryDequeue(out byte b))
            destination[count++] = b;
        return count;
    }

    /// <summary>A client may connect and type at any time while the server is open.</summary>
    public bool InputMayArrive => !_disposed || !_input.IsEmpty;

    public void Flush()
    {
        (Socket?, Thread?) failed = (null, null);
        lock (_clientLock)
        {
            if (_client is null || _pending.Count == 0)
                return;
            try
            {
                byte[] bytes = _pending.ToArray();
                int sent = 0;
                while (sent < bytes.Length)
                    sent += _client.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                failed = DetachClient();
            }
            _pending.Clear();
        }
        Close(failed);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        Flush();
        _disposed = true;
        (Socket?, Thread?) connection;
        lock (_clientLock)
            connection = DetachClient();
        Close(connection);
        _listener.Dispose();
    }

    private Socket? AcceptOrNull()
    {
        try
        {
            return _listener.Accept();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private void Attach(Socket client)
    {
        client.NoDelay = true;
        Thread reader = new(() => ReadLoop(client)) { IsBackground = true, Name = $"serial tcp client {LocalEndPoint}" };
        lock (_clientLock)
        {
            _client = client;
            _clientReader = reader;
        }
        reader.Start();
        ClientConnected?.Invoke();
    }

    /// <summary>Accepts the next client whenever none is connected.</summary>
    private void AcceptLoop()
    {
        while (!_disposed)
        {
            if (HasClient)
            {
                Thread.Sleep(20);
                continue;
            }
            Socket? client = AcceptOrNull();
            if (client is null)
                return;
            if (_disposed)
            {
                client.Dispose();
                return;
            }
            Attach(client);
        }
    }

    private void ReadLoop(Socket client)
    {
        byte[] buffer = new byte[256];
        try
        {
            int n;
            while ((n = client.Receive(buffer)) > 0)
            {
                for (int i = 0; i < n; i++)
                    _input.Enqueue(buffer[i]);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client went away: the guest simply receives nothing more from it.
        }
        (Socket?, Thread?) gone = (null, null);
        lock (_clientLock)
        {
            if (ReferenceEquals(_client, client))
                gone = DetachClient();
        }
        Close(gone);
    }

    /// <summary>Forgets the client (the caller holds the lock) and returns it for <see cref="Close"/>.</summary>
    private (Socket? Client, Thread? Reader) DetachClient()
    {
        (Socket?, Thread?) detached = (_client, _clientReader);
        _client = null;
        _clientReader = null;
        _pending.Clear();
        return detached;
    }

    /// <summary>
    /// Closes a connection gracefully: FIN, so the client reads everything sent before it. The
    /// reader thread is let go first, since disposing a socket with a receive in progress
    /// aborts the connection (RST) instead.
    /// </summary>
    private static void Close((Socket? Client, Thread? Reader) connection)
    {
        if (connection.Client is not { } client)
            return;
        try
        {
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the client.
        }
        if (connection.Reader is { } reader && reader != Thread.CurrentThread)
            reader.Join(TimeSpan.FromSeconds(2));
        client.Dispose();
    }
}
