using System.Buffers.Binary;
using System.Text;

namespace Toolchain.Tests.Linker;

/// <summary>A minimal ELF32 reader for checking the linker's output without external tools.</summary>
internal sealed class ElfReader
{
    public sealed record ProgramHeader(uint Type, uint Offset, uint VirtualAddress, uint PhysicalAddress, uint FileSize, uint MemorySize, uint Flags, uint Align);

    public sealed record SectionHeader(string Name, uint Type, uint Flags, uint Address, uint Offset, uint Size, uint Link, uint Info, uint Align, uint EntrySize);

    public sealed record Symbol(string Name, uint Value, byte Info, ushort SectionIndex);

    private readonly byte[] _image;

    public ElfReader(byte[] image)
    {
        _image = image;
        Assert.True(image.Length >= 52, "image shorter than an ELF header");
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1 }, image[..7]);
        Type = U16(16);
        Machine = U16(18);
        Entry = U32(24);
        uint phoff = U32(28), shoff = U32(32);
        ushort phentsize = U16(42), phnum = U16(44), shentsize = U16(46), shnum = U16(48), shstrndx = U16(50);
        Assert.Equal(32, phentsize);
        Assert.Equal(40, shentsize);
        for (int i = 0; i < phnum; i++)
        {
            uint p = phoff + (uint)(i * 32);
            ProgramHeaders.Add(new ProgramHeader(U32(p), U32(p + 4), U32(p + 8), U32(p + 12), U32(p + 16), U32(p + 20), U32(p + 24), U32(p + 28)));
        }
        var raw = new List<(uint Name, uint[] Fields)>();
        for (int i = 0; i < shnum; i++)
        {
            uint s = shoff + (uint)(i * 40);
            raw.Add((U32(s), Enumerable.Range(1, 9).Select(k => U32(s + (uint)(k * 4))).ToArray()));
        }
        uint shstrOffset = raw[shstrndx].Fields[3];
        foreach (var (name, f) in raw)
            Sections.Add(new SectionHeader(CString(shstrOffset + name), f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]));

        SectionHeader? symtab = Sections.FirstOrDefault(s => s.Type == 2);
        if (symtab is not null)
        {
            SectionHeader strtab = Sections[(int)symtab.Link];
            for (uint at = symtab.Offset + 16; at < symtab.Offset + symtab.Size; at += 16)
                Symbols.Add(new Symbol(CString(strtab.Offset + U32(at)), U32(at + 4), _image[at + 12], U16(at + 14)));
        }
    }

    public ushort Type { get; }
    public ushort Machine { get; }
    public uint Entry { get; }
    public List<ProgramHeader> ProgramHeaders { get; } = new();
    public List<SectionHeader> Sections { get; } = new();
    public List<Symbol> Symbols { get; } = new();

    public SectionHeader Section(string name) => Sections.Single(s => s.Name == name);

    public uint SymbolValue(string name) => Symbols.Single(s => s.Name == name).Value;

    /// <summary>Reads <paramref name="count"/> bytes at a virtual address through the program headers.</summary>
    public byte[] ReadVirtual(uint address, int count)
    {
        ProgramHeader ph = ProgramHeaders.Single(p => p.Type == 1 && address >= p.VirtualAddress && address + count <= p.VirtualAddress + p.MemorySize);
        var result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            uint inSegment = address + (uint)i - ph.VirtualAddress;
            result[i] = inSegment < ph.FileSize ? _image[ph.Offset + inSegment] : (byte)0;
        }
        return result;
    }

    public uint ReadVirtual32(uint address) => BinaryPrimitives.ReadUInt32LittleEndian(ReadVirtual(address, 4));

    private ushort U16(uint at) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan((int)at));

    private uint U32(uint at) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan((int)at));

    private string CString(uint at)
    {
        int end = Array.IndexOf(_image, (byte)0, (int)at);
        return Encoding.UTF8.GetString(_image, (int)at, end - (int)at);
    }
}
