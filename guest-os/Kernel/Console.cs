namespace GuestOs.Kernel;

/// <summary>
/// The kernel console: COM1 (a 16550 at 0x3F8), polled, 115200 8N1. Allocation-free, so
/// it is safe anywhere, the panic path included. QEMU's debug-exit port stops the machine.
/// </summary>
internal static unsafe class Console
{
    private const ushort Com1 = 0x3F8;
    private const ushort LineStatus = Com1 + 5;
    private const byte TransmitHoldingEmpty = 0x20;
    private const ushort DebugExitPort = 0xF4;

    public static void Initialize()
    {
        Cpu.Out8(Com1 + 1, 0x00);    // no UART interrupts
        Cpu.Out8(Com1 + 3, 0x80);    // divisor latch
        Cpu.Out8(Com1 + 0, 1);       // 115200 baud
        Cpu.Out8(Com1 + 1, 0);
        Cpu.Out8(Com1 + 3, 0x03);    // 8N1
        Cpu.Out8(Com1 + 2, 0xC7);    // FIFOs on and cleared
        Cpu.Out8(Com1 + 4, 0x03);    // DTR, RTS
    }

    public static void Write(char c)
    {
        while ((Cpu.In8(LineStatus) & TransmitHoldingEmpty) == 0)
        {
        }
        Cpu.Out8(Com1, (byte)c);
    }

    public static void Write(string text)
    {
        for (int i = 0; i < text.Length; i++)
            Write(text[i]);
    }

    public static void WriteLine(string text)
    {
        Write(text);
        Write('\n');
    }

    public static void WriteDecimal(long value)
    {
        if (value < 0)
        {
            Write('-');
            value = -value;
        }
        char* digits = stackalloc char[20];
        int count = 0;
        do
        {
            digits[count++] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value != 0);
        while (count > 0)
            Write(digits[--count]);
    }

    public static void WriteHex(uint value)
    {
        Write('0');
        Write('x');
        for (int shift = 28; shift >= 0; shift -= 4)
        {
            uint nibble = (value >> shift) & 0xF;
            Write((char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
        }
    }

    public static void WriteChars(byte* text, int length)
    {
        for (int i = 0; i < length; i++)
            Write((char)text[i]);
    }

    /// <summary>Stops the machine through QEMU's isa-debug-exit (exit status (code &lt;&lt; 1) | 1).</summary>
    public static void ExitMachine(int code)
    {
        Cpu.Out32(DebugExitPort, (uint)code);
        Cpu.DisableInterrupts();
        while (true)
            Cpu.Halt();
    }
}
