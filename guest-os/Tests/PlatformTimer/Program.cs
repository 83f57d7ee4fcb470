using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Programs the PIC and PIT channel 0 for 100 Hz (mode 2, divisor 11932), counts IRQ 0
/// ticks in a handler, and measures them against the RTC: it waits for a seconds edge (read
/// only while status A's update-in-progress bit is clear), then counts ticks over the next
/// <see cref="Seconds"/> edges, halting between ticks. The verdict line is the same on any
/// correct PC, however fast its host: ticks per RTC second within 90..110.
/// </summary>
internal static unsafe class Program
{
    private const int Seconds = 3;
    private const ushort PitCounter0 = 0x40, PitControl = 0x43;
    private const ushort CmosIndex = 0x70, CmosData = 0x71;
    private const byte RtcSeconds = 0x00, RtcStatusA = 0x0A;
    private const byte UpdateInProgress = 0x80;
    private const ushort Divisor = 11932; // 1193182 Hz / 11932 = 100.0 Hz

    private static uint s_ticks;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("platform timer: PIT channel 0 at 100 Hz against the RTC");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.IrqHandler = &OnIrq;

        Cpu.Out8(PitControl, 0x34);          // counter 0, low then high byte, mode 2, binary
        Cpu.Out8(PitCounter0, unchecked((byte)Divisor));
        Cpu.Out8(PitCounter0, (byte)(Divisor >> 8));
        Interrupts.Mask(0xFFFE);             // IRQ 0 only

        WaitForSecondsEdge();
        uint start = s_ticks;
        for (int i = 0; i < Seconds; i++)
            WaitForSecondsEdge();
        uint ticks = s_ticks - start;
        Cpu.DisableInterrupts();

        Serial.Write("IRQ 0 ticks over ");
        Serial.WriteDecimal(Seconds);
        Serial.WriteLine(" RTC seconds counted");
        bool ok = ticks >= 90 * Seconds && ticks <= 110 * Seconds;
        if (ok)
        {
            Serial.WriteLine("ticks per RTC second within 90..110: yes");
        }
        else
        {
            Serial.Write("ticks per RTC second within 90..110: NO (");
            Serial.WriteDecimal(ticks);
            Serial.WriteLine(" ticks)");
        }
        DebugExit.Exit(ok ? DebugExit.Passed : DebugExit.Failed);
    }

    private static void OnIrq(int irq)
    {
        if (irq == 0)
            s_ticks++;
    }

    /// <summary>Halts tick by tick until the RTC's seconds register changes.</summary>
    private static void WaitForSecondsEdge()
    {
        byte first = ReadSeconds();
        while (ReadSeconds() == first)
            Cpu.EnableInterruptsAndHalt();
    }

    /// <summary>Reads the seconds register outside an update cycle (MC146818A datasheet, "Update Cycle").</summary>
    private static byte ReadSeconds()
    {
        while ((ReadCmos(RtcStatusA) & UpdateInProgress) != 0)
        {
        }
        return ReadCmos(RtcSeconds);
    }

    private static byte ReadCmos(byte index)
    {
        Cpu.Out8(CmosIndex, index);
        return Cpu.In8(CmosData);
    }
}
