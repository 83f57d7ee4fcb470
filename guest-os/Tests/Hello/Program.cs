using System.Runtime.InteropServices;

namespace GuestOs.Tests.Hello;

/// <summary>
/// The first guest: it proves that C# compiled by our toolchain runs on bare x86. It
/// exercises structs, loops, 64-bit arithmetic (which needs the division helpers),
/// strings and virtual calls, prints each result on COM1, and reports its verdict
/// through the debug-exit port.
/// </summary>
internal static unsafe class Program
{
    private const uint MultibootMagic = 0x2BADB002;

    // Reference-type statics live in the GC static region the runtime sets up at start-up.
    private static readonly string Banner = "Hello from C# on x86!";
    private static readonly int[] SquaresTable = MakeSquares(10);

    // Reads a port, so ILC cannot pre-initialise it: the runtime runs this at start-up.
    private static readonly string LineStatusAtBoot = ((int)Ports.In8(0x3FD)).ToString();

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine(Banner);
        Serial.WriteLine(magic == MultibootMagic ? "multiboot: ok" : "multiboot: bad magic");
        Serial.WriteLine(string.Concat("COM1 line status at boot: ", LineStatusAtBoot));

        int failures = 0;
        failures += Check("fib(50)", Computations.Fibonacci(50), 12586269025UL);
        failures += Check("primes below 10000", (ulong)Computations.CountPrimes(10000), 1229);
        failures += Check("20! / 3^8", Computations.Factorial(20) / 6561, 370812682240000UL);
        failures += Check("20! % 1000003", Computations.Factorial(20) % 1000003, 511524);
        failures += Check("-9e15 / 7", (ulong)(Computations.Negate(9_000_000_000_000_000L) / 7), unchecked((ulong)-1285714285714285L));
        failures += Check("gcd", Computations.Gcd(1071L * 1_000_000_007L, 462L * 1_000_000_007L), 21UL * 1_000_000_007UL);
        failures += Check("vector dot", (ulong)Computations.DotProduct(), 50);
        failures += Check("shape area", (ulong)Computations.TotalArea(), 1588);
        failures += Check("interface calls", (ulong)Counters.Run(), 363);
        failures += Check("string", (ulong)("abc" + "def").Length, 6);
        failures += Check("static table", (ulong)(SquaresTable[9] + SquaresTable.Length), 91);

        Serial.WriteLine(failures == 0 ? "all checks passed" : "some checks FAILED");
        DebugExit.Exit(failures == 0 ? DebugExit.Passed : DebugExit.Failed);
    }

    /// <summary>The corlib's fatal-error hook: report on COM1 and stop the machine with a failure code.</summary>
    [UnmanagedCallersOnly(EntryPoint = "GuestPanic")]
    private static void Panic(char* message, int length)
    {
        Serial.Write('p');
        Serial.Write('a');
        Serial.Write('n');
        Serial.Write('i');
        Serial.Write('c');
        Serial.Write(':');
        Serial.Write(' ');
        for (int i = 0; i < length; i++)
            Serial.Write(message[i]);
        Serial.Write('\n');
        DebugExit.Exit(DebugExit.Panicked);
    }

    private static int[] MakeSquares(int count)
    {
        int[] table = new int[count];
        for (int i = 0; i < count; i++)
            table[i] = i * i;
        return table;
    }

    private static int Check(string name, ulong actual, ulong expected)
    {
        bool ok = actual == expected;
        Serial.WriteLine(string.Concat(name, " = ", actual.ToString(), ok ? " ok" : string.Concat(" FAIL, expected ", expected.ToString())));
        return ok ? 0 : 1;
    }
}
