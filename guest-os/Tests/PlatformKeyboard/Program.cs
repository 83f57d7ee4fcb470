using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// The 8042 and its keyboard as a PC driver sees them. First, polled with interrupts off: the
/// controller self-test (0xAA), the command byte (translation, IRQ 1, mouse port disabled),
/// the keyboard interface test (0xAB), and the keyboard's answers to identify (0xF2), set LEDs
/// (0xED), echo (0xEE) and enable (0xF4). Then "ready": the test injects keys, which arrive on
/// IRQ 1 as translated set-1 scan codes; each is printed with its key for make codes of a small
/// US map, until Enter is released. Every line must be the same on any PC with a PS/2 keyboard.
/// </summary>
internal static unsafe class Program
{
    private const ushort Data = 0x60, StatusCommand = 0x64;
    private const byte OutputFull = 0x01, InputFull = 0x02;
    private const byte EnterRelease = 0x9C;
    private const int BufferSize = 64;

    private static byte* s_codes;
    private static uint s_head;
    private static uint s_tail;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("platform keyboard");
        byte* tables = stackalloc byte[8192];
        byte* codes = stackalloc byte[BufferSize];
        s_codes = codes;
        Interrupts.Initialize(tables);
        Interrupts.IrqHandler = &OnIrq;

        Command(0xAD);                       // disable the keyboard interface
        Command(0xA7);                       // disable the mouse interface
        Flush();
        Command(0xAA);
        Report("controller self-test", Read());
        Command(0x60);                       // write the command byte:
        Write(0x65);                         // translate, mouse off, system flag, IRQ 1 on
        Command(0x20);
        Report("command byte", Read());
        Command(0xAB);
        Report("keyboard interface test", Read());
        Command(0xAE);                       // enable the keyboard interface

        Send(0xF2);
        Report("identify", Read(), Read(), Read());
        Send(0xED);
        byte ack = Read();
        Send(0x02);                          // Num Lock on
        Report("set leds", ack, Read());
        Send(0xEE);
        Report("echo", Read());
        Send(0xF4);
        Report("enable scanning", Read());

        Interrupts.Mask(0xFFFD);             // IRQ 1 only
        Serial.WriteLine("ready");
        while (true)
        {
            Cpu.EnableInterruptsAndHalt();
            Cpu.DisableInterrupts();
            bool done = false;
            while (s_tail != s_head)
            {
                byte code = s_codes[s_tail % BufferSize];
                s_tail++;
                PrintKey(code);
                done |= code == EnterRelease;
            }
            if (done)
                break;
        }
        Serial.WriteLine("keyboard done");
        DebugExit.Exit(DebugExit.Passed);
    }

    private static void OnIrq(int irq)
    {
        if (irq != 1)
            return;
        // One byte per IRQ 1; the status check skips a spurious interrupt.
        if ((Cpu.In8(StatusCommand) & OutputFull) == 0)
            return;
        byte code = Cpu.In8(Data);
        if (s_head - s_tail < BufferSize)
            s_codes[s_head++ % BufferSize] = code;
    }

    private static void PrintKey(byte code)
    {
        Serial.Write("scan ");
        Serial.WriteHex(code, 2);
        char c = code < 0x80 ? KeyOf(code) : '\0';
        if (c != '\0')
        {
            Serial.Write(" make '");
            Serial.Write(c);
            Serial.Write('\'');
        }
        else if (code == 0xE0)
        {
            Serial.Write(" extended");
        }
        else if (code >= 0x80)
        {
            Serial.Write(" break");
        }
        Serial.Write('\n');
    }

    /// <summary>Scan code set 1 make codes of letters, digits, space and Enter (US layout).</summary>
    private static char KeyOf(byte code)
    {
        string row1 = "1234567890";       // 0x02-0x0B
        string row2 = "qwertyuiop";       // 0x10-0x19
        string row3 = "asdfghjkl";        // 0x1E-0x26
        string row4 = "zxcvbnm";          // 0x2C-0x32
        if (code >= 0x02 && code <= 0x0B)
            return row1[code - 0x02];
        if (code >= 0x10 && code <= 0x19)
            return row2[code - 0x10];
        if (code >= 0x1E && code <= 0x26)
            return row3[code - 0x1E];
        if (code >= 0x2C && code <= 0x32)
            return row4[code - 0x2C];
        if (code == 0x39)
            return ' ';
        if (code == 0x1C)
            return '^';
        return '\0';
    }

    private static void Report(string what, byte a)
    {
        Serial.Write(what);
        Serial.Write(": ");
        Serial.WriteHex(a, 2);
        Serial.Write('\n');
    }

    private static void Report(string what, byte a, byte b)
    {
        Serial.Write(what);
        Serial.Write(": ");
        Serial.WriteHex(a, 2);
        Serial.Write(' ');
        Serial.WriteHex(b, 2);
        Serial.Write('\n');
    }

    private static void Report(string what, byte a, byte b, byte c)
    {
        Serial.Write(what);
        Serial.Write(": ");
        Serial.WriteHex(a, 2);
        Serial.Write(' ');
        Serial.WriteHex(b, 2);
        Serial.Write(' ');
        Serial.WriteHex(c, 2);
        Serial.Write('\n');
    }

    private static void Command(byte command)
    {
        WaitInputEmpty();
        Cpu.Out8(StatusCommand, command);
    }

    private static void Write(byte value)
    {
        WaitInputEmpty();
        Cpu.Out8(Data, value);
    }

    /// <summary>A byte for the keyboard itself (not a controller command).</summary>
    private static void Send(byte value) => Write(value);

    private static void WaitInputEmpty()
    {
        while ((Cpu.In8(StatusCommand) & InputFull) != 0)
        {
        }
    }

    /// <summary>The next byte from the output buffer, or 0xFF ("none") after a bounded wait.</summary>
    private static byte Read()
    {
        for (int i = 0; i < 1_000_000; i++)
        {
            if ((Cpu.In8(StatusCommand) & OutputFull) != 0)
                return Cpu.In8(Data);
        }
        return 0xFF;
    }

    private static void Flush()
    {
        while ((Cpu.In8(StatusCommand) & OutputFull) != 0)
            Cpu.In8(Data);
    }
}
