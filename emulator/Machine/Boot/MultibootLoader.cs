using System.Text;
using PcEmu.Memory;

namespace PcEmu.Machine.Boot;

/// <summary>
/// A Multiboot v1 boot loader (Multiboot Specification 0.6.96), like QEMU's <c>-kernel</c>:
/// finds the header, loads an ELF32 kernel's PT_LOAD segments at their physical addresses
/// (or the a.out-kludge image at the header's addresses), loads the modules page-aligned
/// after the kernel, and writes the information structure. Everything is validated before
/// the first byte is written; every problem is a <see cref="BootImageException"/>.
/// <para>
/// Memory layout: the information structure, memory map, module list and all strings live in
/// <see cref="InfoAreaStart"/>..<see cref="InfoAreaEnd"/> (below 1 MiB, where QEMU puts its
/// own, at 0x9000); no kernel segment may overlap that area. Modules follow the kernel's
/// highest byte, page-aligned, skipping the info area and the 0x9FC00-0xFFFFF hole. The memory
/// map reports 0-0x9FBFF and 1 MiB-top of RAM as available, the EBDA (0x9FC00-0x9FFFF) and
/// the BIOS area (0xF0000-0xFFFFF) as reserved, like QEMU's e820 table.
/// </para>
/// <para>
/// Header flag bit 2 (video mode) is accepted and ignored (no video yet; QEMU does the same);
/// any other required bit beyond 0-2 is refused. The caller supplies the command-line strings
/// verbatim (QEMU prefixes the kernel's file name; the CLI does that).
/// </para>
/// </summary>
public static class MultibootLoader
{
    public const uint InfoAreaStart = 0x9000;
    public const uint InfoAreaEnd = 0x10000;
    public const uint LowMemoryTop = 0x9FC00;
    public const uint HighMemoryStart = 0x100000;
    private const uint BiosAreaStart = 0xF0000;
    private const uint PageSize = PhysicalMemory.PageSize;

    /// <summary>Loads the kernel and modules into <paramref name="memory"/>; returns the entry state.</summary>
    public static MultibootBootState Load(
        PhysicalMemory memory, byte[] kernel, string kernelName, string commandLine, IReadOnlyList<BootModule> modules)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(modules);
        uint ramSize = memory.RamSize;

        MultibootHeader header = MultibootHeader.Find(kernel, kernelName);
        KernelPlan plan = header.HasAoutKludge
            ? PlanAout(kernel, kernelName, header, ramSize)
            : PlanElf(kernel, kernelName, ramSize);

        List<(BootModule Module, uint Start)> modulePlan = PlanModules(modules, plan.End, ramSize);
        InfoArea info = new(InfoAreaStart, InfoAreaEnd);
        byte[] infoBytes = BuildInfo(info, ramSize, commandLine, modulePlan, out List<LoadedModule> loaded);

        // Everything checked: now write.
        foreach (KernelChunk chunk in plan.Chunks)
        {
            memory.WriteBlock(chunk.Address, kernel.AsSpan(chunk.FileOffset, chunk.FileSize));
            ZeroFill(memory, chunk.Address + (uint)chunk.FileSize, chunk.MemorySize - (uint)chunk.FileSize);
        }
        foreach ((BootModule module, uint start) in modulePlan)
            memory.WriteBlock(start, module.Image);
        memory.WriteBlock(InfoAreaStart, infoBytes);

