using System.Buffers.Binary;
using Iced.Intel;
using PcEmu.Machine.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Machine.Tests.Cli;

/// <summary><c>pcemu run --speaker-wav</c>: the PC speaker recorded on virtual time.</summary>
public sealed class PcemuSpeakerOptionTests : IDisposable
{
    private const int ToneLoops = 10_000_000; // LOOP iterations: 10 ms of virtual time at 1 ns per instruction

    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-cli-speaker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Stderr) Run(params string[] args)
    {
        var (code, _, stderr) = PcemuInProcess.RunBinary(args);
        return (code, stderr);
    }

    /// <summary>Counter 2 in mode 3 at divisor 1193 (1 kHz), gated on for <see cref="ToneLoops"/> LOOPs, then off; exits with 0x10.</summary>
    private string WriteToneKernel()
    {
        byte[] image = TestKernels.Build(a =>
        {
            a.mov(al, 0xB6);
            a.@out(0x43, al);
            a.mov(al, 1193 & 0xFF);
            a.@out(0x42, al);
            a.mov(al, 1193 >> 8);
            a.@out(0x42, al);
            a.mov(al, 0x03);
            a.@out(0x61, al);
            a.mov(ecx, ToneLoops);
            Label spin = a.CreateLabel();
            a.Label(ref spin);
            a.loop(spin);
            a.mov(al, 0x00);
            a.@out(0x61, al);
            a.mov(dx, 0xF4);
            a.mov(al, 0x10);
            a.@out(dx, al);
            a.hlt();
        });
        string path = Path.Combine(_dir, "tone.elf");
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void SpeakerWavHoldsTheToneForItsVirtualTime()
    {
        string kernel = WriteToneKernel();
        string wav = Path.Combine(_dir, "speaker.wav");

        var (code, stderr) = Run("run", "--kernel", kernel, "--serial", "none", "--vga", "none", "--speaker-wav", wav);

        Assert.True(code == 0x21, stderr);
        byte[] bytes = File.ReadAllBytes(wav);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal(44_100, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(bytes.Length - 44, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)));
        short[] samples = new short[(bytes.Length - 44) / 2];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i));

        int sounding = samples.Count(s => s != 0);
        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if (samples[i] != 0 && samples[i - 1] != 0 && samples[i] > 0 != samples[i - 1] > 0)
                crossings++;
        }
        Assert.InRange(sounding, 440, 443);   // 10 ms at 44.1 kHz, plus a few instructions
        Assert.InRange(crossings, 19, 21);    // 1000.15 Hz for 10 ms: 10 periods
    }

    [Fact]
    public void SpeakerWavNeedsAFileName()
    {
        var (code, stderr) = Run("run", "--kernel", "k.elf", "--speaker-wav", "");

        Assert.Equal(2, code);
        Assert.Contains("--speaker-wav", stderr);
    }

    [Fact]
    public void SpeakerWavInAMissingDirectoryIsAUsageError()
    {
        string kernel = WriteToneKernel();

        var (code, stderr) = Run("run", "--kernel", kernel, "--serial", "none", "--speaker-wav", Path.Combine(_dir, "no", "such", "x.wav"));

        Assert.Equal(2, code);
        Assert.Contains("--speaker-wav: cannot create", stderr);
    }
}
