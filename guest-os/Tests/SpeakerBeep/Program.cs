using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Plays two tones on the PC speaker, timed by PIT counter 0 at ~1 kHz (mode 2, divisor 1193)
/// on IRQ 0: counter 2 in mode 3 (square wave) for 440 Hz (divisor 2712) during
/// <see cref="LowToneTicks"/> ticks, a pause of <see cref="PauseTicks"/>, 1 kHz (divisor 1193)
/// during <see cref="HighToneTicks"/>, a pause, then exit. A tone starts on the first
/// instruction after a tick and sounds while port 0x61 bits 0 (GATE2) and 1 (speaker data)
/// are set (IBM PC AT Technical Reference, system control port B). While each tone plays it
/// checks that port 0x61 bit 5 (OUT2) is seen both low and high, i.e. the counter runs.
/// A host records the speaker and checks the lengths and pitches against these constants.
/// </summary>
internal static unsafe class Program
{
    public const int LowToneTicks = 200, HighToneTicks = 150, PauseTicks = 100;
    private const ushort PitCounter0 = 0x40, PitCounter2 = 0x42, PitControl = 0x43, PortB = 0x61;
    private const ushort TickDivisor = 1193;     // 1193182 Hz / 1193 = 1000.15 Hz
    private const ushort LowToneDivisor = 2712;  // 439.97 Hz
    private const ushort HighToneDivisor = 1193; // 1000.15 Hz
    private const byte Gate2 = 0x01, SpeakerData = 0x02, Out2 = 0x20;

    private static uint s_ticks;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("speaker beep: PIT counter 2 in mode 3 through port 0x61");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.IrqHandler = &OnIrq;

        Cpu.Out8(PitControl, 0x34);          // counter 0, low then high byte, mode 2, binary
        Cpu.Out8(PitCounter0, unchecked((byte)TickDivisor));
        Cpu.Out8(PitCounter0, (byte)(TickDivisor >> 8));
        Interrupts.Mask(0xFFFE);             // IRQ 0 only

        bool ok = Tone(LowToneDivisor, LowToneTicks, "440 Hz");
        WaitTicks(PauseTicks);
        ok &= Tone(HighToneDivisor, HighToneTicks, "1000 Hz");
        WaitTicks(PauseTicks);
        Cpu.DisableInterrupts();
        DebugExit.Exit(ok ? DebugExit.Passed : DebugExit.Failed);
    }

    /// <summary>Sounds counter 2 with <paramref name="divisor"/> from one tick edge for <paramref name="ticks"/> ticks.</summary>
    private static bool Tone(ushort divisor, uint ticks, string name)
    {
        Cpu.Out8(PitControl, 0xB6);          // counter 2, low then high byte, mode 3, binary
        Cpu.Out8(PitCounter2, unchecked((byte)divisor));
        Cpu.Out8(PitCounter2, (byte)(divisor >> 8));
        WaitTicks(1);                        // align on a tick edge
        uint start = s_ticks;
        byte control = Cpu.In8(PortB);
        Cpu.Out8(PortB, (byte)(control | Gate2 | SpeakerData));
        bool toggles = Out2SeenLowAndHigh();
        while (s_ticks - start < ticks)
            Cpu.EnableInterruptsAndHalt();
        Cpu.Out8(PortB, (byte)(Cpu.In8(PortB) & ~(Gate2 | SpeakerData) & 0x0F));
        uint played = s_ticks - start;

        Serial.Write("tone ");
        Serial.Write(name);
        Serial.Write(": ");
        Serial.WriteDecimal(played);
        Serial.WriteLine(" ticks");
        Serial.Write("OUT2 toggles while gated: ");
        Serial.WriteLine(toggles ? "yes" : "NO");
        return toggles && played == ticks;
    }

    /// <summary>Polls port 0x61 bit 5 until it has read both levels (a period is at most ~2.3 ms).</summary>
    private static bool Out2SeenLowAndHigh()
    {
        bool low = false, high = false;
        for (int i = 0; i < 1_000_000 && !(low && high); i++)
        {
            if ((Cpu.In8(PortB) & Out2) != 0)
                high = true;
            else
                low = true;
        }
        return low && high;
    }

    private static void WaitTicks(uint ticks)
    {
        uint start = s_ticks;
        while (s_ticks - start < ticks)
            Cpu.EnableInterruptsAndHalt();
    }

    private static void OnIrq(int irq)
    {
        if (irq == 0)
            s_ticks++;
    }
}
