using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using PcEmu.Memory;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>
/// The CPU against an MMIO region over RAM (the VGA hole at 0xA0000): translations cached in
/// the TLB, decoded blocks and REP string fast paths must reach the device, never the RAM
/// underneath.
/// </summary>
public sealed class MmioOverRamTests
{
    private const uint Window = 0xA0000, WindowSize = 0x20000;
    private const ushort HookPort = 0x80;

    private sealed class ByteDevice(uint size) : IMmioDevice
    {
        public readonly byte[] Bytes = new byte[size];

        public uint ReadMmio(uint offset, int size)
        {
            uint value = 0;
            for (int i = 0; i < size; i++)
                value |= (uint)Bytes[offset + i] << (8 * i);
            return value;
        }

        public void WriteMmio(uint offset, int size, uint value)
        {
            for (int i = 0; i < size; i++)
                Bytes[offset + i] = (byte)(value >> (8 * i));
        }
    }

    /// <summary>Runs the host action when the guest writes to the port (mid-run, with the CPU's caches warm).</summary>
    private sealed class HookPortDevice(Action action) : IPortDevice
    {
        public uint ReadPort(ushort port, int size) => 0xFF;

        public void WritePort(ushort port, int size, uint value) => action();
    }

    [Fact]
    public void A_tlb_entry_made_while_the_page_was_ram_reaches_the_device_once_it_is_mapped()
    {
        var m = new FlatMachine();
        ByteDevice device = new(WindowSize);
        device.Bytes[0] = 0x22;
        m.Memory.Write32(Window, 0x1111_1111);
        m.Ports.Register(HookPort, 1, new HookPortDevice(() => m.Memory.MapMmio(Window, WindowSize, device, "window")));
        // Page directory at 0x3000: 0-4 MiB identity as a 4 MiB page, 4 MiB+ through a table mapping 0x400000 to 0xA0000.
        m.Memory.Write32(0x3000, 0x0000_0083);
        m.Memory.Write32(0x3004, 0x0000_4003);
        m.Memory.Write32(0x4000, Window | 3);
        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, 0x10);
        a.mov(cr4, eax);
        a.mov(eax, 0x3000);
        a.mov(cr3, eax);
        a.mov(eax, cr0);
        a.or(eax, unchecked((int)0x8000_0000));
        a.mov(cr0, eax);
        a.mov(esi, __dword_ptr[0x40_0000]);
        a.@out((byte)HookPort, al);
        a.mov(edi, __dword_ptr[0x40_0000]);
        a.hlt();
        m.Start(a);

        Assert.Equal(CpuExitReason.Halted, m.Run());

        Assert.Equal(0x1111_1111u, m.Cpu.Esi);
        Assert.Equal(0x22u, m.Cpu.Edi);
    }

    [Fact]
    public void Code_in_a_device_window_is_fetched_afresh_after_the_device_changes_it()
    {
        var m = new FlatMachine();
        ByteDevice device = new(WindowSize);
        byte[] returnOne = { 0xB8, 1, 0, 0, 0, 0xC3 }; // mov eax, 1; ret
        byte[] returnTwo = { 0xB8, 2, 0, 0, 0, 0xC3 }; // mov eax, 2; ret
        returnOne.CopyTo(device.Bytes, 0);
        m.Memory.MapMmio(Window, WindowSize, device, "window");
        // The device changes its contents without a memory write (as a VGA plane switch does).
        m.Ports.Register(HookPort, 1, new HookPortDevice(() => returnTwo.CopyTo(device.Bytes, 0)));
        var a = new Assembler(32);
        a.call(Window);
        a.mov(esi, eax);
        a.@out((byte)HookPort, al);
        a.call(Window);
        a.mov(edi, eax);
        a.hlt();
        m.Start(a);

        Assert.Equal(CpuExitReason.Halted, m.Run());

        Assert.Equal(1u, m.Cpu.Esi);
        Assert.Equal(2u, m.Cpu.Edi);
    }

    [Fact]
    public void Rep_stos_and_movs_into_the_window_reach_the_device()
    {
        var m = new FlatMachine();
        ByteDevice device = new(WindowSize);
        m.Memory.MapMmio(Window, WindowSize, device, "window");
        m.Memory.WriteBlock(0x5000, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var a = new Assembler(32);
        a.cld();
        a.mov(edi, 0xB8000);
        a.mov(eax, 0x0741_0741);
        a.mov(ecx, 64);
        a.rep.stosd();
        a.mov(esi, 0x5000);
        a.mov(edi, 0xA0000);
        a.mov(ecx, 8);
        a.rep.movsb();
        a.hlt();
        m.Start(a);

        Assert.Equal(CpuExitReason.Halted, m.Run());

        Assert.Equal(new byte[] { 0x41, 0x07, 0x41, 0x07 }, device.Bytes.AsSpan(0x18000 + 252, 4).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, device.Bytes.AsSpan(0, 8).ToArray());
        Assert.Equal(0, m.Memory.Ram[0xB8000]);
        Assert.Equal(0, m.Memory.Ram[0xA0000]);
    }
}
