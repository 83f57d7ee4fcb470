using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Guest.Tests;

/// <summary>
/// Boots a Multiboot kernel with boot modules on our own emulator, headless, COM1 captured,
/// with an instruction budget instead of a wall-clock limit. Module strings follow QEMU's
/// -initrd convention: the file path, a space, the arguments.
/// </summary>
public static class Pcemu
{
    public sealed record Result(MachineResult Machine, string Serial);

    public static Result Boot(string kernel, IReadOnlyList<string> modules, ulong maxInstructions = 4_000_000_000, uint memoryBytes = 128u * 1024 * 1024, string? kernelCommandLine = null)
    {
        var serial = new CaptureSerialBackend();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { MemoryBytes = memoryBytes, Com1 = serial });
        var bootModules = new List<BootModule>();
        foreach (string module in modules)
        {
            int space = module.IndexOf(' ');
            string path = space < 0 ? module : module[..space];
            bootModules.Add(new BootModule(Path.GetFileName(path), File.ReadAllBytes(path), module));
        }
        machine.BootMultiboot(File.ReadAllBytes(kernel), Path.GetFileName(kernel),
            kernelCommandLine is null ? Path.GetFileName(kernel) : Path.GetFileName(kernel) + " " + kernelCommandLine, bootModules);
        MachineResult result = machine.Run(maxInstructions);
        return new Result(result, serial.Text);
    }
}
