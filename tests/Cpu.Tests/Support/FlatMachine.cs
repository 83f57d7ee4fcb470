using Iced.Intel;
using PcEmu.Memory;

namespace PcEmu.Cpu.Tests.Support;

/// <summary>
/// A CPU in the Multiboot state with 8 MiB of RAM: code assembled with Iced at <see cref="CodeBase"/>,
/// optionally a flat GDT (0x08 code, 0x10 data) and an IDT whose gates point at caller-given handlers.
/// </summary>
public sealed class FlatMachine
{
    public const uint CodeBase = 0x0010_0000;
    public const uint GdtBase = 0x0000_1000;
    public const uint IdtBase = 0x0000_2000;
    public const uint StackTop = 0x0009_0000;

    public PhysicalMemory Memory { get; } = new(8 * 1024 * 1024);
    public IoPortBus Ports { get; } = new();
    public X86Cpu Cpu { get; }
    public List<string> Diagnostics { get; } = new();

    public FlatMachine()
    {
        Cpu = new X86Cpu(Memory, Ports) { Diagnostics = Diagnostics.Add };
    }

    /// <summary>Assembles <paramref name="code"/> at <paramref name="address"/> and returns its length.</summary>
    public int Load(Assembler code, uint address)
    {
        using var ms = new MemoryStream();
        code.Assemble(new StreamCodeWriter(ms), address);
        Memory.WriteBlock(address, ms.ToArray());
        return (int)ms.Length;
    }

    public void Start(Assembler code, bool withTables = true)
    {
        Load(code, CodeBase);
        Cpu.EnterMultibootState(CodeBase, 0);
        Cpu.Esp = StackTop;
        if (withTables)
        {
            Memory.Write64(GdtBase, 0);
            Memory.Write64(GdtBase + 8, 0x00CF_9A00_0000_FFFF);
            Memory.Write64(GdtBase + 16, 0x00CF_9200_0000_FFFF);
            Cpu.SetGdtr(GdtBase, 0xFFFF);
            Cpu.SetIdtr(IdtBase, 256 * 8 - 1);
        }
    }

    /// <summary>Points IDT entry <paramref name="vector"/> at <paramref name="handler"/> (32-bit gate, DPL 0 unless given).</summary>
    public void SetGate(int vector, uint handler, bool trap = false, int dpl = 0, ushort selector = 0x08)
    {
        uint lo = (handler & 0xFFFF) | ((uint)selector << 16);
        uint hi = (handler & 0xFFFF_0000) | 0x8000u | (uint)(dpl << 13) | (trap ? 0xF00u : 0xE00u);
        Memory.Write32(IdtBase + (uint)vector * 8, lo);
        Memory.Write32(IdtBase + (uint)vector * 8 + 4, hi);
    }

    public CpuExitReason Run(ulong budget = 100_000) => Cpu.Run(budget);
}
