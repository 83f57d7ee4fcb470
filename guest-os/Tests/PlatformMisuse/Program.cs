using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Programs devices wrongly and prints what comes back, which must be what a PC gives:
/// absent ports float (all ones at every width), an absent PCI function reads all ones, a
/// PIT control word with the undefined mode 7 (an alias of mode 3) still yields IRQ 0 ticks,
/// and COM1 flooded far past its FIFO in loopback mode has data ready, drains, and then
/// transmits normally again.
/// </summary>
internal static unsafe class Program
{
    private const ushort Com1 = 0x3F8;
    private static uint s_ticks;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("platform misuse");
        int failures = 0;

        // Absent ISA ports: COM2, LPT2 and an unused range.
        failures += Check("absent port 0x2f8 byte", Cpu.In8(0x2F8), 0xFF);
        failures += Check("absent port 0x278 word", Cpu.In16(0x278), 0xFFFF);
        failures += Check("absent port 0x0300 dword", Cpu.In32(0x300), 0xFFFF_FFFF);
        Cpu.Out8(0x2F8, 0x55);
        Cpu.Out32(0x300, 0xDEAD_BEEF);
        failures += Check("absent port after writes", Cpu.In8(0x2F8), 0xFF);

        // PCI: a function nobody holds, and a config access with the enable bit clear.
        Cpu.Out32(0xCF8, 0x8000_0000u | 17u << 11);
        failures += Check("absent pci function", Cpu.In32(0xCFC), 0xFFFF_FFFF);
        Cpu.Out32(0xCF8, 0);

        // PIT: a control word with mode 7 (an alias of mode 3 on the 8254; QEMU's model never
        // raises IRQ 0 in it, so the cross-check only counts ticks after mode 2 is set again),
        // a read-back command for no counter, then counter 0 at 100 Hz; IRQ 0 must come.
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);
        Interrupts.IrqHandler = &OnIrq;
        Cpu.Out8(0x43, 0x3E);                // counter 0, low/high, mode 7, binary
        Cpu.Out8(0x40, 0x9C);
        Cpu.Out8(0x40, 0x2E);
        Cpu.Out8(0x43, 0xC0);                // read-back selecting no counter
        Cpu.Out8(0x43, 0x34);                // counter 0, low/high, mode 2
        Cpu.Out8(0x40, 0x9C);                // 11932 = 100 Hz
        Cpu.Out8(0x40, 0x2E);
        Interrupts.Mask(0xFFFE);
        while (s_ticks < 5)
            Cpu.EnableInterruptsAndHalt();
        Cpu.DisableInterrupts();
        Interrupts.Mask(0xFFFF);
        Serial.WriteLine("pit ticks after a mode 7 control word: ok");

        // COM1: loopback, then 1000 bytes without looking at the line status.
        Cpu.Out8(Com1 + 4, 0x13);            // loopback, DTR, RTS
        for (int i = 0; i < 1000; i++)
            Cpu.Out8(Com1, (byte)i);
        while ((Cpu.In8(Com1 + 5) & 0x40) == 0)
        {
        }
        byte status = Cpu.In8(Com1 + 5);
        for (int i = 0; i < 100 && (Cpu.In8(Com1 + 5) & 0x01) != 0; i++)
            Cpu.In8(Com1);
        byte drained = Cpu.In8(Com1 + 5);
        Cpu.Out8(Com1 + 4, 0x03);            // loopback off: what follows goes out again
        failures += Check("flooded uart data ready", (uint)(status & 0x01), 0x01);
        failures += Check("uart line status after drain", drained, 0x60);
        Serial.WriteLine("uart transmits after the flood: ok");

        Serial.WriteLine(failures == 0 ? "all checks passed" : "some checks FAILED");
        DebugExit.Exit(failures == 0 ? DebugExit.Passed : DebugExit.Failed);
    }

    private static void OnIrq(int irq)
    {
        if (irq == 0)
            s_ticks++;
    }

    private static int Check(string name, uint actual, uint expected)
    {
        Serial.Write(name);
        Serial.Write(": 0x");
        Serial.WriteHex(actual, 8);
        if (actual == expected)
        {
            Serial.WriteLine(" ok");
            return 0;
        }
        Serial.Write(" FAIL, expected 0x");
        Serial.WriteHex(expected, 8);
        Serial.Write('\n');
        return 1;
    }
}
