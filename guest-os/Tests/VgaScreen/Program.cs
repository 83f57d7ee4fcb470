using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// The VGA screenshot test's guest. It prints the VGA registers the firmware left (mode 3 as
/// the VGA BIOS sets it), then, without any BIOS call, loads its own 8x16 font into plane 2,
/// fills the 80x25 text screen with every character and every attribute, places the cursor,
/// prints "screen text" and waits for a byte on COM1 (the host takes its screenshot then);
/// next it programs mode 13h register by register, loads a 256-colour DAC, draws, prints
/// "screen mode13h" and waits again. The byte the host sends is echoed.
/// </summary>
internal static unsafe class Program
{
    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("vga screen: state left by the firmware");
        VgaDump.Print();
        TextScreen.Draw();
        Serial.WriteLine("screen text");
        WaitForHost();
        Mode13h.Set();
        Mode13h.Draw();
        Serial.WriteLine("screen mode13h");
        WaitForHost();
        Serial.WriteLine("vga screen: done");
        DebugExit.Exit(DebugExit.Passed);
    }

    /// <summary>Polls COM1's line status (data ready) for one byte from the host and echoes it.</summary>
    private static void WaitForHost()
    {
        while ((Cpu.In8(0x3F8 + 5) & 0x01) == 0)
        {
        }
        byte received = Cpu.In8(0x3F8);
        Serial.Write("host: ");
        Serial.WriteHex(received, 2);
        Serial.Write('\n');
    }
}
