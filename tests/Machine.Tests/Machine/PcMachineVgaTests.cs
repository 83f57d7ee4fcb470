using PcEmu.Devices.Vga;
using PcEmu.Machine.Boot;
using PcEmu.Machine.Platform;
using PcEmu.Machine.Tests.Support;

namespace PcEmu.Machine.Tests.Machine;

/// <summary>The standard VGA in the PC: its window over RAM, its ports, its PCI function and the state the firmware leaves.</summary>
public sealed class PcMachineVgaTests
{
    private static PcMachine Booted(DisplayAdapter display)
    {
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { MemoryBytes = 16 * 1024 * 1024, Display = display });
        machine.BootMultiboot(TestKernels.Spin(), "spin.elf", "spin.elf", Array.Empty<BootModule>());
        return machine;
    }

    [Fact]
    public void The_text_window_reaches_the_card_not_ram()
    {
        PcMachine machine = Booted(DisplayAdapter.Std);
        VgaAdapter vga = machine.Platform.Vga!.Adapter;

        machine.Memory.Write16(0xB8000, 0x1F41);

        Assert.Equal(0x41, vga.Plane(0)[0]);
        Assert.Equal(0x1F, vga.Plane(1)[0]);
        Assert.Equal(0x1F41, machine.Memory.Read16(0xB8000));
        Assert.Equal(0, machine.Memory.Ram[0xB8000]);
        Assert.False(machine.Memory.IsRam(0xA0000, 1));
        Assert.True(machine.Memory.IsRam(0x9F000, 0x1000));
        Assert.True(machine.Memory.IsRam(0xC0000, 0x1000));
    }

    [Fact]
    public void Firmware_leaves_mode_3_with_a_cleared_page_and_the_framebuffer_at_fd000000()
    {
        PcMachine machine = Booted(DisplayAdapter.Std);
        PlatformVga vga = machine.Platform.Vga!;

        Assert.Equal(PlatformVga.FirmwareFramebufferAddress, vga.Pci.FramebufferAddress);
        Assert.Equal(VgaBiosTextMode.MiscOutput, vga.Adapter.MiscOutput);
        Assert.Equal(0x0720, machine.Memory.Read16(0xB8000 + 2 * 1999));
        Assert.True(vga.Adapter.PaletteAddressSource);
        VgaFrame frame = new VgaRenderer(vga.Adapter).Capture();
        Assert.Equal((720, 400), (frame.Width, frame.Height));

        machine.Memory.Write32(PlatformVga.FirmwareFramebufferAddress + 16, 0x1234_5678);
        Assert.Equal(0x1234_5678u, vga.Adapter.Vbe.ReadFramebuffer(16, 4));
    }

    [Fact]
    public void Firmware_loads_the_8x16_font_into_plane_2()
    {
        PcMachine machine = Booted(DisplayAdapter.Std);
        ReadOnlySpan<byte> plane2 = machine.Platform.Vga!.Adapter.Plane(2);
        ReadOnlySpan<byte> font = VgaBiosFont.Cp437_8x16;

        Assert.Equal(4096, font.Length);
        for (int code = 0; code < 256; code++)
        {
            Assert.True(font.Slice(code * 16, 16).SequenceEqual(plane2.Slice(code * 32, 16)), $"glyph {code:X2}");
            Assert.True(plane2.Slice(code * 32 + 16, 16).IndexOfAnyExcept((byte)0) < 0);
        }
        Assert.True(font.Slice('A' * 16, 16).IndexOfAnyExcept((byte)0) >= 0, "A has dots");
        Assert.True(font.Slice(0xC4 * 16, 16).Contains((byte)0xFF), "C4h is a full-width line");
        Assert.True(font.Slice(0, 16).IndexOfAnyExcept((byte)0) < 0, "00h is blank");
    }

    [Fact]
    public void The_vga_ports_and_vbe_answer()
    {
        PcMachine machine = Booted(DisplayAdapter.Std);

        Assert.Equal(VgaBiosTextMode.MiscOutput, machine.Ports.Read(0x3CC, 1));
        machine.Ports.Write(0x1CE, 2, 0); // VBE_DISPI_INDEX_ID
        Assert.Equal(0xB0C5u, machine.Ports.Read(0x1CF, 2));
        machine.Ports.Write(0xCF8, 4, 0x8000_1000); // 00:02.0, vendor/device
        Assert.Equal(0x1111_1234u, machine.Ports.Read(0xCFC, 4));
    }

    [Fact]
    public void Without_a_card_the_window_is_ram_and_the_ports_float()
    {
        PcMachine machine = Booted(DisplayAdapter.None);

        machine.Memory.Write16(0xB8000, 0x1F41);

        Assert.Null(machine.Platform.Vga);
        Assert.Equal(0x41, machine.Memory.Ram[0xB8000]);
        Assert.Equal(0xFFu, machine.Ports.Read(0x3CC, 1));
        Assert.Equal(0xFFFFu, machine.Ports.Read(0x1CF, 2));
        machine.Ports.Write(0xCF8, 4, 0x8000_1000);
        Assert.Equal(0xFFFF_FFFFu, machine.Ports.Read(0xCFC, 4));
    }
}
