using PcEmu.Machine.Boot;
using PcEmu.Machine.Tests.Support;
using PcEmu.Memory;

namespace PcEmu.Machine.Tests.Boot;

public sealed class MultibootLoaderTests
{
    private const uint Ram = 16 * 1024 * 1024;

    private static byte[] Code(int length, byte fill = 0x90)
    {
        byte[] code = new byte[length];
        Array.Fill(code, fill);
        Elf32Builder.MultibootHeader().CopyTo(code, 0);
        return code;
    }

    private static byte[] SimpleKernel(uint entry = 0x100010, uint bssSize = 0x100)
    {
        Elf32Builder elf = new() { Entry = entry };
        elf.AddSegment(0x100000, Code(0x40), memorySize: 0x40 + bssSize);
        elf.AddSegment(0x200000, new byte[] { 1, 2, 3, 4 });
        return elf.Build();
    }

    private static PhysicalMemory DirtyMemory()
    {
        PhysicalMemory memory = new(Ram);
        memory.Ram.Fill(0xCC);
        return memory;
    }

    private static MultibootBootState Load(PhysicalMemory memory, byte[] kernel, string cmdline = "kernel", params BootModule[] modules) =>
        MultibootLoader.Load(memory, kernel, "kernel.elf", cmdline, modules);

    [Fact]
    public void LoadsSegmentsAtPhysicalAddressesAndZeroesBss()
    {
        PhysicalMemory memory = DirtyMemory();
        MultibootBootState state = Load(memory, SimpleKernel());

        Assert.Equal(0x1BADB002u, memory.Read32(0x100000));
        Assert.Equal(0x90, memory.Read8(0x10003F));
        for (uint a = 0x100040; a < 0x100140; a++)
            Assert.Equal(0, memory.Read8(a));
        Assert.Equal(0xCC, memory.Read8(0x100140));
        Assert.Equal(0x04030201u, memory.Read32(0x200000));
        Assert.Equal(0x100010u, state.EntryPoint);
        Assert.Equal(0x100000u, state.KernelStart);
        Assert.Equal(0x200004u, state.KernelEnd);
        Assert.Equal(MultibootLoader.InfoAreaStart, state.InfoAddress);
    }

    [Fact]
    public void InfoStructureDescribesMemoryCommandLineAndLoader()
    {
        PhysicalMemory memory = DirtyMemory();
        MultibootBootState state = Load(memory, SimpleKernel(), "kernel.elf console=ttyS0");
        uint info = state.InfoAddress;

        MultibootInfoFlags flags = (MultibootInfoFlags)memory.Read32(info + MultibootInfo.FlagsOffset);
        Assert.Equal(
            MultibootInfoFlags.Memory | MultibootInfoFlags.CommandLine | MultibootInfoFlags.Modules | MultibootInfoFlags.MemoryMap | MultibootInfoFlags.BootLoaderName,
            flags);
        Assert.Equal(639u, memory.Read32(info + MultibootInfo.MemLowerOffset));
        Assert.Equal((Ram - 0x100000) / 1024, memory.Read32(info + MultibootInfo.MemUpperOffset));
        Assert.Equal("kernel.elf console=ttyS0", memory.ReadCString(memory.Read32(info + MultibootInfo.CmdlineOffset)));
        Assert.Equal("pcemu", memory.ReadCString(memory.Read32(info + MultibootInfo.BootLoaderNameOffset)));
        Assert.Equal(0u, memory.Read32(info + MultibootInfo.ModsCountOffset));
    }

    [Fact]
    public void MemoryMapListsAvailableAndReservedRegions()
    {
        PhysicalMemory memory = DirtyMemory();
        uint info = Load(memory, SimpleKernel()).InfoAddress;
        uint length = memory.Read32(info + MultibootInfo.MmapLengthOffset);
        uint address = memory.Read32(info + MultibootInfo.MmapAddrOffset);

        List<(ulong Base, ulong Length, uint Type)> entries = new();
        for (uint p = address; p < address + length; p += memory.Read32(p) + 4)
        {
            Assert.Equal(20u, memory.Read32(p));
            entries.Add((memory.Read64(p + 4), memory.Read64(p + 12), memory.Read32(p + 20)));
        }

        Assert.Equal(
            new (ulong, ulong, uint)[]
            {
                (0, 0x9FC00, 1),
                (0x9FC00, 0x400, 2),
                (0xF0000, 0x10000, 2),
                (0x100000, Ram - 0x100000, 1),
            },
            entries);
    }

