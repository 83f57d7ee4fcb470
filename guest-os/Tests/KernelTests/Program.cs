using System.Runtime.InteropServices;
using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Entry point: reads its boot command line through GETINFO, finds <c>role=NAME</c> and runs
/// that role. Roles that check something print "PASS: ..." or "FAIL: ..." lines and end the
/// machine with <see cref="Check.Finish"/> (debug-exit code 0x10 when everything passed).
/// </summary>
internal static unsafe class Program
{
    [UnmanagedCallersOnly(EntryPoint = "main")]
    private static void Main()
    {
        char* line = stackalloc char[256];
        Sys.WhoAmI(line, 256, out int self, out int length);
        string role = Argument(line, length, "role=");
        switch (role)
        {
            case "rv-server": Rendezvous.Server(); break;
            case "rv-client": Rendezvous.Client(); break;
            case "any-receiver": ReceiveAny.Receiver(); break;
            case "any-sender": ReceiveAny.Sender(self); break;
            case "notify-receiver": Notifications.Receiver(); break;
            case "notify-sender": Notifications.Sender(); break;
            case "deadlock-a": Deadlock.A(); break;
            case "deadlock-b": Deadlock.B(); break;
            case "ipc-checker": Forbidden.IpcChecker(); break;
            case "echo": Echo.Serve(1); break;
            case "echo100": Echo.Serve(100); break;
            case "updater": LiveUpdate.Server(); break;
            case "rs-restarter": Reincarnation.Server(); break;
            case "crash-driver": Reincarnation.Driver(); break;
            case "crash-client": Reincarnation.Client(); break;
            case "sink": Echo.Sink(); break;
            case "call-checker": Forbidden.CallChecker(); break;
            case "io-checker": Forbidden.IoChecker(); break;
            case "raw-io": Forbidden.RawIo(); break;
            case "wild-kernel": Wild.WriteKernel(); break;
            case "wild-null": Wild.WriteNull(); break;
            case "wild-divide": Wild.Divide(); break;
            case "wild-opcode": Wild.InvalidOpcode(); break;
            case "fault-checker": Wild.Checker(); break;
            case "looper": Priority.Loop(); break;
            case "loop-checker": Priority.Checker(); break;
            case "granter": Grants.Granter(); break;
            case "irq-driver": Interrupts.Driver(); break;
            case "bench-client": Benchmark.Client(ParseInt(Argument(line, length, "rounds="))); break;
            case "async-sender": AsyncSend.Sender(); break;
            case "async-receiver": AsyncSend.Receiver(self); break;
            case "grantee": Grants.Grantee(); break;
            case "pm": Processes.Manager(); break;
            case "forker": Processes.Forker(); break;
            case "exec-child": Processes.ExecChild(self); break;
            case "sig-pm": Signals.Manager(); break;
            case "sig-faulter": Signals.Faulter(); break;
            case "sig-catcher": Signals.Catcher(); break;
            case "rs": PrivilegedCalls.Server(); break;
            case "priv-driver": PrivilegedCalls.DriverRole(); break;
            case "priv-user": PrivilegedCalls.User(); break;
            case "alarm-checker": Watchdog.Checker(); break;
            case "alarm-setter": Watchdog.Setter(ParseInt(Argument(line, length, "delay="))); break;
            default:
                Sys.Print(string.Concat("FAIL: unknown role ", role));
                Sys.Abort(Check.Failed);
                break;
        }
    }

    /// <summary>The value of key=value on the command line ("" if absent).</summary>
    public static string Argument(char* line, int length, string key)
    {
        for (int i = 0; i + key.Length <= length; i++)
        {
            if (i > 0 && line[i - 1] != ' ')
                continue;
            bool match = true;
            for (int k = 0; k < key.Length && match; k++)
                match = line[i + k] == key[k];
            if (!match)
                continue;
            int start = i + key.Length;
            int end = start;
            while (end < length && line[end] != ' ')
                end++;
            return string.Create(new System.ReadOnlySpan<char>(line + start, end - start));
        }
        return "";
    }

    private static int ParseInt(string text)
    {
        int value = 0;
        for (int i = 0; i < text.Length && text[i] >= '0' && text[i] <= '9'; i++)
            value = value * 10 + (text[i] - '0');
        return value;
    }

    /// <summary>The corlib's fatal-error hook in a process: print and exit.</summary>
    [UnmanagedCallersOnly(EntryPoint = "GuestPanic")]
    private static void Panic(char* message, int length)
    {
        Sys.Print(string.Concat("FAIL: panic in process: ", string.Create(new System.ReadOnlySpan<char>(message, length))));
        Sys.Abort(Check.Failed);
    }
}

/// <summary>Verdict lines and the end of the run.</summary>
internal static class Check
{
    public const int Passed = 0x10;
    public const int Failed = 0x11;
    private static int s_failures;

    public static void That(bool condition, string what)
    {
        if (!condition)
            s_failures++;
        Sys.Print(string.Concat(condition ? "PASS: " : "FAIL: ", what));
    }

    public static void Equal(int expected, int actual, string what)
    {
        if (expected == actual)
            That(true, what);
        else
            That(false, string.Concat(what, " (expected ", expected.ToString(), ", got ", actual.ToString(), ")"));
    }

    public static void Finish(string scenario)
    {
        Sys.Print(string.Concat(s_failures == 0 ? "VERDICT PASS " : "VERDICT FAIL ", scenario));
        Sys.Abort(s_failures == 0 ? Passed : Failed);
    }
}
