namespace PcEmu.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        using CancellationTokenSource interrupt = new();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C stops the machine cleanly (output flushed, exit code 130).
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };
        using Stream stdout = Console.OpenStandardOutput();
        Stream stdin = Console.OpenStandardInput();
        return PcemuCommand.Invoke(args, stdout, Console.Error, stdin, interrupt.Token);
    }
}
