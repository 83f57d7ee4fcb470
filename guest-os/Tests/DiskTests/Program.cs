using System.Runtime.InteropServices;
using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// The disk guest. With no command-line word it runs every check (<see cref="PioChecks"/>,
/// <see cref="DmaChecks"/>, <see cref="ErrorChecks"/>) on the primary master, which must be
/// the image the host test builds (see <see cref="Pattern"/>). "stream" runs
/// <see cref="WriteStream"/> (the durability test kills it); "bench pio|dma read|write MIB"
/// runs <see cref="Throughput"/>.
/// <para>
/// Output lines must be the same on pcemu and QEMU, except lines starting "hw " which show
/// device details where QEMU's model departs from the ATA/PIIX documents (the host test
/// checks those per machine).
/// </para>
/// </summary>
internal static unsafe class Program
{
    /// <summary>Scratch memory for data and PRD tables: 7 MiB up, clear of the kernel and QEMU's multiboot data.</summary>
    public static uint* Prd => (uint*)0x0070_0000;

    public static uint* Buffer => (uint*)0x0080_0000;

    public static int Failures;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        CommandLine line = new(multibootInfo);
        if (!Setup())
        {
            Serial.WriteLine("disk setup FAILED");
            DebugExit.Exit(DebugExit.Failed);
        }
        if (line.Has("stream"))
        {
            WriteStream.Run();
        }
        else if (line.Has("bench"))
        {
            Throughput.Run(line);
        }
        else
        {
            Serial.WriteLine("disk tests: primary master");
            PioChecks.Run();
            DmaChecks.Run();
            ErrorChecks.Run();
            Serial.WriteLine(Failures == 0 ? "all disk checks passed" : "some disk checks FAILED");
        }
        DebugExit.Exit(Failures == 0 ? DebugExit.Passed : DebugExit.Failed);
    }

    /// <summary>Finds the PIIX IDE function (8086:7010) on bus 0, takes BAR4 and turns on I/O and bus mastering.</summary>
    private static bool Setup()
    {
        for (uint device = 0; device < 32; device++)
        {
            for (uint function = 0; function < 8; function++)
            {
                uint address = 0x8000_0000u | device << 11 | function << 8;
                Cpu.Out32(0xCF8, address);
                if (Cpu.In32(0xCFC) != 0x7010_8086)
                    continue;
                Cpu.Out32(0xCF8, address | 0x20);
                uint bar4 = Cpu.In32(0xCFC);
                Cpu.Out32(0xCF8, address | 0x04);
                uint command = Cpu.In32(0xCFC) & 0xFFFF;
                Cpu.Out32(0xCF8, address | 0x04);
                Cpu.Out32(0xCFC, command | 0x0005); // I/O space, bus master
                Ata.BusMaster = (ushort)(bar4 & 0xFFF0);
                Ata.SelectMaster();
                Ata.Settle();
                return (bar4 & 1) != 0 && Ata.BusMaster != 0;
            }
        }
        return false;
    }

    public static void Check(string what, bool ok)
    {
        Serial.Write(what);
        Serial.WriteLine(ok ? ": ok" : ": FAILED");
        if (!ok)
            Failures++;
    }

    /// <summary>
    /// Prints a Status value without DSC (bit 4): ATA/ATAPI-6 7.15.6 makes it obsolete, and QEMU
    /// sets it on success but drops it on errors while pcemu keeps it, so it tells nothing.
    /// </summary>
    public static void Status(string label, byte status) => Hex(label, (uint)(status & ~0x10), 2);

    public static void Hex(string label, uint value, int digits)
    {
        Serial.Write(label);
        Serial.WriteHex(value, digits);
    }
}

/// <summary>The words of the Multiboot command line (info flags bit 2, string at info + 16).</summary>
internal readonly unsafe struct CommandLine
{
    private readonly byte* _text;

    public CommandLine(uint multibootInfo)
    {
        uint* info = (uint*)multibootInfo;
        _text = multibootInfo != 0 && (info[0] & 4) != 0 ? (byte*)info[4] : null;
    }

    /// <summary>True when <paramref name="word"/> appears as a whole space-separated word.</summary>
    public bool Has(string word) => Find(word) >= 0;

    /// <summary>The word after <paramref name="word"/>, as a decimal number, or <paramref name="fallback"/>.</summary>
    public uint NumberAfter(string word, uint fallback)
    {
        int at = Find(word);
        if (at < 0)
            return fallback;
        int i = at + word.Length;
        while (_text[i] == ' ')
            i++;
        uint value = 0;
        bool any = false;
        while (_text[i] >= '0' && _text[i] <= '9')
        {
            value = value * 10 + (uint)(_text[i] - '0');
            i++;
            any = true;
        }
        return any ? value : fallback;
    }

    /// <summary>True when the word after <paramref name="word"/> is <paramref name="next"/>.</summary>
    public bool Followed(string word, string next)
    {
        int at = Find(word);
        if (at < 0)
            return false;
        int i = at + word.Length;
        while (_text[i] == ' ')
            i++;
        return Matches(i, next);
    }

    private int Find(string word)
    {
        if (_text == null)
            return -1;
        for (int i = 0; _text[i] != 0; i++)
        {
            if ((i == 0 || _text[i - 1] == ' ') && Matches(i, word))
                return i;
        }
        return -1;
    }

    private bool Matches(int at, string word)
    {
        for (int k = 0; k < word.Length; k++)
        {
            if (_text[at + k] != word[k])
                return false;
        }
        byte after = _text[at + word.Length];
        return after == 0 || after == ' ';
    }
}