    [Fact]
    public void ModulesArePageAlignedAfterTheKernelWithTheirStrings()
    {
        PhysicalMemory memory = DirtyMemory();
        byte[] first = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        byte[] second = { 0xAB, 0xCD };
        MultibootBootState state = Load(
            memory,
            SimpleKernel(),
            "kernel",
            new BootModule("init", first, "init arg1"),
            new BootModule("fs", second, "fs"));
        uint info = state.InfoAddress;

        Assert.Equal(2u, memory.Read32(info + MultibootInfo.ModsCountOffset));
        uint mods = memory.Read32(info + MultibootInfo.ModsAddrOffset);
        uint start0 = memory.Read32(mods), end0 = memory.Read32(mods + 4);
        uint start1 = memory.Read32(mods + 16), end1 = memory.Read32(mods + 20);

        Assert.Equal(0x201000u, start0);
        Assert.Equal(start0 + 5000, end0);
        Assert.Equal(0x203000u, start1);
        Assert.Equal(start1 + 2, end1);
        Assert.Equal(0u, start1 % 4096);
        Assert.Equal("init arg1", memory.ReadCString(memory.Read32(mods + 8)));
        Assert.Equal("fs", memory.ReadCString(memory.Read32(mods + 24)));
        Assert.Equal(first, Enumerable.Range(0, 5000).Select(i => memory.Read8(start0 + (uint)i)).ToArray());
        Assert.Equal(0xCDAB, memory.Read16(start1));
        Assert.Equal(new[] { "init", "fs" }, state.Modules.Select(m => m.Name));
    }

