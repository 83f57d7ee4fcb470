using System.Buffers.Binary;
using PcEmu.Memory;

namespace PcEmu.Devices.Backends.Network;

/// <summary>
/// Writes frames to a classic libpcap file (magic 0xA1B2C3D4, version 2.4, microsecond
/// timestamps, link type 1 = Ethernet), which tcpdump, tshark and Wireshark read. Timestamps
/// come from the virtual clock when one is given (deterministic captures), else from the host
/// clock. Each record is flushed to the file as it is written, so a capture survives a crash.
/// Thread-safe.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    public const uint Magic = 0xA1B2_C3D4;
    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;
    public const uint LinkTypeEthernet = 1;
    public const int GlobalHeaderBytes = 24;
    public const int RecordHeaderBytes = 16;

    private readonly Stream _stream;
    private readonly IVirtualClock? _clock;
    private readonly object _lock = new();
    private readonly bool _ownsStream;

    public PcapWriter(Stream stream, IVirtualClock? clock = null, int snapLength = 65535, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _clock = clock;
        _ownsStream = ownsStream;
        SnapLength = snapLength;
        Span<byte> header = stackalloc byte[GlobalHeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone: UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        _stream.Write(header);
        _stream.Flush();
    }

    public int SnapLength { get; }

    public long FramesWritten { get; private set; }

    /// <summary>Creates (or truncates) <paramref name="path"/>.</summary>
    public static PcapWriter Create(string path, IVirtualClock? clock = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), clock);

    public void Write(ReadOnlySpan<byte> frame)
    {
        long micros = _clock is { } clock
            ? clock.NowNanoseconds / 1_000
            : (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        int captured = Math.Min(frame.Length, SnapLength);
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)captured);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        lock (_lock)
        {
            _stream.Write(header);
            _stream.Write(frame[..captured]);
            _stream.Flush();
            FramesWritten++;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_ownsStream)
                _stream.Dispose();
        }
    }
}
