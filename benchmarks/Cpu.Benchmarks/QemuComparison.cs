using System.Diagnostics;
using Iced.Intel;
using PcEmu.Cpu;
using PcEmu.Memory;
using static Iced.Intel.AssemblerRegisters;

namespace Cpu.Benchmarks;

/// <summary>
/// Guest instructions per second of pcemu's interpreter and of qemu-system-i386 (TCG, and TCG with
/// <c>-icount shift=0</c>) on the same guest code: a Multiboot ELF whose workload runs a fixed number
/// of iterations, then writes to the isa-debug-exit port and halts. The instruction count of each
/// workload is exact (computed from the loop shape and checked against pcemu's retired count), so the
/// rate is instructions / time. Time is CPU time (user + system: the interpreter thread's process for
/// pcemu, the child's rusage for QEMU), so that a loaded host does not distort the comparison; wall
/// time is printed beside it. QEMU's start-up is removed by subtracting a run with zero iterations of
/// the same image, and QEMU runs more iterations (QemuScale) so that the workload dominates. Run with: <c>dotnet run -c Release --project benchmarks/Cpu.Benchmarks -- --qemu</c>.
/// </summary>
public static class QemuComparison
{
    private const uint Base = GuestPrograms.LoadAddress;
    private const byte DebugExitPort = 0xF4;

    /// <param name="QemuScale">QEMU runs this many times the iterations, so that its run time dwarfs its start-up.</param>
    private sealed record Workload(string Name, Action<Assembler, int> Body, Func<long, long> Count, int Iterations, int QemuScale);

    private static readonly Workload[] s_workloads =
    {
        new("IntegerLoop", GuestPrograms.IntegerLoop, n => 7 + 7 * n, 5_000_000, 40),
        new("MemoryCopy", GuestPrograms.MemoryCopy, n => 6 + 6153 * n, 5_000, 4),
        new("Mixed", GuestPrograms.Mixed, n => 8 + 21 * n, 2_000_000, 20),
    };

    public static int Run(string[] args)
    {
        string qemu = args.Length > 1 ? args[1] : "/usr/bin/qemu-system-i386";
        Console.WriteLine("MIPS from CPU time (from wall time in parentheses)");
        Console.WriteLine($"{"workload",-12} {"pcemu",16} {"qemu tcg",16} {"qemu -icount 0",16}");
        foreach (Workload w in s_workloads)
        {
            byte[] full = BuildElf(w, w.Iterations * w.QemuScale), empty = BuildElf(w, 0);
            long count = w.Count(w.Iterations), qemuCount = w.Count((long)w.Iterations * w.QemuScale);
            (double cpu, double wall) p = RunPcemu(w, count);
            (double cpu, double wall) q = Subtract(RunQemu(qemu, full, icount: false), RunQemu(qemu, empty, icount: false));
            (double cpu, double wall) qi = Subtract(RunQemu(qemu, full, icount: true), RunQemu(qemu, empty, icount: true));
            Console.WriteLine($"{w.Name,-12} {Rate(count, p),16} {Rate(qemuCount, q),16} {Rate(qemuCount, qi),16}");
        }
        return 0;
    }

    private static (double, double) Subtract((double cpu, double wall) a, (double cpu, double wall) b) => (a.cpu - b.cpu, a.wall - b.wall);

    private static string Rate(long count, (double cpu, double wall) t) => $"{count / t.cpu / 1e6:F1} ({count / t.wall / 1e6:F1})";

