using System.Runtime.InteropServices;

namespace GuestOs.Tests.Hello;

/// <summary>COM1, a 16550 UART at port 0x3F8, polled: 115200 baud, 8 data bits, no parity, 1 stop bit.</summary>
internal static unsafe class Serial
{
    private const ushort Com1 = 0x3F8;
    private const ushort InterruptEnable = Com1 + 1;
    private const ushort FifoControl = Com1 + 2;
    private const ushort LineControl = Com1 + 3;
    private const ushort ModemControl = Com1 + 4;
    private const ushort LineStatus = Com1 + 5;
    private const byte TransmitHoldingEmpty = 0x20;
    private const byte DivisorLatchAccess = 0x80;

    public static void Initialize()
    {
        Ports.Out8(InterruptEnable, 0x00);
        Ports.Out8(LineControl, DivisorLatchAccess);
        Ports.Out8(Com1, 1);                 // divisor 1: 115200 baud
        Ports.Out8(Com1 + 1, 0);
        Ports.Out8(LineControl, 0x03);       // 8N1, divisor latch closed
        Ports.Out8(FifoControl, 0xC7);       // enable and clear FIFOs
        Ports.Out8(ModemControl, 0x03);      // DTR, RTS
    }

    public static void Write(char c)
    {
        while ((Ports.In8(LineStatus) & TransmitHoldingEmpty) == 0)
        {
        }
        Ports.Out8(Com1, (byte)c);
    }

    public static void WriteLine(string text)
    {
        for (int i = 0; i < text.Length; i++)
            Write(text[i]);
        Write('\n');
    }
}

/// <summary>The instructions C# cannot express, provided by the generated stubs.</summary>
internal static class Ports
{
    [DllImport("*", EntryPoint = "outb")]
    [SuppressGCTransition]
    public static extern void Out8(ushort port, byte value);

    [DllImport("*", EntryPoint = "inb")]
    [SuppressGCTransition]
    public static extern byte In8(ushort port);
}

/// <summary>
/// QEMU's isa-debug-exit device at port 0xF4: the machine stops with exit code (value &lt;&lt; 1) | 1.
/// Verdicts start at 0x10 so that they never look like pcemu's own exit codes (2-5).
/// </summary>
internal static class DebugExit
{
    public const int Passed = 0x10;     // exit code 0x21
    public const int Failed = 0x11;     // exit code 0x23
    public const int Panicked = 0x7F;   // exit code 0xFF

    public static void Exit(int code)
    {
        Ports.Out8(0xF4, (byte)code);
        while (true)
        {
        }
    }
}
