using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Resets the PC four ways, one per boot, and counts the boots in RAM at 16 MiB (outside the
/// kernel image and the loader's data, and untouched by a reset on a PC, in QEMU and in
/// pcemu): boot 1 writes 0x06 to the PIIX3 reset control register 0xCF9, boot 2 sets bit 0 of
/// port 0x92, boot 3 sends command 0xFE to the 8042, boot 4 triple-faults (IDT limit 0, then a
/// divide error). Boot 5 reports and exits. A machine that only stops on a reset (QEMU's
/// -no-reboot, pcemu's --no-reboot) ends after the "boot 1" line.
/// </summary>
internal static unsafe class Program
{
    private const uint Marker = 0x1000000;
    private const uint Magic = 0x52534554; // "RSET"

    private static int s_zero;
    private static volatile int s_spin;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        uint* marker = (uint*)Marker;
        uint boot = marker[0] == Magic ? marker[1] + 1 : 1;
        marker[0] = Magic;
        marker[1] = boot;
        Serial.Write("boot ");
        Serial.WriteDecimal(boot);
        switch (boot)
        {
            case 1:
                Serial.WriteLine(": reset through port 0xcf9");
                Cpu.Out8(0xCF9, 0x06);       // system reset (bit 2), hard (bit 1)
                break;
            case 2:
                Serial.WriteLine(": reset through port 0x92");
                Cpu.Out8(0x92, (byte)(Cpu.In8(0x92) | 0x01));
                break;
            case 3:
                Serial.WriteLine(": reset through the 8042 (command 0xfe)");
                while ((Cpu.In8(0x64) & 0x02) != 0)
                {
                }
                Cpu.Out8(0x64, 0xFE);
                break;
            case 4:
                Serial.WriteLine(": reset by a triple fault");
                TripleFault();
                break;
            default:
                Serial.WriteLine(": every reset rebooted the machine");
                marker[0] = 0;
                DebugExit.Exit(DebugExit.Passed);
                break;
        }
        // A reset takes effect within a few instructions (QEMU leaves its translated block
        // first); still running after this delay means it did not happen.
        for (int i = 0; i < 1_000_000; i++)
            s_spin++;
        Serial.WriteLine("the machine did not reset");
        marker[0] = 0;
        DebugExit.Exit(DebugExit.Failed);
    }

    /// <summary>An empty IDT: the divide error cannot be delivered, nor the #GP nor the #DF that follow.</summary>
    private static void TripleFault()
    {
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 0;
        *(uint*)(descriptor + 2) = 0;
        Cpu.LoadIdt(descriptor);
        Serial.WriteDecimal((uint)(100 / s_zero));
    }
}