    [Fact]
    public void HeaderIsFoundAtAnyAlignedOffsetInTheFirst8K()
    {
        byte[] code = new byte[0x1000];
        Elf32Builder.MultibootHeader().CopyTo(code, 0x800);
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, code);
        MultibootBootState state = Load(DirtyMemory(), elf.Build());
        Assert.Equal(0x100000u, state.EntryPoint);
    }

    [Fact]
    public void HigherHalfEntryIsTranslatedToItsPhysicalAddress()
    {
        Elf32Builder elf = new() { Entry = 0xC0100020 };
        elf.AddSegment(0x100000, Code(0x100), virtualAddress: 0xC0100000);
        MultibootBootState state = Load(DirtyMemory(), elf.Build());
        Assert.Equal(0x100020u, state.EntryPoint);
    }

    [Fact]
    public void AoutKludgeLoadsTheImageAtTheHeaderAddresses()
    {
        // A flat binary: 16 bytes of code, then the header at file offset 16.
        byte[] image = new byte[0x40];
        Array.Fill(image, (byte)0xF4, 0, 16);
        Elf32Builder.MultibootAoutHeader(
            headerAddr: 0x100010, loadAddr: 0x100000, loadEndAddr: 0x100040, bssEndAddr: 0x100100, entryAddr: 0x100000).CopyTo(image, 16);
        PhysicalMemory memory = DirtyMemory();

        MultibootBootState state = Load(memory, image);

        Assert.Equal(0x100000u, state.EntryPoint);
        Assert.Equal(0xF4, memory.Read8(0x100000));
        Assert.Equal(0x1BADB002u, memory.Read32(0x100010));
        Assert.Equal(0, memory.Read8(0x1000FF));
        Assert.Equal(0xCC, memory.Read8(0x100100));
        Assert.Equal(0x100100u, state.KernelEnd);
    }

    [Fact]
    public void NoHeaderIsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, new byte[0x100]);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("no multiboot header", e.Message);
    }

    [Fact]
    public void HeaderBeyondTheFirst8KIsNotFound()
    {
        byte[] code = new byte[0x3000];
        Elf32Builder.MultibootHeader().CopyTo(code, 0x2400);
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, code);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("no multiboot header", e.Message);
    }

    [Fact]
    public void BadChecksumIsRefused()
    {
        byte[] code = new byte[0x40];
        Elf32Builder.MultibootHeader(corruptChecksum: true).CopyTo(code, 0);
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, code);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("bad checksum", e.Message);
    }

    [Fact]
    public void TruncatedSegmentDataIsRefused()
    {
        byte[] kernel = SimpleKernel();
        byte[] truncated = kernel[..^2];
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), truncated));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedProgramHeaderTableIsRefused()
    {
        byte[] kernel = SimpleKernel();
        // Keep the multiboot header reachable but cut the file inside the program headers.
        byte[] cut = new byte[0x60];
        kernel.AsSpan(0, 0x50).CopyTo(cut);
        Elf32Builder.MultibootHeader().CopyTo(cut, 0x54);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), cut));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void WrongMachineIsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x100000, Machine = 62 }; // EM_X86_64
        elf.AddSegment(0x100000, Code(0x40));
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("not i386", e.Message);
    }

    [Fact]
    public void Elf64IsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x100000, Class = 2 };
        elf.AddSegment(0x100000, Code(0x40));
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("not a 32-bit ELF", e.Message);
    }

    [Fact]
    public void NonElfWithoutKludgeIsRefused()
    {
        byte[] image = new byte[0x40];
        Elf32Builder.MultibootHeader().CopyTo(image, 0);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), image));
        Assert.Contains("not an ELF file", e.Message);
    }

    [Fact]
    public void SegmentBeyondRamIsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, Code(0x40));
        elf.AddSegment(Ram - 0x10, new byte[0x10], memorySize: 0x20);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("outside the 16 MiB of RAM", e.Message);
    }

    [Fact]
    public void SegmentWrappingPast4GIsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, Code(0x40));
        elf.AddSegment(0xFFFFFFF0, new byte[0x10], memorySize: 0x100);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("outside", e.Message);
    }

    [Fact]
    public void SegmentOverlappingTheInfoAreaIsRefused()
    {
        Elf32Builder elf = new() { Entry = 0x8000 };
        elf.AddSegment(0x8000, Code(0x2000));
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("overlaps the multiboot information area", e.Message);
    }

    [Fact]
    public void ModulesThatDoNotFitAreRefused()
    {
        BootImageException e = Assert.Throws<BootImageException>(() =>
            Load(DirtyMemory(), SimpleKernel(), "k", new BootModule("big.img", new byte[Ram - 0x200000], "big.img")));
        Assert.Contains("big.img", e.Message);
        Assert.Contains("does not fit", e.Message);
    }

    [Fact]
    public void UnsupportedRequiredFlagsAreRefused()
    {
        byte[] code = new byte[0x40];
        Elf32Builder.MultibootHeader(flags: 0x3 | 0x8).CopyTo(code, 0);
        Elf32Builder elf = new() { Entry = 0x100000 };
        elf.AddSegment(0x100000, code);
        BootImageException e = Assert.Throws<BootImageException>(() => Load(DirtyMemory(), elf.Build()));
        Assert.Contains("flags 0x8", e.Message);
    }

    [Fact]
    public void NothingIsWrittenWhenTheImageIsRefused()
    {
        PhysicalMemory memory = DirtyMemory();
        Assert.Throws<BootImageException>(() =>
            Load(memory, SimpleKernel(), "k", new BootModule("big.img", new byte[Ram], "big.img")));
        Assert.Equal(0xCC, memory.Read8(0x100000));
        Assert.Equal(0xCC, memory.Read8(MultibootLoader.InfoAreaStart));
    }

    [Fact]
    public void GarbageOfEverySizeNeverEscapesAsAnotherException()
    {
        Random random = new(1234);
        byte[] kernel = SimpleKernel();
        for (int i = 0; i < 500; i++)
        {
            byte[] image = (byte[])kernel.Clone();
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++)
                image[random.Next(Elf32Builder.MultibootHeader().Length + 0x34, Math.Min(image.Length, 0x80))] = (byte)random.Next(256);
            image = image[..random.Next(image.Length / 2, image.Length + 1)];
            try
            {
                Load(new PhysicalMemory(Ram), image);
            }
            catch (BootImageException)
            {
            }
        }
    }
}
