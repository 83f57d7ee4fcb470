using System.Buffers.Binary;
using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Tests.Support;

namespace PcEmu.Devices.Tests.Network;

/// <summary>The pcap writer's output read back: global header, record headers, frames, virtual timestamps.</summary>
public sealed class PcapWriterTests
{
    private static List<(uint Seconds, uint Micros, byte[] Data, uint OriginalLength)> ParseRecords(byte[] file)
    {
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)));
        Assert.Equal(65535u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20))); // Ethernet
        var records = new List<(uint, uint, byte[], uint)>();
        int at = PcapWriter.GlobalHeaderBytes;
        while (at < file.Length)
        {
            uint seconds = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            uint micros = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            int included = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            uint original = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12));
            records.Add((seconds, micros, file.AsSpan(at + 16, included).ToArray(), original));
            at += 16 + included;
        }
        Assert.Equal(file.Length, at);
        return records;
    }

    [Fact]
    public void Recorder_writes_both_directions_with_virtual_timestamps()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-{Guid.NewGuid():N}.pcap");
        try
        {
            var clock = new ManualClock { NowNanoseconds = 2_500_000_000 };
            var inner = new MemoryNetworkBackend();
            using (var backend = new PcapRecordingBackend(inner, PcapWriter.Create(path, clock)))
            {
                byte[] sent = Enumerable.Repeat((byte)0xAB, 60).ToArray();
                backend.Send(sent);
                clock.Advance(1_000);
                inner.Inject(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 });
                Assert.True(backend.TryReceive(out _));
                Assert.False(backend.TryReceive(out _));
            }

            var records = ParseRecords(File.ReadAllBytes(path));
            Assert.Equal(2, records.Count);
            Assert.Equal((2u, 500_000u), (records[0].Seconds, records[0].Micros));
            Assert.Equal(60, records[0].Data.Length);
            Assert.Equal(60u, records[0].OriginalLength);
            Assert.Equal((2u, 500_001u), (records[1].Seconds, records[1].Micros));
            Assert.Equal(14u, records[1].OriginalLength);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_pcap_spec_wraps_the_transport()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-{Guid.NewGuid():N}.pcap");
        try
        {
            using (INetworkBackend backend = NetworkBackendOptions.CreateBackend($"none;pcap,file={path}", new ManualClock()))
            {
                var recorder = Assert.IsType<PcapRecordingBackend>(backend);
                Assert.IsType<NullNetworkBackend>(recorder.Inner);
                backend.Send(new byte[60]);
            }
            Assert.Single(ParseRecords(File.ReadAllBytes(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Frames_longer_than_the_snap_length_are_truncated_with_their_original_length()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, new ManualClock(), snapLength: 100, ownsStream: false))
            writer.Write(new byte[1500]);
        var records = ParseRecordsAnySnap(stream.ToArray());
        Assert.Equal((100, 1500u), (records.Included, records.Original));
    }

    private static (int Included, uint Original) ParseRecordsAnySnap(byte[] file) =>
        ((int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24 + 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24 + 12)));
}
