namespace PcEmu.Devices.Backends.Audio;

/// <summary>Where a sound device's PCM goes: 16-bit signed mono samples at <see cref="SampleRate"/>.</summary>
public interface IAudioSink
{
    int SampleRate { get; }

    void Write(ReadOnlySpan<short> samples);
}
