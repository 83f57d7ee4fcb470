using PcEmu.Devices.Speaker;
using PcEmu.Memory;

namespace PcEmu.Machine.Platform;

/// <summary>
/// Puts a <see cref="PcSpeaker"/> in front of the ports that change what it plays (the PIT at
/// 0x40-0x43, port 0x61): before each write it produces the samples up to that instant, so
/// every tone starts and stops on the sample of the write that caused it. Reads pass through.
/// </summary>
internal sealed class SpeakerSynchronizedPorts : IPortDevice
{
    private readonly IPortDevice _inner;
    private readonly PcSpeaker _speaker;

    public SpeakerSynchronizedPorts(IPortDevice inner, PcSpeaker speaker)
    {
        _inner = inner;
        _speaker = speaker;
    }

    public uint ReadPort(ushort port, int size) => _inner.ReadPort(port, size);

    public void WritePort(ushort port, int size, uint value)
    {
        _speaker.Synchronize();
        _inner.WritePort(port, size, value);
    }
}
