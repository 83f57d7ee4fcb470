using System.Buffers.Binary;
using System.Diagnostics;
using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;
using static Toolchain.Tests.Linker.LinkTestHelpers;

namespace Toolchain.Tests.Linker;

/// <summary>The shape of the ELF image: segments, sections, bss, grouping, Multiboot header, entry.</summary>
public class ElfOutputTests
{
    private static CoffObject KernelLike() => Obj("kernel.obj", w =>
    {
        CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0x90, 0x90, 0xC3 }, CoffSectionFlags.Code);
        w.AddSection(".managedcode$I", new byte[] { 0xCC, 0xC3 }, CoffSectionFlags.Code);
        w.AddSection(".rdata", new byte[] { 1, 2, 3, 4 }, CoffSectionFlags.ReadOnlyData, 4);
        CoffSectionBuilder data = w.AddSection(".data", new byte[] { 5, 6, 7, 8 }, CoffSectionFlags.Data, 4);
        CoffSectionBuilder bss = w.AddBssSection(".bss", 0x4000, 16);
        w.DefineSymbol("_start", text, 1, function: true);
        w.DefineSymbol("_value", data, 0);
        w.DefineSymbol("_stack", bss, 0);
    });

    [Fact]
    public void ElfHeaderProgramHeadersAndEntryAreCorrect()
    {
        LinkResult result = Link(new LinkerOptions { Multiboot = true }, KernelLike());
        var elf = new ElfReader(result.Image);

        Assert.Equal(2, elf.Type);    // ET_EXEC
        Assert.Equal(3, elf.Machine); // EM_386
        Assert.Equal(result.Symbols["_start"], elf.Entry);
        Assert.Equal(result.EntryPoint, elf.Entry);
        Assert.Equal(Load + 0x10 + 1, elf.Entry); // .multiboot (12 bytes), then .text at 16

        Assert.Equal(3, elf.ProgramHeaders.Count);
        foreach (ElfReader.ProgramHeader ph in elf.ProgramHeaders)
        {
            Assert.Equal(1u, ph.Type); // PT_LOAD
            Assert.Equal(ph.VirtualAddress, ph.PhysicalAddress);
            Assert.Equal(ph.VirtualAddress % ph.Align, ph.Offset % ph.Align);
            Assert.Equal(0u, ph.VirtualAddress % 0x1000); // page-aligned segments
            Assert.True(ph.Offset + ph.FileSize <= (uint)result.Image.Length);
        }
        Assert.Equal(new uint[] { 5, 4, 6 }, elf.ProgramHeaders.Select(p => p.Flags)); // R+X, R, R+W
        Assert.Equal(Load, elf.ProgramHeaders[0].VirtualAddress);
    }

    [Fact]
    public void SectionHeadersAndSymbolTableDescribeTheImage()
    {
        LinkResult result = Link(new LinkerOptions { Multiboot = true }, KernelLike());
        var elf = new ElfReader(result.Image);

        Assert.Equal(new[] { "", ".multiboot", ".text", ".rdata", ".data", ".bss", ".symtab", ".strtab", ".shstrtab" },
            elf.Sections.Select(s => s.Name));
        Assert.Equal(8u, elf.Section(".bss").Type);  // SHT_NOBITS
        Assert.Equal(1u, elf.Section(".text").Type); // SHT_PROGBITS
        Assert.Equal(6u, elf.Section(".text").Flags); // ALLOC | EXECINSTR
        Assert.Equal(3u, elf.Section(".data").Flags); // WRITE | ALLOC
        Assert.Equal(result.Symbols["_value"], elf.SymbolValue("_value"));
        Assert.Equal(result.Symbols["_start"], elf.SymbolValue("_start"));
        ElfReader.Symbol start = elf.Symbols.Single(s => s.Name == "_start");
        Assert.Equal(0x12, start.Info); // STB_GLOBAL, STT_FUNC
        Assert.Equal(".text", elf.Sections[start.SectionIndex].Name);
        Assert.Equal(result.Symbols["__bss_end"], elf.SymbolValue("__bss_end"));
    }

    [Fact]
    public void BssTakesMemoryButNoFileBytes()
    {
        LinkResult result = Link(KernelLike());
        var elf = new ElfReader(result.Image);

        ElfReader.ProgramHeader data = elf.ProgramHeaders.Single(p => (p.Flags & 2) != 0);
        uint bssStart = result.Symbols["__bss_start"], bssEnd = result.Symbols["__bss_end"];
        Assert.Equal(0x4000u, bssEnd - bssStart);
        Assert.Equal(result.Symbols["_stack"], bssStart);
        Assert.Equal(4u, data.FileSize);                  // just .data
        Assert.Equal(bssEnd - data.VirtualAddress, data.MemorySize);
        Assert.True(data.MemorySize > data.FileSize);
        Assert.True(result.Image.Length < 0x4000, "the bss must not occupy file bytes");
    }

    [Fact]
    public void BssOnlyDataSegmentHasZeroFileSize()
    {
        CoffObject obj = Obj("bss.obj", w =>
        {
            w.DefineSymbol("_start", w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code), 0);
            w.AddBssSection(".bss", 0x10000, 4096);
        });

        var elf = new ElfReader(Link(obj).Image);

        ElfReader.ProgramHeader bss = elf.ProgramHeaders.Single(p => (p.Flags & 2) != 0);
        Assert.Equal(0u, bss.FileSize);
        Assert.Equal(0x10000u, bss.MemorySize);
        Assert.Equal(0u, bss.VirtualAddress % 4096);
    }

    [Fact]
    public void GroupedSectionsAreOrderedBySuffixAndKeptContiguous()
    {
        CoffObject a = Obj("a.obj", w =>
        {
            w.DefineSymbol("_start", w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code), 0);
            w.DefineSymbol("__modules_z", w.AddSection(".modules$Z", new byte[] { 0xEE, 0xEE, 0xEE, 0xEE }, CoffSectionFlags.Data, 4), 0);
            w.DefineSymbol("_first_i", w.AddSection(".modules$I", new byte[] { 0x11, 0x11, 0x11, 0x11 }, CoffSectionFlags.ReadOnlyData, 4), 0);
            w.AddSection(".data", new byte[] { 0xDD, 0xDD, 0xDD, 0xDD }, CoffSectionFlags.Data, 4);
        });
        CoffObject b = Obj("b.obj", w =>
        {
            w.DefineSymbol("_second_i", w.AddSection(".modules$I", new byte[] { 0x22, 0x22, 0x22, 0x22 }, CoffSectionFlags.ReadOnlyData, 4), 0);
            w.DefineSymbol("__modules_a", w.AddSection(".modules$A", new byte[] { 0xAA, 0xAA, 0xAA, 0xAA }, CoffSectionFlags.Data, 4), 0);
        });

        LinkResult result = Link(a, b);
        var elf = new ElfReader(result.Image);

        uint start = result.Symbols["__modules_a"];
        Assert.Equal(start + 4, result.Symbols["_first_i"]);
        Assert.Equal(start + 8, result.Symbols["_second_i"]);
        Assert.Equal(start + 12, result.Symbols["__modules_z"]);
        Assert.Equal(new byte[] { 0xAA, 0xAA, 0xAA, 0xAA, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22, 0xEE, 0xEE, 0xEE, 0xEE },
            elf.ReadVirtual(start, 16));
        // .data itself comes first in the output .data section, then the .modules group.
        Assert.Equal(result.Symbols["__data_start"] + 4, start);
    }

    [Fact]
    public void CodeFromManagedCodeSectionsIsMergedIntoText()
    {
        LinkResult result = Link(KernelLike());
        OutputSection text = result.Sections.Single(s => s.Name == ".text");

        Assert.Equal(new[] { ".text", ".managedcode$I" }, text.Pieces.Select(p => p.SectionName));
    }

    [Fact]
    public void MultibootHeaderIsInTheFirst8KiBFourByteAlignedWithValidChecksum()
    {
        LinkResult result = Link(new LinkerOptions { Multiboot = true }, KernelLike());
        byte[] image = result.Image;

        int found = -1;
        for (int offset = 0; offset + 12 <= Math.Min(image.Length, 8192); offset += 4)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(offset)) == 0x1BADB002)
            {
                found = offset;
                break;
            }
        }
        Assert.True(found >= 0, "no Multiboot magic in the first 8 KiB");
        Assert.Equal(0, found % 4);
        Assert.Equal((uint)found, result.MultibootHeaderOffset);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(found));
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(found + 4));
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(found + 8));
        Assert.Equal(0x3u, flags);
        Assert.Equal(0u, unchecked(magic + flags + checksum));

        // It lies in the first loaded segment, at the load address.
        var elf = new ElfReader(image);
        ElfReader.ProgramHeader first = elf.ProgramHeaders.OrderBy(p => p.VirtualAddress).First();
        Assert.InRange((uint)found, first.Offset, first.Offset + first.FileSize - 12);
        Assert.Equal(Load, result.Symbols["__multiboot_header"]);
        Assert.Equal(0x1BADB002u, elf.ReadVirtual32(Load));
    }

    [Fact]
    public void WithoutMultibootThereIsNoHeader()
    {
        LinkResult result = Link(KernelLike());

        Assert.Null(result.MultibootHeaderOffset);
        Assert.DoesNotContain(result.Sections, s => s.Name == ".multiboot" && s.Size > 0);
    }

    [Fact]
    public void LoadAddressAndUnalignedSegmentsAreHonoured()
    {
        var options = new LinkerOptions { LoadAddress = 0x400000, PageAlignSegments = false };

        LinkResult result = Link(options, KernelLike());
        var elf = new ElfReader(result.Image);

        Assert.Equal(0x400001u, elf.Entry);
        Assert.Equal(0x400000u, elf.ProgramHeaders[0].VirtualAddress);
        Assert.True(result.Symbols["_value"] < 0x400100, "without page alignment .data follows closely");
        foreach (ElfReader.ProgramHeader ph in elf.ProgramHeaders)
            Assert.Equal(ph.VirtualAddress % ph.Align, ph.Offset % ph.Align);
    }

    [Fact]
    public void MapFileListsSectionsPiecesAndSymbols()
    {
        LinkResult result = Link(new LinkerOptions { Multiboot = true }, KernelLike());

        string map = result.MapText();

        Assert.Contains("kernel.obj(.managedcode$I)", map);
        Assert.Contains($"0x{result.Symbols["_start"]:X8}  _start  (kernel.obj)", map);
        Assert.Contains(".bss", map);
    }

    [Fact]
    public void ReadElfAcceptsTheImageWhenAvailable()
    {
        const string readelf = "/usr/bin/readelf";
        if (!File.Exists(readelf))
            return; // optional cross-check; the tests never depend on binutils
        string path = Path.Combine(Path.GetTempPath(), $"linker-test-{Guid.NewGuid():N}.elf");
        try
        {
            Link(new LinkerOptions { Multiboot = true }, KernelLike()).WriteTo(path);
            var psi = new ProcessStartInfo(readelf, $"-a -W {path}") { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process process = Process.Start(psi)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();

            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", errors.Trim());
            Assert.Contains("EXEC (Executable file)", output);
            Assert.Contains("Intel 80386", output);
            Assert.Contains("_start", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
