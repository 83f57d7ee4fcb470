using System.Text;
using System.Text.Json;
using Iced.Intel;
using PcEmu.Memory;
using Xunit.Abstractions;

namespace PcEmu.Cpu.Tests.Vectors;

/// <summary>
/// Runs tests/vectors/80286-real (recorded on a real 80286 in real mode) on the i686 core,
/// one theory case per file. Follows tests/vectors/README.md: FLAGS bits 12-15 cleared on load and
/// masked in comparisons, undefined flags masked per opcode from metadata.json, and the documented
/// 286-vs-386 generational differences counted as skipped (not passed): the D8 ESC file, LOCK on
/// non-lockable instructions, instructions over 10 bytes, #SS instead of #GP on SS overruns, and
/// 8C/8E with reg 4/5 (FS/GS).
/// </summary>
public sealed class Real286VectorTests
{
    private readonly ITestOutputHelper _output;

    public Real286VectorTests(ITestOutputHelper output) => _output = output;

    public static string VectorDirectory { get; } = FindVectors();

    private static string FindVectors()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null)
        {
            string candidate = Path.Combine(dir, "tests", "vectors", "80286-real");
            if (Directory.Exists(candidate))
                return candidate;
            dir = Path.GetDirectoryName(dir);
        }
        throw new DirectoryNotFoundException("tests/vectors/80286-real not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(VectorDirectory, "*.MOO.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });

    private static readonly Lazy<JsonElement> s_metadata = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorDirectory, "metadata.json"))).RootElement.GetProperty("opcodes"));

    private static readonly Lazy<HashSet<string>> s_revoked = new(() =>
        File.ReadAllLines(Path.Combine(VectorDirectory, "revocation_list.txt"))
            .Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet());

    /// <summary>The flags mask for a file name like "F6.6.MOO.gz" or "00.MOO.gz".</summary>
    internal static ushort FlagsMask(string file)
    {
        string[] parts = file.Split('.');
        if (!s_metadata.Value.TryGetProperty(parts[0], out JsonElement entry))
            return 0xFFFF;
        if (parts.Length == 4 && entry.TryGetProperty("reg", out JsonElement regs) && regs.TryGetProperty(parts[1], out JsonElement r))
            entry = r;
        return entry.TryGetProperty("flags-mask", out JsonElement m) ? (ushort)m.GetInt32() : (ushort)0xFFFF;
    }

    public sealed record FileResult(int Passed, int Failed, int Skipped, string FirstFailures, string SkipReasons = "");

    [Theory]
    [MemberData(nameof(Files))]
    public void VectorFile(string file)
    {
        FileResult r = RunFile(file);
        int total = r.Passed + r.Failed;
        _output.WriteLine($"{file}: {r.Passed}/{total} passed, {r.Skipped} skipped{r.SkipReasons}");
        if (r.Failed > 0)
            _output.WriteLine(r.FirstFailures);
        Assert.True(r.Failed == 0, $"{file}: {r.Failed} of {total} vectors failed\n{r.FirstFailures}");
    }

    public static FileResult RunFile(string file)
    {
        List<MooTest> tests = MooFile.Load(Path.Combine(VectorDirectory, file));
        if (file.StartsWith("D8", StringComparison.Ordinal))
            return new FileResult(0, 0, tests.Count, "", " (ESC without coprocessor)");
        ushort mask = (ushort)(FlagsMask(file) & 0x0FFF);
        var memory = new PhysicalMemory(0x20_0000);
        var cpu = new X86Cpu(memory, new IoPortBus());
        int passed = 0, failed = 0, skipped = 0;
        var failures = new StringBuilder();
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Skip(string reason)
        {
            skipped++;
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }
        foreach (MooTest t in tests)
        {
            if (s_revoked.Value.Contains(t.Hash))
            {
                Skip("revoked");
                continue;
            }
            if (GenerationalByBytes(t) is string byBytes)
            {
                Skip(byBytes);
                continue;
            }
            string? error = RunOne(cpu, memory, t, mask, out string? generational);
            if (generational != null)
                Skip(generational);
            else if (error == null)
                passed++;
            else
            {
                failed++;
                if (failed <= 5)
                    failures.AppendLine($"  #{t.Index} {t.Name} [{Convert.ToHexString(t.Bytes)}] hash {t.Hash}: {error}");
            }
        }
        string why = reasons.Count == 0 ? "" : " (" + string.Join(", ", reasons.Select(kv => $"{kv.Key}: {kv.Value}")) + ")";
        return new FileResult(passed, failed, skipped, failures.ToString(), why);
    }

    /// <summary>Differences visible from the instruction bytes alone (README "Caveats for an i686-class core").</summary>
    private static string? GenerationalByBytes(MooTest t)
    {
        byte[] b = t.Bytes;
        int len = b.Length - 1; // without the trailing HLT
        int p = 0;
        bool locked = false;
        while (p < len && b[p] is 0x26 or 0x2E or 0x36 or 0x3E or 0xF0 or 0xF2 or 0xF3)
        {
            locked |= b[p] == 0xF0;
            p++;
        }
        if (len > 10)
            return "over 10 bytes"; // the 286 limits instructions to 10 bytes
        if (p < len - 1 && b[p] is 0x8C or 0x8E && ((b[p + 1] >> 3) & 7) is 4 or 5)
            return "FS/GS"; // FS/GS exist on a 386
        if (locked)
        {
            var decoder = Iced.Intel.Decoder.Create(16, new ByteArrayCodeReader(b));
            decoder.Decode(out Instruction instr);
            if (instr.Code == Code.INVALID)
                return "LOCK #UD"; // LOCK on a non-lockable instruction is #UD on a 386+
        }
        return null;
    }

    private static readonly int[] s_regOrder = { 0, 3, 1, 2 }; // AX BX CX DX -> R index

    private static string? RunOne(X86Cpu cpu, PhysicalMemory memory, MooTest t, ushort flagsMask, out string? generational)
    {
        generational = null;
        cpu.Reset();
        foreach ((uint a, byte v) in t.Init.Ram)
            memory.Write8(a, v);
        ushort?[] ir = t.Init.Regs;
        for (int k = 0; k < 4; k++)
            cpu.R[s_regOrder[k]] = ir[k]!.Value;
        cpu.SetSegmentReal(SegmentRegister.CS, ir[4]!.Value);
        cpu.SetSegmentReal(SegmentRegister.SS, ir[5]!.Value);
        cpu.SetSegmentReal(SegmentRegister.DS, ir[6]!.Value);
        cpu.SetSegmentReal(SegmentRegister.ES, ir[7]!.Value);
        cpu.R[4] = ir[8]!.Value;
        cpu.R[5] = ir[9]!.Value;
        cpu.R[6] = ir[10]!.Value;
        cpu.R[7] = ir[11]!.Value;
        cpu.Eip = ir[12]!.Value;
        cpu.Eflags = (uint)(ir[13]!.Value & 0x0FFF);
        cpu.FirstExceptionVector = -1;

        cpu.Run(200);
        string? error = Compare(cpu, memory, t, flagsMask, ignoreStringRegs: false);
        if (error != null && t.ExceptionVector == 13 && cpu.FirstExceptionVector == 12)
            generational = "#SS not #GP"; // SS overrun: #GP on the 286, #SS on a 386+
        // A string instruction faulting on a word at offset FFFF: the 286 has already stepped
        // SI/DI (and CX under REP) when it raises #GP, a 386+ leaves them on the faulting element (restartable).
        if (error != null && t.ExceptionVector == 13 && cpu.FirstExceptionVector == 13
            && Compare(cpu, memory, t, flagsMask, ignoreStringRegs: true) == null)
            generational = "string fault SI/DI";

        // Restore zeroed memory for the next test.
        foreach ((uint a, byte _) in t.Init.Ram)
            memory.Write8(a, 0);
        foreach ((uint a, byte _) in t.Final.Ram)
            memory.Write8(a, 0);
        return error;
    }

    private static string? Compare(X86Cpu cpu, PhysicalMemory memory, MooTest t, ushort flagsMask, bool ignoreStringRegs)
    {
        var sb = new StringBuilder();
        string[] names = { "AX", "BX", "CX", "DX", "CS", "SS", "DS", "ES", "SP", "BP", "SI", "DI", "IP", "FLAGS" };
        for (int k = 0; k < 14; k++)
        {
            ushort expected = t.Final.Regs[k] ?? t.Init.Regs[k]!.Value;
            ushort actual = k switch
            {
                < 4 => (ushort)cpu.R[s_regOrder[k]],
                4 => cpu.Cs,
                5 => cpu.Ss,
                6 => cpu.Ds,
                7 => cpu.Es,
                8 => (ushort)cpu.R[4],
                9 => (ushort)cpu.R[5],
                10 => (ushort)cpu.R[6],
                11 => (ushort)cpu.R[7],
                12 => (ushort)cpu.Eip,
                _ => (ushort)cpu.Eflags,
            };
            if (k == 13)
            {
                if ((expected & flagsMask) != (actual & flagsMask))
                    sb.Append($"FLAGS {actual:X4} != {expected:X4} (mask {flagsMask:X4}); ");
            }
            else if (expected != actual && !(ignoreStringRegs && k is 2 or 10 or 11))
            {
                sb.Append($"{names[k]} {actual:X4} != {expected:X4}; ");
            }
        }
        uint flagsAddr = uint.MaxValue;
        if (t.ExceptionVector != null)
        {
            ushort ss = t.Final.Regs[5] ?? t.Init.Regs[5]!.Value;
            ushort sp = t.Final.Regs[8] ?? t.Init.Regs[8]!.Value;
            flagsAddr = (uint)(ss << 4) + (ushort)(sp + 4);
        }
        foreach ((uint a, byte v) in t.Final.Ram)
        {
            byte actual = memory.Read8(a);
            byte m = 0xFF;
            if (a == flagsAddr) m = (byte)flagsMask;
            else if (t.ExceptionVector != null && a == (uint)((t.Final.Regs[5] ?? t.Init.Regs[5]!.Value) << 4) + (ushort)((t.Final.Regs[8] ?? t.Init.Regs[8]!.Value) + 5))
                m = (byte)(flagsMask >> 8);
            if ((actual & m) != (v & m))
                sb.Append($"[{a:X6}] {actual:X2} != {v:X2}; ");
        }
        if (t.ExceptionVector is int vec && cpu.FirstExceptionVector >= 0 && cpu.FirstExceptionVector != vec && sb.Length > 0)
            sb.Append($"exception {cpu.FirstExceptionVector} (expected {vec}); ");
        return sb.Length == 0 ? null : sb.ToString();
    }
}
