using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Finds the RTL8139 by a PCI scan and exercises it with the driver in Rtl8139.cs. The
/// Multiboot command line picks the scenario (words <c>key=value</c>):
/// <list type="bullet">
/// <item><c>mode=frames</c> (default): raw frames, receive filters, ARP and a UDP echo series with
///   a peer on the wire that follows the script in tests/Integration.Tests/NicPeer.cs.</item>
/// <item><c>mode=udp</c>: ARP, then the UDP echo series (a real host stack as the peer).</item>
/// <item><c>mode=ping</c> / <c>mode=pong</c>: ICMP echo client and responder (ARP included).</item>
/// <item><c>mode=flood count=N size=B</c>: ARP, then N UDP datagrams of B payload bytes to port 9.</item>
/// </list>
/// Addresses: <c>ip=</c> (ours, default 10.0.2.15), <c>peer=</c> (default 10.0.2.2); <c>count=</c>
/// echo exchanges (default 12). Output on COM1; exit 0x10 when every check passed.
/// </summary>
internal static unsafe partial class Program
{
    private const int UdpLocalPort = 4000, UdpEchoPort = 7, UdpDiscardPort = 9;

    private static uint s_ip = 10u << 24 | 2 << 8 | 15;
    private static uint s_peer = 10u << 24 | 2 << 8 | 2;
    private static int s_count = 12;
    private static int s_size = 1000;
    private static byte* s_mode;
    private static byte* s_peerMac = (byte*)0x0040_7F10;
    private static byte* s_broadcast = (byte*)0x0040_7F20;
    private static byte* s_rx = (byte*)0x0041_0000;
    private static bool s_ok = true;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        ParseCommandLine(multibootInfo);
        for (int i = 0; i < 6; i++)
            s_broadcast[i] = 0xFF;
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);

        if (!Rtl8139.Find())
        {
            Serial.WriteLine("nic: no 10ec:8139 on PCI bus 0");
            DebugExit.Exit(DebugExit.Failed);
        }
        if (ModeIs("frames"))
            ReportIdentity();
        Interrupts.IrqHandler = &OnIrq;
        ushort mask = 0xFFFF;
        if (Rtl8139.IrqLine < 16)
            mask = (ushort)(mask & ~(1 << Rtl8139.IrqLine));
        Interrupts.Mask(mask);
        if (!Rtl8139.Initialize(Rtl8139.IsrRxOk | Rtl8139.IsrRxError | Rtl8139.IsrTxOk | Rtl8139.IsrTxError | Rtl8139.IsrRxOverflow | Rtl8139.IsrSystemError))
            Fail("reset did not complete");

        if (ModeIs("frames"))
            RunFrames();
        else if (ModeIs("udp"))
            RunUdpEcho();
        else if (ModeIs("ping"))
            RunPing();
        else if (ModeIs("pong"))
            RunPong();
        else if (ModeIs("flood"))
            RunFlood();
        else
            Fail("unknown mode");
        Serial.WriteLine(s_ok ? "nic test: passed" : "nic test: FAILED");
        DebugExit.Exit(s_ok ? DebugExit.Passed : DebugExit.Failed);
    }

    private static void OnIrq(int irq)
    {
        if (irq == Rtl8139.IrqLine)
            Rtl8139.OnInterrupt();
    }

    /// <summary>Waits (halting until the NIC interrupts) for the next received frame; returns its length.</summary>
    private static int NextFrame(out ushort status)
    {
        while (true)
        {
            Cpu.DisableInterrupts();
            int length = Rtl8139.Receive(s_rx, 1600, out status);
            if (length >= 0)
                return length;
            if (Rtl8139.RxEmpty)
                Cpu.EnableInterruptsAndHalt();
        }
    }

    private static void Check(bool condition, string what)
    {
        Serial.Write(what);
        Serial.WriteLine(condition ? ": yes" : ": NO");
        if (!condition)
            s_ok = false;
    }

    private static void Fail(string why)
    {
        Serial.Write("nic test: FAILED: ");
        Serial.WriteLine(why);
        DebugExit.Exit(DebugExit.Failed);
    }

    private static bool ModeIs(string mode)
    {
        if (s_mode == null)
            return mode == "frames";
        for (int i = 0; i < mode.Length; i++)
        {
            if (s_mode[i] != mode[i])
                return false;
        }
        return s_mode[mode.Length] == ' ' || s_mode[mode.Length] == 0;
    }

    /// <summary>Reads key=value words from the Multiboot command line (info flags bit 2, string at offset 16).</summary>
    private static void ParseCommandLine(uint info)
    {
        if ((*(uint*)info & 4) == 0)
            return;
        byte* p = (byte*)*(uint*)(info + 16);
        while (*p != 0)
        {
            while (*p == ' ')
                p++;
            if (Starts(p, "mode="))
                s_mode = p + 5;
            else if (Starts(p, "ip="))
                s_ip = Net.ParseIp(p + 3, out _);
            else if (Starts(p, "peer="))
                s_peer = Net.ParseIp(p + 5, out _);
            else if (Starts(p, "count="))
                s_count = (int)ParseNumber(p + 6);
            else if (Starts(p, "size="))
                s_size = (int)ParseNumber(p + 5);
            while (*p != 0 && *p != ' ')
                p++;
        }
    }

    private static bool Starts(byte* p, string prefix)
    {
        for (int i = 0; i < prefix.Length; i++)
        {
            if (p[i] != prefix[i])
                return false;
        }
        return true;
    }

    private static uint ParseNumber(byte* p)
    {
        uint value = 0;
        while (*p >= '0' && *p <= '9')
            value = value * 10 + (uint)(*p++ - '0');
        return value;
    }

    private static void WriteMac(byte* mac)
    {
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
                Serial.Write(':');
            Serial.WriteHex(mac[i], 2);
        }
    }

    private static void WriteIp(uint ip)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            Serial.WriteDecimal((ip >> shift) & 0xFF);
            if (shift > 0)
                Serial.Write('.');
        }
    }
}
