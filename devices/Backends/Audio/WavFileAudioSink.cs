using NAudio.Wave;

namespace PcEmu.Devices.Backends.Audio;

/// <summary>
/// Writes PCM to a WAV file (16-bit mono) with NAudio.Core's <see cref="WaveFileWriter"/>, for
/// headless runs. The header's sizes are fixed up when the sink is disposed; <see cref="Flush"/>
/// makes the file valid so far without closing it.
/// </summary>
public sealed class WavFileAudioSink : IAudioSink, IDisposable
{
    public const int DefaultSampleRate = 44_100;

    private readonly WaveFileWriter _writer;
    private byte[] _buffer = new byte[4096];

    public WavFileAudioSink(string path, int sampleRate = DefaultSampleRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
        _writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, 1));
    }

    public int SampleRate { get; }

    /// <summary>Samples written so far.</summary>
    public long SampleCount { get; private set; }

    public void Write(ReadOnlySpan<short> samples)
    {
        int bytes = samples.Length * 2;
        if (_buffer.Length < bytes)
            _buffer = new byte[Math.Max(bytes, _buffer.Length * 2)];
        for (int i = 0; i < samples.Length; i++)
        {
            _buffer[2 * i] = (byte)samples[i];
            _buffer[2 * i + 1] = (byte)(samples[i] >> 8);
        }
        _writer.Write(_buffer, 0, bytes);
        SampleCount += samples.Length;
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
