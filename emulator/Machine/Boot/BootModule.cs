namespace PcEmu.Machine.Boot;

/// <summary>
/// A multiboot module to load after the kernel. <paramref name="CommandLine"/> is the string
/// the guest sees in the module entry (by convention the module's name and its arguments).
/// </summary>
public sealed record BootModule(string Name, byte[] Image, string CommandLine);

/// <summary>Where the loader put a module: <c>[Start, End)</c> in physical memory.</summary>
public sealed record LoadedModule(string Name, uint Start, uint End, uint CommandLineAddress);

/// <summary>What the CPU needs to enter the kernel, and where everything went.</summary>
public sealed record MultibootBootState(
    uint EntryPoint,
    uint InfoAddress,
    uint KernelStart,
    uint KernelEnd,
    IReadOnlyList<LoadedModule> Modules);
