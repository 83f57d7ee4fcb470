using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Interrupt-driven COM1 input: FIFOs on with a trigger level of 4, the received-data
/// interrupt enabled, IRQ 4 unmasked. The IRQ handler drains the receive FIFO while LSR
/// shows data ready (so both the trigger-level and the character-timeout interrupts are
/// served); the main loop halts between interrupts and echoes every complete line as
/// "echo: LINE (N bytes)". The line "quit" ends the run. The test sends its lines after
/// "ready", through whatever carries COM1 (a TCP socket, an in-memory back end).
/// </summary>
internal static unsafe class Program
{
    private const ushort Com1 = 0x3F8;
    private const ushort Ier = Com1 + 1, Fcr = Com1 + 2, Lsr = Com1 + 5;
    private const byte DataReady = 0x01;
    private const int BufferSize = 256;
    private const int LineSize = 80;

    private static byte* s_received;
    private static uint s_head;
    private static uint s_tail;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("platform serial echo");
        byte* tables = stackalloc byte[8192];
        byte* received = stackalloc byte[BufferSize];
        byte* line = stackalloc byte[LineSize];
        s_received = received;
        Interrupts.Initialize(tables);
        Interrupts.IrqHandler = &OnIrq;

        Cpu.Out8(Fcr, 0x47);                 // FIFOs on, both cleared, trigger level 4
        Cpu.Out8(Com1 + 4, 0x0B);            // DTR, RTS, OUT2 (the IRQ gate on a real PC)
        Cpu.Out8(Ier, 0x01);                 // received data available (and character timeout)
        Interrupts.Mask(0xFFEF);             // IRQ 4 only
        Serial.WriteLine("ready");

        int length = 0;
        uint lines = 0;
        uint total = 0;
        while (true)
        {
            Cpu.EnableInterruptsAndHalt();
            Cpu.DisableInterrupts();
            while (s_tail != s_head)
            {
                byte b = s_received[s_tail % BufferSize];
                s_tail++;
                total++;
                if (b == (byte)'\r')
                    continue;
                if (b != (byte)'\n')
                {
                    if (length < LineSize)
                        line[length++] = b;
                    continue;
                }
                if (IsQuit(line, length))
                {
                    Serial.Write("lines: ");
                    Serial.WriteDecimal(lines);
                    Serial.Write(", bytes: ");
                    Serial.WriteDecimal(total);
                    Serial.Write('\n');
                    DebugExit.Exit(DebugExit.Passed);
                }
                Serial.Write("echo: ");
                for (int i = 0; i < length; i++)
                    Serial.Write((char)line[i]);
                Serial.Write(" (");
                Serial.WriteDecimal((uint)length);
                Serial.WriteLine(" bytes)");
                lines++;
                length = 0;
            }
        }
    }

    private static void OnIrq(int irq)
    {
        if (irq != 4)
            return;
        while ((Cpu.In8(Lsr) & DataReady) != 0)
        {
            byte b = Cpu.In8(Com1);
            if (s_head - s_tail < BufferSize)
                s_received[s_head++ % BufferSize] = b;
        }
    }

    private static bool IsQuit(byte* line, int length) =>
        length == 4 && line[0] == 'q' && line[1] == 'u' && line[2] == 'i' && line[3] == 't';
}
