using PcEmu.Memory;

namespace PcEmu.Devices.Vga;

/// <summary>
/// ISA glue for a <see cref="VgaAdapter"/>: the register ports 0x3B4-0x3B5, 0x3BA and 0x3C0-0x3DA,
/// the Bochs VBE ports 0x1CE/0x1CF, and the legacy memory window 0xA0000-0xBFFFF. A 16-bit
/// write to an index port writes the index and then the data port (the <c>out dx, ax</c>
/// idiom BIOSes use for 0x3C4, 0x3CE and 0x3D4); other wide accesses are split into bytes.
/// The VBE data port is 16 bits wide; a byte access reads or writes its low byte.
/// </summary>
public sealed class VgaIsa : IPortDevice
{
    public const ushort MonoFirstPort = 0x3B4;
    public const int MonoPortCount = 0x3BB - 0x3B4; // 0x3B4-0x3BA
    public const ushort ColorFirstPort = 0x3C0;
    public const int ColorPortCount = 0x3DB - 0x3C0; // 0x3C0-0x3DA
    public const int VbePortCount = 2;

    public VgaIsa(VgaAdapter vga)
    {
        ArgumentNullException.ThrowIfNull(vga);
        Adapter = vga;
        Window = new VgaMemoryWindow(vga);
    }

    public VgaAdapter Adapter { get; }

    /// <summary>The MMIO device for 0xA0000-0xBFFFF (offsets from 0xA0000).</summary>
    public IMmioDevice Window { get; }

    /// <summary>Claims the VGA and VBE ports.</summary>
    public void Register(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Register(MonoFirstPort, MonoPortCount, this);
        bus.Register(ColorFirstPort, ColorPortCount, this);
        bus.Register(BochsVbePorts.Index, VbePortCount, this);
    }

    public void Unregister(IoPortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Unregister(MonoFirstPort, MonoPortCount, this);
        bus.Unregister(ColorFirstPort, ColorPortCount, this);
        bus.Unregister(BochsVbePorts.Index, VbePortCount, this);
    }

    /// <summary>
    /// Maps the legacy window at 0xA0000 (128 KiB). The memory bus must route these addresses
    /// to MMIO rather than RAM (the PC's "VGA hole").
    /// </summary>
    public void MapMemory(PhysicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        memory.MapMmio(VgaAdapter.WindowBase, VgaAdapter.WindowSize, Window, "vga-window");
    }

    public uint ReadPort(ushort port, int size)
    {
        if (port is BochsVbePorts.Index or BochsVbePorts.Data)
            return ReadVbe(port, size);
        uint value = 0;
        for (int i = 0; i < size; i++)
            value |= (uint)Adapter.ReadPort((ushort)(port + i)) << (8 * i);
        return value;
    }

    public void WritePort(ushort port, int size, uint value)
    {
        if (port is BochsVbePorts.Index or BochsVbePorts.Data)
        {
            WriteVbe(port, size, value);
            return;
        }
        for (int i = 0; i < size; i++)
            Adapter.WritePort((ushort)(port + i), (byte)(value >> (8 * i)));
    }

    private uint ReadVbe(ushort port, int size)
    {
        ushort value = port == BochsVbePorts.Index ? Adapter.Vbe.ReadIndex() : Adapter.Vbe.ReadData();
        if (size == 1)
            return (byte)value;
        if (size == 4 && port == BochsVbePorts.Index)
            return value | (uint)Adapter.Vbe.ReadData() << 16;
        return value;
    }

    private void WriteVbe(ushort port, int size, uint value)
    {
        ushort low = size == 1 ? (byte)value : (ushort)value;
        if (port == BochsVbePorts.Index)
        {
            Adapter.Vbe.WriteIndex(low);
            if (size == 4)
                Adapter.Vbe.WriteData((ushort)(value >> 16));
        }
        else
        {
            Adapter.Vbe.WriteData(low);
        }
    }

    private sealed class VgaMemoryWindow(VgaAdapter vga) : IMmioDevice
    {
        public uint ReadMmio(uint offset, int size)
        {
            uint value = 0;
            for (int i = 0; i < size; i++)
                value |= (uint)vga.ReadWindow(offset + (uint)i) << (8 * i);
            return value;
        }

        public void WriteMmio(uint offset, int size, uint value)
        {
            for (int i = 0; i < size; i++)
                vga.WriteWindow(offset + (uint)i, (byte)(value >> (8 * i)));
        }
    }
}