    /// <summary>Best-of-two (CPU, wall) seconds of interpreter time for the whole workload (checked to retire exactly <paramref name="count"/> instructions up to the HLT).</summary>
    private static (double, double) RunPcemu(Workload w, long count)
    {
        double best = double.MaxValue, bestWall = double.MaxValue;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var memory = new PhysicalMemory(64 * 1024 * 1024);
            memory.WriteBlock(Base, Code(w, w.Iterations));
            var cpu = new X86Cpu(memory, new IoPortBus());
            cpu.EnterMultibootState(Base + 12, 0);
            TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            CpuExitReason reason = cpu.Run((ulong)count + 10);
            sw.Stop();
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            // The final OUT is the last counted instruction; the HLT that stops the run is not counted.
            if (reason != CpuExitReason.Halted || (long)cpu.RetiredInstructions - 1 != count)
                throw new InvalidOperationException($"{w.Name}: {reason} after {cpu.RetiredInstructions} instructions, expected {count} + HLT");
            best = Math.Min(best, cpuSeconds);
            bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
        }
        return (best, bestWall);
    }

    /// <summary>Best-of-two (CPU, wall) seconds of a whole QEMU run, start to exit; CPU time from RUSAGE_CHILDREN.</summary>
    private static (double, double) RunQemu(string qemu, byte[] elf, bool icount)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-bench-{Environment.ProcessId}.elf");
        File.WriteAllBytes(path, elf);
        try
        {
            double best = double.MaxValue, bestWall = double.MaxValue;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                double childStart = ChildrenCpuSeconds();
                var psi = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in new[] { "-kernel", path, "-display", "none", "-serial", "null", "-monitor", "none", "-nic", "none",
                    "-no-reboot", "-m", "64", "-device", $"isa-debug-exit,iobase=0x{DebugExitPort:x},iosize=1" })
                    psi.ArgumentList.Add(a);
                if (icount)
                {
                    psi.ArgumentList.Add("-icount");
                    psi.ArgumentList.Add("shift=0");
                }
                var sw = Stopwatch.StartNew();
                using Process p = Process.Start(psi)!;
                p.StandardOutput.ReadToEnd();
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                sw.Stop();
                best = Math.Min(best, ChildrenCpuSeconds() - childStart);
                bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
            }
            return (best, bestWall);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>User + system CPU seconds of all waited-for children (getrusage(RUSAGE_CHILDREN), Linux x86-64 layout).</summary>
    private static double ChildrenCpuSeconds()
    {
        long[] usage = new long[18];
        if (getrusage(-1, usage) != 0)
            throw new InvalidOperationException("getrusage failed");
        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int getrusage(int who, [System.Runtime.InteropServices.Out] long[] usage);

    // ---- the guest ----

    /// <summary>Multiboot header (magic, flags 0, checksum), the workload, then OUT to the debug-exit port and HLT.</summary>
    private static byte[] Code(Workload w, int iterations)
    {
        var a = new Assembler(32);
        a.dd(0x1BAD_B002, 0, unchecked(0u - 0x1BAD_B002));
        w.Body(a, iterations);
        a.mov(al, 0);
        a.@out(DebugExitPort, al);
        Label halt = a.CreateLabel();
        a.Label(ref halt);
        a.hlt();
        a.jmp(halt);
        return GuestPrograms.Assemble(a, Base);
    }

    /// <summary>A minimal ELF32 executable: one PT_LOAD segment at 1 MiB (file offset 0x1000), entry after the Multiboot header.</summary>
    private static byte[] BuildElf(Workload w, int iterations)
    {
        byte[] code = Code(w, iterations);
        byte[] elf = new byte[0x1000 + code.Length];
        var s = new Span<byte>(elf);
        "\x7F"u8.CopyTo(s);
        "ELF"u8.CopyTo(s[1..]);
        s[4] = 1; s[5] = 1; s[6] = 1;                         // ELFCLASS32, little endian, version 1
        W16(s, 16, 2); W16(s, 18, 3); W32(s, 20, 1);          // ET_EXEC, EM_386, EV_CURRENT
        W32(s, 24, Base + 12); W32(s, 28, 52); W32(s, 32, 0);  // entry, phoff, shoff
        W16(s, 40, 52); W16(s, 42, 32); W16(s, 44, 1);        // ehsize, phentsize, phnum
        W16(s, 46, 40);                                       // shentsize
        W32(s, 52, 1); W32(s, 56, 0x1000); W32(s, 60, Base); W32(s, 64, Base); // PT_LOAD, offset, vaddr, paddr
        W32(s, 68, (uint)code.Length); W32(s, 72, (uint)code.Length); W32(s, 76, 7); W32(s, 80, 0x1000);
        code.CopyTo(s[0x1000..]);
        return elf;
    }

    private static void W16(Span<byte> s, int at, ushort v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[at..], v);
    private static void W32(Span<byte> s, int at, uint v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s[at..], v);
}
