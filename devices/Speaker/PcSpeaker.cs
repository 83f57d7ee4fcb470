using PcEmu.Devices.Backends.Audio;
using PcEmu.Devices.Pit;

namespace PcEmu.Devices.Speaker;

/// <summary>
/// The PC speaker: the cone follows OUT2 of the <see cref="Pit8254"/> AND port 0x61 bit 1
/// (<see cref="SystemControlPortB.SpeakerDataEnabled"/>); port 0x61 bit 0 gates counter 2.
/// It owns no ports (0x61 is <see cref="SystemControlPortB"/>'s) and only reads the PIT.
/// <para>
/// Samples are computed from virtual time, never ticked: <see cref="Synchronize"/> produces
/// every sample up to a virtual instant and hands them to the <see cref="IAudioSink"/>. While
/// counter 2 runs in mode 3 (or 2) with data enabled, sample n is the square wave (or pulse
/// train) of the programmed period evaluated at the PIT tick of its instant, so the pitch is
/// exact at any sample rate; otherwise the cone rests at OUT2's level (high = +amplitude,
/// low or data disabled = 0). Periods shorter than <see cref="MinimumAudiblePeriodTicks"/>
/// (above ~20 kHz) are ultrasonic and give the resting level.
/// </para>
/// <para>
/// Known gap: the state is sampled when <see cref="Synchronize"/> runs and assumed constant
/// since the previous call, so the machine should call it before every write to ports 0x42,
/// 0x43 and 0x61 (and between run slices) for exact edges; bit-banged PWM audio is only as
/// exact as those calls. No low-pass filter models the cone.
/// </para>
/// </summary>
public sealed class PcSpeaker
{
    public const short Amplitude = 8_000;

    /// <summary>PIT ticks below which the tone is above human hearing (1193182 / 60 = 19.9 kHz).</summary>
    public const int MinimumAudiblePeriodTicks = 60;

    private readonly Pit8254 _pit;
    private readonly SystemControlPortB _portB;
    private readonly IAudioSink _sink;
    private readonly short[] _chunk = new short[1024];
    private long _nextSample;

    public PcSpeaker(Pit8254 pit, SystemControlPortB portB, IAudioSink sink)
    {
        ArgumentNullException.ThrowIfNull(pit);
        ArgumentNullException.ThrowIfNull(portB);
        ArgumentNullException.ThrowIfNull(sink);
        _pit = pit;
        _portB = portB;
        _sink = sink;
        _nextSample = SampleIndexAt(pit.Clock.NowNanoseconds);
    }

    public int SampleRate => _sink.SampleRate;

    /// <summary>Samples produced so far (counted from virtual time 0).</summary>
    public long SamplesProduced => _nextSample;

    /// <summary>The tone the speaker plays now in Hz, or 0 when it is silent or resting.</summary>
    public double CurrentFrequency
    {
        get
        {
            int period = AudiblePeriod();
            return period == 0 ? 0 : (double)PitClock.InputClockHz / period;
        }
    }

    /// <summary>Produces every sample whose instant lies before the virtual clock's now.</summary>
    public void Synchronize() => SynchronizeTo(_pit.Clock.NowNanoseconds);

    /// <summary>Produces every sample whose instant lies before <paramref name="nanoseconds"/>.</summary>
    public void SynchronizeTo(long nanoseconds)
    {
        long end = SampleIndexAt(nanoseconds);
        if (end <= _nextSample)
            return;

        int period = AudiblePeriod();
        bool pulse = _pit.GetMode(Pit8254.SpeakerChannel) == PitMode.RateGenerator;
        short rest = _portB.SpeakerDataEnabled && _pit.GetOutput(Pit8254.SpeakerChannel) ? Amplitude : (short)0;
        while (_nextSample < end)
        {
            int count = (int)Math.Min(_chunk.Length, end - _nextSample);
            for (int i = 0; i < count; i++)
            {
                long sample = _nextSample + i;
                _chunk[i] = period == 0 ? rest : Wave(PitClock.TickAt(SampleTime(sample)), period, pulse);
            }
            _sink.Write(_chunk.AsSpan(0, count));
            _nextSample += count;
        }
    }

    /// <summary>OUT2 in mode 3: high for (N+1)/2 ticks, low for the rest; in mode 2: low for one tick per period.</summary>
    private static short Wave(long tick, int period, bool pulse)
    {
        long phase = tick % period;
        bool high = pulse ? phase != period - 1 : phase < (period + 1) / 2;
        return high ? Amplitude : (short)-Amplitude;
    }

    private int AudiblePeriod()
    {
        if (!_portB.SpeakerDataEnabled || !_pit.GetGate(Pit8254.SpeakerChannel))
            return 0;
        int period = _pit.GetPeriodTicks(Pit8254.SpeakerChannel);
        return period >= MinimumAudiblePeriodTicks ? period : 0;
    }

    private long SampleIndexAt(long nanoseconds) =>
        (long)((Int128)nanoseconds * SampleRate / 1_000_000_000 + ((Int128)nanoseconds * SampleRate % 1_000_000_000 != 0 ? 1 : 0));

    private long SampleTime(long sample) => (long)((Int128)sample * 1_000_000_000 / SampleRate);
}
