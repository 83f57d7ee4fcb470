using GuestOs.Build.Stubs;
using PcEmu.Cpu;
using PcEmu.Memory;

namespace Integration.Tests;

/// <summary>
/// The runtime helpers that RyuJIT's x86 code calls (64-bit multiply and shifts) are
/// hand-written with Iced; here they run on pcemu's CPU against C#'s own 64-bit arithmetic,
/// over fixed-seed random operands and the edge cases.
/// </summary>
public sealed class RuntimeStubTests
{
    private const uint CodeAddress = 0x0010_0000;
    private const uint ReturnAddress = 0x0008_0000;   // holds a HLT
    private const uint StackTop = 0x0009_0000;

    private readonly X86Cpu _cpu;
    private readonly IReadOnlyDictionary<string, uint> _entry;

    public RuntimeStubTests()
    {
        StubObject stubs = StubSets.Build("runtime", new[] { "Runtime" });
        var memory = new PhysicalMemory(4 * 1024 * 1024);
        memory.WriteBlock(CodeAddress, stubs.Code);
        memory.Write8(ReturnAddress, 0xF4);
        _cpu = new X86Cpu(memory, new IoPortBus());
        _entry = stubs.Symbols.ToDictionary(s => s.Name, s => CodeAddress + s.Offset);
    }

    public static IEnumerable<object[]> Operands()
    {
        var random = new Random(1234);
        ulong[] edges = { 0, 1, 2, 0xFFFF_FFFF, 0x1_0000_0000, 0x8000_0000_0000_0000, ulong.MaxValue, 0x7FFF_FFFF_FFFF_FFFF };
        foreach (ulong a in edges)
        {
            foreach (ulong b in edges)
                yield return new object[] { a, b };
        }
        for (int i = 0; i < 40; i++)
            yield return new object[] { (ulong)random.NextInt64() * 3, (ulong)random.NextInt64() ^ (ulong)random.Next() };
    }

    [Theory]
    [MemberData(nameof(Operands))]
    public void RhpLMul_returns_the_low_64_bits_of_the_product(ulong x, ulong y)
    {
        // Managed x86 convention: x pushed first, then y; the callee pops both.
        ulong product = Call("RhpLMul", edxEax: 0, ecx: 0, stackArguments: new[] { (uint)(x >> 32), (uint)x, (uint)(y >> 32), (uint)y });
        Assert.Equal(unchecked(x * y), product);
        Assert.Equal(StackTop, _cpu.Esp);
    }

    [Theory]
    [MemberData(nameof(Operands))]
    public void Shifts_match_CSharp_for_every_count(ulong value, ulong seed)
    {
        foreach (int count in new[] { 0, 1, 31, 32, 33, 63, (int)(seed % 64) })
        {
            Assert.Equal(value << count, Call("RhpLLsh", value, (uint)count));
            Assert.Equal((ulong)((long)value >> count), Call("RhpLRsh", value, (uint)count));
            Assert.Equal(value >> count, Call("RhpLRsz", value, (uint)count));
        }
    }

    private ulong Call(string symbol, ulong edxEax, uint ecx, uint[]? stackArguments = null)
    {
        _cpu.EnterMultibootState(_entry[symbol], 0);
        uint esp = StackTop;
        foreach (uint argument in stackArguments ?? Array.Empty<uint>())
        {
            esp -= 4;
            _cpu.Memory.Write32(esp, argument);
        }
        esp -= 4;
        _cpu.Memory.Write32(esp, ReturnAddress);
        _cpu.Esp = esp;
        _cpu.Eax = (uint)edxEax;
        _cpu.Edx = (uint)(edxEax >> 32);
        _cpu.Ecx = ecx;
        CpuExitReason reason = _cpu.Run(1000);
        Assert.Equal(CpuExitReason.Halted, reason);
        Assert.Equal(ReturnAddress + 1, _cpu.Eip);
        return (ulong)_cpu.Edx << 32 | _cpu.Eax;
    }
}
