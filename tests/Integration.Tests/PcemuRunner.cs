using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests;

/// <summary>Boots a Multiboot kernel on pcemu headless, with COM1 captured, and collects the outcome.</summary>
public static class PcemuRunner
{
    public sealed record Result(MachineResult Machine, string Serial, IReadOnlyList<string> Diagnostics);

    public static Result RunKernel(string kernelPath, ulong maxInstructions = 2_000_000_000, uint memoryBytes = 128u * 1024 * 1024, DisplayAdapter display = DisplayAdapter.Std)
        => RunKernel(File.ReadAllBytes(kernelPath), Path.GetFileName(kernelPath), maxInstructions, memoryBytes, display);

    public static Result RunKernel(byte[] kernel, string name, ulong maxInstructions = 2_000_000_000, uint memoryBytes = 128u * 1024 * 1024, DisplayAdapter display = DisplayAdapter.Std)
    {
        var serial = new CaptureSerialBackend();
        var diagnostics = new List<string>();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
        {
            MemoryBytes = memoryBytes,
            Com1 = serial,
            Diagnostics = diagnostics.Add,
            Display = display,
        });
        machine.BootMultiboot(kernel, name, name, Array.Empty<BootModule>());
        MachineResult result = machine.Run(maxInstructions);
        return new Result(result, serial.Text, diagnostics);
    }
}
