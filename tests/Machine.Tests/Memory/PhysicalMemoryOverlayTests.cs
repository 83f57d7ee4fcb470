using PcEmu.Memory;

namespace PcEmu.Machine.Tests.Memory;

/// <summary>MMIO regions over RAM (the VGA hole): the device decodes its addresses, RAM around it stays RAM.</summary>
public sealed class PhysicalMemoryOverlayTests
{
    private const uint Window = 0xA0000, WindowSize = 0x20000;

    /// <summary>A device that records every access and answers reads from its own bytes.</summary>
    private sealed class RecordingDevice(uint size) : IMmioDevice
    {
        public readonly byte[] Bytes = new byte[size];
        public readonly List<(bool Write, uint Offset, int Size, uint Value)> Accesses = new();

        public uint ReadMmio(uint offset, int size)
        {
            uint value = 0;
            for (int i = 0; i < size; i++)
                value |= (uint)Bytes[offset + i] << (8 * i);
            Accesses.Add((false, offset, size, value));
            return value;
        }

        public void WriteMmio(uint offset, int size, uint value)
        {
            for (int i = 0; i < size; i++)
                Bytes[offset + i] = (byte)(value >> (8 * i));
            Accesses.Add((true, offset, size, value));
        }
    }

    private static (PhysicalMemory Memory, RecordingDevice Device) Mapped()
    {
        PhysicalMemory memory = new(2 * 1024 * 1024);
        memory.Ram.Slice((int)Window, (int)WindowSize).Fill(0x5A);
        RecordingDevice device = new(WindowSize);
        memory.MapMmio(Window, WindowSize, device, "window");
        return (memory, device);
    }

    [Fact]
    public void Accesses_inside_the_window_reach_the_device_with_their_width()
    {
        (PhysicalMemory memory, RecordingDevice device) = Mapped();

        memory.Write8(0xB8000, 0x41);
        memory.Write16(0xB8002, 0x0742);
        memory.Write32(0xA0004, 0x1122_3344);

        Assert.Equal(0x41, device.Bytes[0x18000]);
        Assert.Equal(new (bool, uint, int, uint)[] { (true, 0x18000, 1, 0x41), (true, 0x18002, 2, 0x0742), (true, 4, 4, 0x1122_3344) }, device.Accesses);
        Assert.Equal(0x0742, memory.Read16(0xB8002));
        Assert.Equal(0x1122_3344u, memory.Read32(0xA0004));
        Assert.Equal(0x44, memory.Read8(0xA0004));
        Assert.Equal(0x5A, memory.Ram[0xB8000]); // the RAM underneath is untouched
    }

    [Fact]
    public void Ram_on_either_side_of_the_window_stays_ram()
    {
        (PhysicalMemory memory, RecordingDevice device) = Mapped();

        memory.Write32(0x9FFFC, 0xAABB_CCDD);
        memory.Write32(0xC0000, 0x0102_0304);

        Assert.Equal(0xAABB_CCDDu, memory.Read32(0x9FFFC));
        Assert.Equal(0x0102_0304u, memory.Read32(0xC0000));
        Assert.Empty(device.Accesses);
        Assert.True(memory.IsRam(0x9F000, 0x1000));
        Assert.True(memory.IsRam(0xC0000, 0x1000));
    }

    [Fact]
    public void An_access_straddling_the_window_edge_splits_between_ram_and_device()
    {
        (PhysicalMemory memory, RecordingDevice device) = Mapped();

        memory.Write32(0x9FFFE, 0x1122_3344);

        Assert.Equal(0x44, memory.Ram[0x9FFFE]);
        Assert.Equal(0x33, memory.Ram[0x9FFFF]);
        Assert.Equal(0x22, device.Bytes[0]);
        Assert.Equal(0x11, device.Bytes[1]);
        Assert.Equal(0x1122_3344u, memory.Read32(0x9FFFE));
        Assert.Equal(0x5A, memory.Ram[(int)Window]);
    }

    [Fact]
    public void Ram_checks_and_block_copies_never_reach_ram_under_the_window()
    {
        (PhysicalMemory memory, RecordingDevice device) = Mapped();

        Assert.False(memory.IsRam(0xB8000, 2));
        Assert.False(memory.IsRam(0x9FFFF, 2));
        Assert.False(memory.IsRam(0x90000, 0x30000));
        memory.WriteBlock(0xB8000, new byte[] { 1, 2, 3 });
        byte[] back = new byte[3];
        memory.ReadBlock(0xB8000, back);

        Assert.Equal(new byte[] { 1, 2, 3 }, device.Bytes.AsSpan(0x18000, 3).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, back);
        Assert.Equal(0x5A, memory.Ram[0xB8000]);
    }

    [Fact]
    public void Unmapping_gives_the_addresses_back_to_ram()
    {
        (PhysicalMemory memory, RecordingDevice device) = Mapped();

        memory.UnmapMmio(Window, device);
        memory.Write8(0xB8000, 0x99);

        Assert.Equal(0x99, memory.Ram[0xB8000]);
        Assert.Equal(0x99, memory.Read8(0xB8000));
        Assert.True(memory.IsRam(0xA0000, (int)WindowSize));
        Assert.False(memory.IsMmio(0xB8000));
        Assert.Empty(device.Accesses);
    }

    [Fact]
    public void A_gap_between_two_overlays_is_ram()
    {
        PhysicalMemory memory = new(2 * 1024 * 1024);
        RecordingDevice low = new(0x1000), high = new(0x1000);
        memory.MapMmio(0x10000, 0x1000, low, "low");
        memory.MapMmio(0x30000, 0x1000, high, "high");

        memory.Write16(0x20000, 0xBEEF);
        memory.Write8(0x30010, 7);

        Assert.Equal(0xBEEF, memory.Read16(0x20000));
        Assert.Equal(0xEF, memory.Ram[0x20000]);
        Assert.Equal(7, high.Bytes[0x10]);
        Assert.Empty(low.Accesses);
    }

    [Fact]
    public void Mapping_over_ram_drops_decoded_code_of_the_covered_pages()
    {
        PhysicalMemory memory = new(2 * 1024 * 1024);
        List<uint> written = new();
        memory.CodePageWritten += written.Add;
        memory.MarkCodePage(0xB8);
        memory.MarkCodePage(0x90);

        memory.MapMmio(Window, WindowSize, new RecordingDevice(WindowSize), "window");

        Assert.Equal(new uint[] { 0xB8 }, written);
    }

    [Fact]
    public void Overlapping_mmio_regions_are_refused()
    {
        (PhysicalMemory memory, _) = Mapped();

        Assert.Throws<InvalidOperationException>(() => memory.MapMmio(0xBF000, 0x2000, new RecordingDevice(0x2000), "other"));
    }
}
