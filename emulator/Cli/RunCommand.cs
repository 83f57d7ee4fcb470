using System.Diagnostics;
using PcEmu.Devices.Backends.Audio;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace PcEmu.Cli;

/// <summary>
/// <c>pcemu run</c>: builds the PC, boots the kernel, runs it, and turns the outcome into an
/// exit code (<see cref="ExitCodes"/>). Standard output carries nothing but the guest's serial
/// output; every message goes to standard error as one line starting "pcemu: ".
/// </summary>
internal static class RunCommand
{
    public static int Execute(RunSettings settings, Stream stdout, Stream? stdin, TextWriter stderr, CancellationToken cancellation)
    {
        DiagnosticsWriter diagnostics = new(stderr);
        try
        {
            byte[] kernel = ReadFile(settings.Kernel, "kernel");
            List<BootModule> modules = settings.Modules.Select(ReadModule).ToList();

            using SerialBackends serial = SerialBackends.Open(settings.SerialPorts, stdout, stdin, stderr, diagnostics.Write);
            using ISerialBackend debugConsole = OpenBackend(settings.DebugConsole, "--debugcon", stdout, null, stderr);
            using OpenedDrives drives = OpenedDrives.Open(settings.Drives, settings.SnapshotAll);
            using OpenedNics nics = OpenedNics.Open(settings.Nics);
            using WavFileAudioSink? speaker = OpenSpeakerWav(settings.SpeakerWav);
            PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
            {
                MemoryBytes = settings.MemoryBytes,
                Com1 = serial.Com(1) ?? new NullSerialBackend(),
                Com2 = serial.Com(2),
                Com3 = serial.Com(3),
                Com4 = serial.Com(4),
                Realtime = settings.Realtime,
                RtcStart = settings.RtcStart,
                Reboot = !settings.NoReboot,
                DebugConsole = debugConsole,
                Hda = drives.Hda,
                Hdb = drives.Hdb,
                Cdrom = drives.Cdrom,
                Diagnostics = diagnostics.Write,
                Display = settings.Display,
                Nics = nics.Nics,
                Speaker = speaker,
            });
            machine.BootMultiboot(kernel, settings.Kernel, QemuStyleCommandLine(settings.Kernel, settings.CommandLine), modules);

            using CancellationTokenRegistration stop = cancellation.Register(machine.RequestStop);
            Stopwatch watch = Stopwatch.StartNew();
            MachineResult result = machine.Run(settings.MaxInstructions);
            watch.Stop();
            if (settings.Stats)
                diagnostics.Write(FormatStats(result.RetiredInstructions, watch.Elapsed));
            if (settings.Screenshot is { } screenshot)
                Screenshot.Save(machine, screenshot);
            return Report(result, diagnostics);
        }
        catch (Exception e) when (e is BootImageException or UsageException)
        {
            diagnostics.Write(e.Message);
            return ExitCodes.UsageOrImageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Write(e.Message);
            return ExitCodes.UsageOrImageError;
        }
    }

    private static int Report(MachineResult result, DiagnosticsWriter diagnostics)
    {
        switch (result.Kind)
        {
            case MachineExitKind.GuestExit:
                return (int)result.ExitCode!.Value;
            case MachineExitKind.Shutdown:
                diagnostics.WriteOnce($"CPU shutdown: {result.Reason}", result.Reason);
                return ExitCodes.CpuShutdown;
            case MachineExitKind.InstructionLimit:
                diagnostics.Write($"instruction limit reached after {result.RetiredInstructions} instructions");
                return ExitCodes.InstructionLimit;
            case MachineExitKind.HaltedForever:
                diagnostics.Write($"{result.Reason} (after {result.RetiredInstructions} instructions)");
                return ExitCodes.HaltedForever;
            default:
                diagnostics.Write($"interrupted after {result.RetiredInstructions} instructions");
                return ExitCodes.Interrupted;
        }
    }

    internal static ISerialBackend OpenBackend(BackendSpec spec, string option, Stream stdout, Stream? stdin, TextWriter stderr)
    {
        try
        {
            return spec.Open(stdout, spec.Kind == BackendKind.Stdio ? stdin : null, stderr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot open '{spec.Describe()}': {e.Message}");
        }
    }

    private static WavFileAudioSink? OpenSpeakerWav(string? path)
    {
        if (path is null)
            return null;
        try
        {
            return new WavFileAudioSink(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--speaker-wav: cannot create '{path}': {e.Message}");
        }
    }

    /// <summary>QEMU hands the kernel "FILE ARGS" (just "FILE" without -append).</summary>
    internal static string QemuStyleCommandLine(string file, string arguments) =>
        arguments.Length == 0 ? file : file + " " + arguments;

    private static BootModule ReadModule(string spec)
    {
        int comma = spec.IndexOf(',');
        string path = comma < 0 ? spec : spec[..comma];
        string arguments = comma < 0 ? "" : spec[(comma + 1)..];
        if (path.Length == 0)
            throw new UsageException($"--module '{spec}' names no file");
        return new BootModule(path, ReadFile(path, "module"), QemuStyleCommandLine(path, arguments));
    }

    private static byte[] ReadFile(string path, string what)
    {
        if (!File.Exists(path))
            throw new UsageException(Directory.Exists(path) ? $"{what} '{path}' is a directory" : $"{what} file '{path}' not found");
        FileInfo info = new(path);
        if ((ulong)info.Length > SizeParser.MaximumBytes)
            throw new UsageException($"{what} '{path}' is larger than any RAM this emulator offers");
        return File.ReadAllBytes(path);
    }

    private static string FormatStats(ulong instructions, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return FormattableString.Invariant($"{instructions} instructions in {elapsed.TotalSeconds:F3} s ({instructions / seconds / 1e6:F2} MIPS)");
    }

    /// <summary>One line per message on standard error, each starting "pcemu: ".</summary>
    private sealed class DiagnosticsWriter(TextWriter stderr)
    {
        private readonly HashSet<string> _written = new();

        public void Write(string message)
        {
            string line = message.StartsWith("pcemu: ", StringComparison.Ordinal) ? message : "pcemu: " + message;
            line = line.ReplaceLineEndings(" ");
            _written.Add(line);
            stderr.WriteLine(line);
            stderr.Flush();
        }

        /// <summary>Writes <paramref name="message"/> unless the CPU already reported <paramref name="detail"/> by itself.</summary>
        public void WriteOnce(string message, string? detail)
        {
            if (detail is not null && _written.Contains("pcemu: " + detail))
                return;
            Write(message);
        }
    }
}

/// <summary>A problem with the arguments found while acting on them (a file that cannot be opened).</summary>
internal sealed class UsageException(string message) : Exception(message);
