using System.Globalization;
using System.Text;
using PcEmu.Machine;

namespace Integration.Tests.Differential;

/// <summary>
/// Runs a batch of generated sequences on pcemu and on qemu-system-i386 (hash mode), then re-runs
/// the first divergent ones in dump mode on both and explains them field by field, with disassembly.
/// </summary>
public static class DifferentialRun
{
    public sealed record Divergence(GeneratedSequence Sequence, string Report);

    public sealed record Outcome(int Sequences, int Divergent, IReadOnlyList<Divergence> Explained, TimeSpan PcemuTime, TimeSpan QemuTime, ulong PcemuInstructions);

    public static Outcome Run(int batchSeed, int first, int count, int explain = 10, bool compareMxcsrStatus = true, bool integerOnly = false)
    {
        var sequences = Enumerable.Range(first, count).Select(i => SequenceGenerator.Generate(batchSeed, i, integerOnly)).ToList();
        byte[] image = DifferentialKernel.Build(sequences, dump: false, compareMxcsrStatus);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        PcemuRunner.Result pcemuRun = RunPcemu(image, count);
        string[] pcemu = Lines(pcemuRun.Serial, count, "pcemu");
        TimeSpan pcemuTime = watch.Elapsed;
        watch.Restart();
        string[] qemu = Lines(RunQemu(image), count, "QEMU");
        TimeSpan qemuTime = watch.Elapsed;
        var divergent = Enumerable.Range(0, count).Where(k => pcemu[k] != qemu[k]).ToList();
        var explained = divergent.Count == 0 ? new List<Divergence>() : Explain(divergent.Take(explain).Select(k => sequences[k]).ToList(), compareMxcsrStatus);
        return new Outcome(count, divergent.Count, explained, pcemuTime, qemuTime, pcemuRun.Machine.RetiredInstructions);
    }

    /// <summary>Runs <paramref name="sequences"/> in dump mode on both machines and describes each difference.</summary>
    public static List<Divergence> Explain(IReadOnlyList<GeneratedSequence> sequences, bool compareMxcsrStatus = true, bool verbose = false)
    {
        byte[] image = DifferentialKernel.Build(sequences, dump: true, compareMxcsrStatus);
        string[] pcemu = Lines(RunPcemu(image, sequences.Count).Serial, sequences.Count * 2, "pcemu");
        string[] qemu = Lines(RunQemu(image), sequences.Count * 2, "QEMU");
        var result = new List<Divergence>();
        for (int k = 0; k < sequences.Count; k++)
        {
            uint[] init = Parse(qemu[2 * k], 'I');
            uint[] q = Parse(qemu[2 * k + 1], 'R');
            uint[] p = Parse(pcemu[2 * k + 1], 'R');
            result.Add(new Divergence(sequences[k], Describe(sequences[k], init, q, p) + (verbose ? $"  {qemu[2 * k]}\n  qemu  {qemu[2 * k + 1]}\n  pcemu {pcemu[2 * k + 1]}\n" : "")));
        }
        return result;
    }

    public static string Describe(GeneratedSequence s, uint[] init, uint[] qemu, uint[] pcemu)
    {
        var text = new StringBuilder();
        text.Append($"sequence #{s.Index} (guest seed 0x{s.Seed:x8}, undefined flags at the end 0x{s.FinalUndefinedFlags:x}):\n");
        text.Append(s.Disassemble());
        text.Append("  initial:");
        for (int r = 0; r < 8; r++)
        {
            if (r != 4)
                text.Append($" {DiffLayout.GprNames[r]}={init[DiffLayout.InitGprs + r]:x8}");
        }
        text.Append($" eflags={(init[DiffLayout.InitEflags] & DiffLayout.SeededFlags) | 2:x8}\n");
        bool any = false;
        for (int d = 0; d < DiffLayout.ResultDwords; d++)
        {
            if (qemu[d] == pcemu[d])
                continue;
            any = true;
            text.Append($"  {DiffLayout.ResultFieldName(d),-18} qemu={qemu[d]:x8} pcemu={pcemu[d]:x8}\n");
        }
        if (!any)
            text.Append("  (no difference in dump mode: the divergence depends on the surrounding batch)\n");
        return text.ToString();
    }

    private static uint[] Parse(string line, char tag)
    {
        if (line.Length == 0 || line[0] != tag)
            throw new InvalidOperationException($"expected a '{tag}' line, got: {line}");
        return line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => uint.Parse(x, NumberStyles.HexNumber)).ToArray();
    }

    private static string[] Lines(string serial, int expected, string who)
    {
        string[] lines = serial.Split('\n');
        int end = Array.IndexOf(lines, "end");
        if (end != expected)
            throw new InvalidOperationException($"{who}: expected {expected} records then \"end\", got {lines.Length} lines; tail:\n{string.Join('\n', lines.TakeLast(5))}");
        return lines[..expected];
    }

    private static PcemuRunner.Result RunPcemu(byte[] image, int sequences)
    {
        PcemuRunner.Result run = PcemuRunner.RunKernel(image, "differential", maxInstructions: 20_000_000UL + 40_000UL * (ulong)sequences);
        if (run.Machine.Kind != MachineExitKind.GuestExit)
            throw new InvalidOperationException($"pcemu stopped: {run.Machine.Kind} {run.Machine.Reason}\n{string.Join('\n', run.Diagnostics)}");
        return run;
    }

    private static string RunQemu(byte[] image)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-diff-{Environment.ProcessId}-{Guid.NewGuid():N}.elf");
        File.WriteAllBytes(path, image);
        try
        {
            return QemuReference.RunKernel(path, timeout: TimeSpan.FromMinutes(10)).Serial;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
