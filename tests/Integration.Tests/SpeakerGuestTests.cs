using System.Buffers.Binary;
using PcEmu.Devices.Backends.Audio;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests;

/// <summary>
/// Issue 6 acceptance for the PC speaker: the SpeakerBeep guest (guest-os/Tests/SpeakerBeep)
/// plays 440 Hz for 200 ticks of PIT counter 0 (divisor 1193), pauses 101 ticks, plays 1 kHz
/// for 150 ticks, pauses 100 and exits. pcemu records the speaker to a WAV file; the file is
/// parsed here by hand (RIFF layout) and each tone's length, pitch and the silences checked.
/// </summary>
public sealed class SpeakerGuestTests
{
    private const int PassExitCode = (0x10 << 1) | 1;
    private const int SampleRate = WavFileAudioSink.DefaultSampleRate;
    private const double PitHz = 1_193_182;
    private const double TickSeconds = 1193 / PitHz;
    private const ulong Budget = 5_000_000_000;

    private sealed record Recording(MachineResult Machine, string Serial, byte[] Wav);

    private sealed record Run(int Start, int Length, int ZeroCrossings);

    private static Recording RecordOnPcemu()
    {
        string wav = Path.Combine(Path.GetTempPath(), $"speakerbeep-{Guid.NewGuid():N}.wav");
        try
        {
            CaptureSerialBackend serial = new();
            MachineResult result;
            using (WavFileAudioSink sink = new(wav))
            {
                PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
                {
                    Com1 = serial,
                    Display = DisplayAdapter.None,
                    Speaker = sink,
                });
                string image = GuestImages.Path("SpeakerBeep");
                machine.BootMultiboot(File.ReadAllBytes(image), image, image, Array.Empty<BootModule>());
                result = machine.Run(Budget);
            }
            return new Recording(result, serial.Text, File.ReadAllBytes(wav));
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public void Guest_tones_have_the_programmed_length_and_pitch_with_silence_between()
    {
        Recording recording = RecordOnPcemu();

        Assert.True(recording.Machine.Kind == MachineExitKind.GuestExit, $"{recording.Machine}\n{recording.Serial}");
        Assert.True((uint)PassExitCode == recording.Machine.ExitCode, recording.Serial);
        Assert.Contains("tone 440 Hz: 200 ticks", recording.Serial);
        Assert.Contains("tone 1000 Hz: 150 ticks", recording.Serial);

        short[] samples = ParseWav(recording.Wav);
        List<Run> tones = NonZeroRuns(samples);
        Assert.Equal(2, tones.Count);

        // Each tone starts one tick (plus a few hundred instructions) into its wait and lasts its ticks.
        AssertLength(200 * TickSeconds, tones[0].Length);
        AssertLength(150 * TickSeconds, tones[1].Length);
        AssertLength(101 * TickSeconds, tones[1].Start - (tones[0].Start + tones[0].Length));
        AssertLength(100 * TickSeconds, samples.Length - (tones[1].Start + tones[1].Length));

        AssertPitch(PitHz / 2712, tones[0]);
        AssertPitch(PitHz / 1193, tones[1]);
        Assert.All(samples, s => Assert.True(s is 0 or 8_000 or -8_000, $"sample {s}"));
    }

    [Fact]
    public void Two_runs_write_identical_wav_bytes()
    {
        Recording first = RecordOnPcemu();
        Recording second = RecordOnPcemu();

        Assert.Equal(MachineExitKind.GuestExit, first.Machine.Kind);
        Assert.True(first.Wav.Length > 44 + 2 * SampleRate / 4, $"{first.Wav.Length} bytes");
        Assert.Equal(first.Wav, second.Wav);
    }

    [Fact]
    public void Guest_plays_the_same_pitches_on_pcemu_and_qemu()
    {
        string wav = Path.Combine(Path.GetTempPath(), $"speakerbeep-qemu-{Guid.NewGuid():N}.wav");
        try
        {
            // QEMU's pcspk keeps a looped buffer and its wav back end is paced by the audio
            // timer, so tone lengths and silences differ from the guest's timing: compare pitches only.
            QemuReference.Result qemu = QemuReference.RunKernel(GuestImages.Path("SpeakerBeep"), extraArguments: new[]
            {
                "-vga", "none", "-machine", "acpi=off,pcspk-audiodev=s", "-audiodev", "wav,id=s,path=" + wav,
                "-icount", "shift=0,sleep=off",
            });
            Assert.Equal(PassExitCode, qemu.ExitCode);
            List<double> qemuTones = SteadyTones(ReadWavFirstChannel(File.ReadAllBytes(wav)));
            List<double> pcemuTones = SteadyTones(ParseWav(RecordOnPcemu().Wav));

            Assert.Equal(2, qemuTones.Count);
            Assert.Equal(2, pcemuTones.Count);
            double[] programmed = { PitHz / 2712, PitHz / 1193 };
            for (int i = 0; i < 2; i++)
            {
                Assert.True(Math.Abs(qemuTones[i] / programmed[i] - 1) < 0.005, $"QEMU tone {i}: {qemuTones[i]:F2} Hz, programmed {programmed[i]:F2}");
                Assert.True(Math.Abs(pcemuTones[i] / qemuTones[i] - 1) < 0.005, $"tone {i}: pcemu {pcemuTones[i]:F2} Hz, QEMU {qemuTones[i]:F2} Hz");
            }
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>
    /// The pitches of the steady tones in a recording, in order: rising crossings of the
    /// mid-level, grouped while successive periods stay within 10% of each other; groups of
    /// at least 20 periods count, their pitch being periods over the time they span.
    /// </summary>
    private static List<double> SteadyTones(short[] samples)
    {
        int mid = (samples.Max() + samples.Min()) / 2;
        List<int> rising = new();
        for (int i = 1; i < samples.Length; i++)
        {
            if (samples[i] > mid && samples[i - 1] <= mid)
                rising.Add(i);
        }
        List<double> tones = new();
        int first = 0;
        for (int i = 2; i <= rising.Count; i++)
        {
            int previous = rising[i - 1] - rising[i - 2];
            if (i < rising.Count && Math.Abs(rising[i] - rising[i - 1] - previous) <= 0.1 * previous)
                continue;
            int periods = i - 1 - first;
            if (periods >= 20)
                tones.Add(periods * (double)SampleRate / (rising[i - 1] - rising[first]));
            first = i - 1;
        }
        return tones;
    }

    /// <summary>The first channel of a 16-bit PCM WAV at 44.1 kHz (QEMU's wav back end writes stereo).</summary>
    private static short[] ReadWavFirstChannel(byte[] wav)
    {
        ReadOnlySpan<byte> b = wav;
        Assert.Equal("RIFF"u8.ToArray(), b[..4].ToArray());
        int channels = BinaryPrimitives.ReadInt16LittleEndian(b[22..]);
        Assert.Equal(SampleRate, BinaryPrimitives.ReadInt32LittleEndian(b[24..]));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(b[34..]));
        Assert.Equal("data"u8.ToArray(), b[36..40].ToArray());
        int frames = (b.Length - 44) / (2 * channels);
        short[] samples = new short[frames];
        for (int i = 0; i < frames; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(b[(44 + 2 * channels * i)..]);
        return samples;
    }

    /// <summary>A length in samples within one sample of <paramref name="seconds"/> (the sample quantum).</summary>
    private static void AssertLength(double seconds, int samples)
    {
        double expected = seconds * SampleRate;
        Assert.True(Math.Abs(samples - expected) <= 1.0, $"{samples} samples, expected {expected:F2}");
    }

    /// <summary>A square wave of f Hz over n samples crosses zero 2·f·n/rate times, give or take one at each end.</summary>
    private static void AssertPitch(double hz, Run tone)
    {
        double expected = 2 * hz * tone.Length / SampleRate;
        Assert.True(Math.Abs(tone.ZeroCrossings - expected) <= 2.0, $"{tone.ZeroCrossings} zero crossings, expected {expected:F1} for {hz:F2} Hz");
    }

    private static List<Run> NonZeroRuns(short[] samples)
    {
        List<Run> runs = new();
        int i = 0;
        while (i < samples.Length)
        {
            if (samples[i] == 0)
            {
                i++;
                continue;
            }
            int start = i, crossings = 0;
            for (i++; i < samples.Length && samples[i] != 0; i++)
            {
                if (samples[i] > 0 != samples[i - 1] > 0)
                    crossings++;
            }
            runs.Add(new Run(start, i - start, crossings));
        }
        return runs;
    }

    /// <summary>Checks the canonical 44-byte header of 16-bit mono PCM at 44.1 kHz and returns the samples.</summary>
    private static short[] ParseWav(byte[] wav)
    {
        ReadOnlySpan<byte> b = wav;
        Assert.True(b.Length >= 44, "WAV shorter than its header");
        Assert.Equal("RIFF"u8.ToArray(), b[..4].ToArray());
        Assert.Equal(b.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(b[4..]));
        Assert.Equal("WAVEfmt "u8.ToArray(), b[8..16].ToArray());
        Assert.Equal(16, BinaryPrimitives.ReadInt32LittleEndian(b[16..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b[20..]));          // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b[22..]));          // mono
        Assert.Equal(SampleRate, BinaryPrimitives.ReadInt32LittleEndian(b[24..]));
        Assert.Equal(SampleRate * 2, BinaryPrimitives.ReadInt32LittleEndian(b[28..]));
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(b[32..]));          // block align
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(b[34..]));         // bits per sample
        Assert.Equal("data"u8.ToArray(), b[36..40].ToArray());
        int dataBytes = BinaryPrimitives.ReadInt32LittleEndian(b[40..]);
        Assert.Equal(b.Length - 44, dataBytes);
        short[] samples = new short[dataBytes / 2];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(b[(44 + 2 * i)..]);
        return samples;
    }
}