        return new MultibootBootState(plan.Entry, InfoAreaStart, plan.Start, plan.End, loaded);
    }

    private static KernelPlan PlanElf(byte[] kernel, string kernelName, uint ramSize)
    {
        Elf32Image elf = Elf32Image.Parse(kernel, kernelName);
        List<KernelChunk> chunks = new();
        uint start = uint.MaxValue, end = 0;
        foreach (Elf32Segment s in elf.LoadSegments)
        {
            string what = $"segment {s.Index} (0x{s.PhysicalAddress:X}-0x{(ulong)s.PhysicalAddress + s.MemorySize - 1:X})";
            CheckPlacement(kernelName, what, s.PhysicalAddress, s.MemorySize, ramSize);
            chunks.Add(new KernelChunk(s.PhysicalAddress, (int)s.FileOffset, (int)s.FileSize, s.MemorySize));
            start = Math.Min(start, s.PhysicalAddress);
            end = Math.Max(end, s.PhysicalAddress + s.MemorySize);
        }
        uint entry = elf.PhysicalEntry();
        if (entry >= ramSize)
            throw new BootImageException($"{kernelName}: entry point 0x{entry:X} lies outside the {FormatSize(ramSize)} of RAM");
        return new KernelPlan(chunks, entry, start, end);
    }

    /// <summary>The a.out kludge (section 3.1.3): header_addr locates the header in memory.</summary>
    private static KernelPlan PlanAout(byte[] kernel, string kernelName, MultibootHeader h, uint ramSize)
    {
        if (h.LoadAddress > h.HeaderAddress)
            throw new BootImageException($"{kernelName}: multiboot load_addr 0x{h.LoadAddress:X} is above header_addr 0x{h.HeaderAddress:X}");
        uint headerDistance = h.HeaderAddress - h.LoadAddress;
        if (headerDistance > (uint)h.FileOffset)
            throw new BootImageException($"{kernelName}: multiboot header_addr - load_addr (0x{headerDistance:X}) reaches before the start of the file");
        int fileOffset = h.FileOffset - (int)headerDistance;
        ulong loadSize;
        if (h.LoadEndAddress == 0)
        {
            loadSize = (ulong)(kernel.Length - fileOffset);
        }
        else
        {
            if (h.LoadEndAddress < h.LoadAddress)
                throw new BootImageException($"{kernelName}: multiboot load_end_addr 0x{h.LoadEndAddress:X} is below load_addr 0x{h.LoadAddress:X}");
            loadSize = h.LoadEndAddress - h.LoadAddress;
            if ((ulong)fileOffset + loadSize > (ulong)kernel.Length)
                throw new BootImageException($"{kernelName}: truncated: load_end_addr asks for 0x{loadSize:X} bytes from offset 0x{fileOffset:X}, past the end of the {kernel.Length}-byte file");
        }
        ulong loadEnd = h.LoadAddress + loadSize;
        ulong memoryEnd = loadEnd;
        if (h.BssEndAddress != 0)
        {
            if (h.BssEndAddress < loadEnd)
                throw new BootImageException($"{kernelName}: multiboot bss_end_addr 0x{h.BssEndAddress:X} is below the end of the loaded image 0x{loadEnd:X}");
            memoryEnd = h.BssEndAddress;
        }
        ulong memorySize = memoryEnd - h.LoadAddress;
        if (memorySize > uint.MaxValue)
            throw new BootImageException($"{kernelName}: the a.out image does not fit in 32-bit memory");
        CheckPlacement(kernelName, $"image (0x{h.LoadAddress:X}-0x{memoryEnd - 1:X})", h.LoadAddress, (uint)memorySize, ramSize);
        if (h.EntryAddress >= ramSize)
            throw new BootImageException($"{kernelName}: entry point 0x{h.EntryAddress:X} lies outside the {FormatSize(ramSize)} of RAM");
        KernelChunk chunk = new(h.LoadAddress, fileOffset, (int)loadSize, (uint)memorySize);
        return new KernelPlan(new[] { chunk }, h.EntryAddress, h.LoadAddress, (uint)memoryEnd);
    }

    private static void CheckPlacement(string kernelName, string what, uint address, uint size, uint ramSize)
    {
        ulong end = (ulong)address + size;
        if (end > ramSize)
            throw new BootImageException($"{kernelName}: {what} lies outside the {FormatSize(ramSize)} of RAM");
        if (address < InfoAreaEnd && end > InfoAreaStart)
            throw new BootImageException($"{kernelName}: {what} overlaps the multiboot information area 0x{InfoAreaStart:X}-0x{InfoAreaEnd - 1:X}");
    }

    private static List<(BootModule, uint)> PlanModules(IReadOnlyList<BootModule> modules, uint kernelEnd, uint ramSize)
    {
        List<(BootModule, uint)> plan = new();
        ulong cursor = AlignUp(kernelEnd);
        foreach (BootModule module in modules)
        {
            ulong size = (ulong)module.Image.Length;
            if (cursor < InfoAreaEnd && cursor + size > InfoAreaStart)
                cursor = InfoAreaEnd;
            if (cursor < HighMemoryStart && cursor + size > LowMemoryTop)
                cursor = HighMemoryStart;
            if (cursor + size > ramSize)
                throw new BootImageException($"{module.Name}: module of {size} bytes does not fit in RAM after the kernel and earlier modules (would end at 0x{cursor + size:X}, RAM is {FormatSize(ramSize)})");
            plan.Add((module, (uint)cursor));
            cursor = AlignUp(cursor + size);
        }
        return plan;
    }

    private static byte[] BuildInfo(
        InfoArea area, uint ramSize, string commandLine, List<(BootModule Module, uint Start)> modules, out List<LoadedModule> loaded)
    {
        uint infoAddress = area.Allocate(MultibootInfo.StructureSize, 4);
        (ulong Base, ulong Length, uint Type)[] regions =
        {
            (0, LowMemoryTop, MultibootInfo.MmapTypeAvailable),
            (LowMemoryTop, 0xA0000 - LowMemoryTop, MultibootInfo.MmapTypeReserved),
            (BiosAreaStart, HighMemoryStart - BiosAreaStart, MultibootInfo.MmapTypeReserved),
            (HighMemoryStart, ramSize - HighMemoryStart, MultibootInfo.MmapTypeAvailable),
        };
        int mmapCount = ramSize > HighMemoryStart ? regions.Length : regions.Length - 1;
        uint mmapAddress = area.Allocate(mmapCount * MultibootInfo.MmapEntrySize, 4);
        for (int i = 0; i < mmapCount; i++)
        {
            uint entry = mmapAddress + (uint)(i * MultibootInfo.MmapEntrySize);
            area.Write32(entry, MultibootInfo.MmapEntrySize - 4);
            area.Write64(entry + 4, regions[i].Base);
            area.Write64(entry + 12, regions[i].Length);
            area.Write32(entry + 20, regions[i].Type);
        }

        uint modsAddress = area.Allocate(Math.Max(1, modules.Count) * MultibootInfo.ModuleEntrySize, 4);
        loaded = new List<LoadedModule>();
        for (int i = 0; i < modules.Count; i++)
        {
            (BootModule module, uint start) = modules[i];
            uint end = start + (uint)module.Image.Length;
            uint stringAddress = area.AllocateString(module.CommandLine);
            uint entry = modsAddress + (uint)(i * MultibootInfo.ModuleEntrySize);
            area.Write32(entry, start);
            area.Write32(entry + 4, end);
            area.Write32(entry + 8, stringAddress);
            loaded.Add(new LoadedModule(module.Name, start, end, stringAddress));
        }

        uint cmdlineAddress = area.AllocateString(commandLine);
        uint nameAddress = area.AllocateString(MultibootInfo.BootLoaderName);

        MultibootInfoFlags flags = MultibootInfoFlags.Memory | MultibootInfoFlags.CommandLine | MultibootInfoFlags.Modules
            | MultibootInfoFlags.MemoryMap | MultibootInfoFlags.BootLoaderName;
        area.Write32(infoAddress + MultibootInfo.FlagsOffset, (uint)flags);
        area.Write32(infoAddress + MultibootInfo.MemLowerOffset, LowMemoryTop / 1024);
        area.Write32(infoAddress + MultibootInfo.MemUpperOffset, (ramSize - HighMemoryStart) / 1024);
        area.Write32(infoAddress + MultibootInfo.CmdlineOffset, cmdlineAddress);
        area.Write32(infoAddress + MultibootInfo.ModsCountOffset, (uint)modules.Count);
        area.Write32(infoAddress + MultibootInfo.ModsAddrOffset, modsAddress);
        area.Write32(infoAddress + MultibootInfo.MmapLengthOffset, (uint)(mmapCount * MultibootInfo.MmapEntrySize));
        area.Write32(infoAddress + MultibootInfo.MmapAddrOffset, mmapAddress);
        area.Write32(infoAddress + MultibootInfo.BootLoaderNameOffset, nameAddress);
        return area.Bytes;
    }

    /// <summary>Zeroes the bss through <see cref="PhysicalMemory.WriteBlock"/> so code-page marks see it.</summary>
    private static void ZeroFill(PhysicalMemory memory, uint address, uint length)
    {
        ReadOnlySpan<byte> zeros = new byte[PageSize];
        while (length > 0)
        {
            uint chunk = Math.Min(length, PageSize);
            memory.WriteBlock(address, zeros[..(int)chunk]);
            address += chunk;
            length -= chunk;
        }
    }

    private static ulong AlignUp(ulong value) => (value + PageSize - 1) & ~(ulong)(PageSize - 1);

    private static string FormatSize(uint bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

    private sealed record KernelPlan(IReadOnlyList<KernelChunk> Chunks, uint Entry, uint Start, uint End);

    /// <summary><c>FileSize</c> bytes from the file, then zeros up to <c>MemorySize</c>.</summary>
    private sealed record KernelChunk(uint Address, int FileOffset, int FileSize, uint MemorySize);

    /// <summary>A bump allocator over a zeroed copy of the information area.</summary>
    private sealed class InfoArea
    {
        private readonly uint _start;
        private readonly byte[] _bytes;
        private int _used;

        public InfoArea(uint start, uint end)
        {
            _start = start;
            _bytes = new byte[end - start];
        }

        public byte[] Bytes => _bytes;

        public uint Allocate(int size, int alignment)
        {
            int offset = (_used + alignment - 1) & ~(alignment - 1);
            if (offset + size > _bytes.Length)
                throw new BootImageException($"the multiboot information (command lines, module list) does not fit in 0x{_start:X}-0x{_start + _bytes.Length - 1:X}");
            _used = offset + size;
            return _start + (uint)offset;
        }

        public uint AllocateString(string text)
        {
            byte[] encoded = Encoding.UTF8.GetBytes(text);
            uint address = Allocate(encoded.Length + 1, 1);
            encoded.CopyTo(_bytes, (int)(address - _start));
            return address;
        }

        public void Write32(uint address, uint value) =>
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan((int)(address - _start)), value);

        public void Write64(uint address, ulong value) =>
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan((int)(address - _start)), value);
    }
}
