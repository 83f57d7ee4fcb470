using BenchmarkDotNet.Attributes;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Disk.Benchmarks;

/// <summary>
/// Guest disk throughput: each operation boots the disk guest (guest-os/Tests/DiskTests) in
/// "bench" mode, which moves <see cref="Mebibytes"/> MiB between a 64 MiB raw image file and
/// guest memory by PIO (READ/WRITE MULTIPLE, 32-bit data port accesses) or by bus-master DMA
/// (256-sector commands, two 64 KiB PRDs). The "MB/s" column is guest data per wall second; the
/// "virtual MB/s" column is guest data per second of the guest's own (deterministic) clock.
/// Boot costs well under 1% of an operation.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class GuestDiskThroughput
{
    public const int Mebibytes = 8;
    private const long ImageBytes = 64L * 1024 * 1024;

    private string _imagePath = "";
    private RawImageBackend? _image;
    private byte[] _kernel = Array.Empty<byte>();

    [Params("pio", "dma")]
    public string Mode { get; set; } = "pio";

    [Params("read", "write")]
    public string Direction { get; set; } = "read";

    [GlobalSetup]
    public void Setup()
    {
        _kernel = File.ReadAllBytes(KernelPath());
        _imagePath = Path.Combine(Path.GetTempPath(), $"pcemu-bench-{Environment.ProcessId}.img");
        using (FileStream file = new(_imagePath, FileMode.Create))
            file.Write(new byte[ImageBytes]);
        _image = RawImageBackend.Open(_imagePath);
        MachineResult warm = Transfer(out string serial, out long virtualNs);
        if (warm.ExitCode != 0x21 || !serial.Contains("bytes", StringComparison.Ordinal))
            throw new InvalidOperationException($"the disk guest failed ({warm}): {serial}");
        ThroughputConfig.Record(Mode, Direction, Mebibytes * 1024.0 * 1024.0, virtualNs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _image?.Dispose();
        File.Delete(_imagePath);
    }

    [Benchmark]
    public ulong MoveData() => Transfer(out _, out _).RetiredInstructions;

    private MachineResult Transfer(out string serial, out long virtualNanoseconds)
    {
        CaptureSerialBackend com1 = new();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
        {
            MemoryBytes = 32u * 1024 * 1024,
            Com1 = com1,
            Hda = _image,
        });
        machine.BootMultiboot(_kernel, "DiskTests.elf", $"DiskTests.elf bench {Mode} {Direction} {Mebibytes}", Array.Empty<BootModule>());
        long start = machine.Clock.NowNanoseconds;
        MachineResult result = machine.Run(20_000_000_000);
        virtualNanoseconds = machine.Clock.NowNanoseconds - start;
        serial = com1.Text;
        return result;
    }

    private static string KernelPath()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Directory.GetParent(dir)?.FullName)
        {
            string candidate = Path.Combine(dir, "artifacts", "guest", "DiskTests.elf");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("artifacts/guest/DiskTests.elf not found: build guest-os/Tests/DiskTests");
    }
}
