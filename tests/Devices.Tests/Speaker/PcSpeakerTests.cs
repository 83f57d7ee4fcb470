using NAudio.Wave;
using PcEmu.Devices.Backends.Audio;
using PcEmu.Devices.Pit;
using PcEmu.Devices.Speaker;
using PcEmu.Devices.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Speaker;

/// <summary>The speaker driven the way a BIOS beep does it: PIT counter 2 in mode 3 through ports 0x42/0x43, gated by port 0x61.</summary>
public sealed class PcSpeakerTests
{
    private sealed class RecordingSink(int sampleRate) : IAudioSink
    {
        public int SampleRate { get; } = sampleRate;

        public List<short> Samples { get; } = new();

        public void Write(ReadOnlySpan<short> samples) => Samples.AddRange(samples.ToArray());
    }

    private sealed class Rig
    {
        public Rig(IAudioSink sink)
        {
            var timers = new VirtualTimerQueue(Clock);
            Pit = new Pit8254(timers, new RecordingIrqLine());
            new Pit8254Isa(Pit).Register(Bus);
            PortB = new SystemControlPortB(Pit);
            PortB.Register(Bus);
            Speaker = new PcSpeaker(Pit, PortB, sink);
        }

        public ManualClock Clock { get; } = new();

        public IoPortBus Bus { get; } = new();

        public Pit8254 Pit { get; }

        public SystemControlPortB PortB { get; }

        public PcSpeaker Speaker { get; }

        public void Out(ushort port, byte value)
        {
            Speaker.Synchronize();
            Bus.Write(port, 1, value);
        }

        public void Beep(int count)
        {
            Out(0x43, 0xB6); // counter 2, low then high, mode 3
            Out(0x42, (byte)count);
            Out(0x42, (byte)(count >> 8));
            Out(0x61, 0x03); // gate and speaker data
        }

        public void Run(long nanoseconds)
        {
            Clock.Advance(nanoseconds);
            Speaker.Synchronize();
        }
    }

    private static int RisingEdges(IReadOnlyList<short> samples, int from = 0)
    {
        int edges = 0;
        for (int i = Math.Max(1, from); i < samples.Count; i++)
        {
            if (samples[i] > 0 && samples[i - 1] <= 0)
                edges++;
        }
        return edges;
    }

    [Fact]
    public void Mode3CountPlaysItsFrequencyFromVirtualTime()
    {
        var sink = new RecordingSink(44_100);
        var rig = new Rig(sink);
        rig.Beep(1193); // 1000.15 Hz
        Assert.Equal(1000, rig.Speaker.CurrentFrequency, 0);
        rig.Run(1_000_000_000);
        Assert.Equal(44_100, sink.Samples.Count);
        Assert.InRange(RisingEdges(sink.Samples), 999, 1001);
        Assert.All(sink.Samples, s => Assert.True(s == PcSpeaker.Amplitude || s == -PcSpeaker.Amplitude));
        int high = sink.Samples.Count(s => s > 0);
        Assert.InRange(high, 44_100 / 2 - 100, 44_100 / 2 + 100);
    }

    [Fact]
    public void SampleCountDoesNotDependOnHowOftenTheMachineSynchronizes()
    {
        var coarse = new RecordingSink(22_050);
        var fine = new RecordingSink(22_050);
        var a = new Rig(coarse);
        var b = new Rig(fine);
        a.Beep(2711);
        b.Beep(2711);
        a.Run(250_000_000);
        for (int i = 0; i < 1000; i++)
            b.Run(250_000);
        Assert.Equal(coarse.Samples, fine.Samples);
    }

    [Fact]
    public void Port61GatesTheSound()
    {
        var sink = new RecordingSink(8_000);
        var rig = new Rig(sink);
        rig.Beep(1193);
        rig.Run(100_000_000);
        rig.Out(0x61, 0x01); // data disabled: the cone rests
        rig.Run(100_000_000);
        Assert.Equal(0, rig.Speaker.CurrentFrequency);
        Assert.True(RisingEdges(sink.Samples) > 50);
        Assert.All(sink.Samples.Skip(801), s => Assert.Equal(0, s));

        rig.Out(0x61, 0x03);
        int before = sink.Samples.Count;
        rig.Run(100_000_000);
        Assert.InRange(RisingEdges(sink.Samples, before), 99, 101);
    }

    [Fact]
    public void NothingProgrammedIsSilence()
    {
        var sink = new RecordingSink(8_000);
        var rig = new Rig(sink);
        rig.Run(50_000_000);
        Assert.Equal(400, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.Equal(0, s));
    }

    [Fact]
    public void WavFileBackEndWritesPlayablePcm()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-speaker-{Environment.ProcessId}.wav");
        try
        {
            using (var wav = new WavFileAudioSink(path, 44_100))
            {
                var rig = new Rig(wav);
                rig.Beep(2711); // 440 Hz
                rig.Run(500_000_000);
                Assert.Equal(22_050, wav.SampleCount);
            }

            using var reader = new WaveFileReader(path);
            Assert.Equal(44_100, reader.WaveFormat.SampleRate);
            Assert.Equal(16, reader.WaveFormat.BitsPerSample);
            Assert.Equal(1, reader.WaveFormat.Channels);
            Assert.Equal(22_050 * 2, reader.Length);
            byte[] data = new byte[reader.Length];
            reader.ReadExactly(data);
            var samples = new List<short>();
            for (int i = 0; i < data.Length; i += 2)
                samples.Add((short)(data[i] | data[i + 1] << 8));
            Assert.InRange(RisingEdges(samples), 219, 221);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
