using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Disk.Benchmarks;

/// <summary>
/// Runs in process (the project references the guest build, which BenchmarkDotNet's
/// generated project would rebuild) and adds the throughput column.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        // An operation takes seconds (PIO) to a tenth of a second (DMA): a few iterations suffice.
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
        AddColumn(new WallThroughputColumn());
    }

    /// <summary>Prints the deterministic figure (guest data per virtual second) into the benchmark log.</summary>
    public static void Record(string mode, string direction, double bytes, long virtualNs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// guest {mode} {direction}: {bytes / 1e6:F1} MB in {virtualNs / 1e6:F1} virtual ms = {bytes / (virtualNs / 1e9) / 1e6:F1} virtual MB/s"));
    }

    private sealed class WallThroughputColumn : IColumn
    {
        public string Id => "WallMBps";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "guest data (MB = 10^6 bytes) moved per wall-clock second";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (meanNs is not > 0)
                return "-";
            double bytes = GuestDiskThroughput.Mebibytes * 1024.0 * 1024.0;
            return (bytes / (meanNs.Value / 1e9) / 1e6).ToString("F2", CultureInfo.InvariantCulture);
        }
    }
}
