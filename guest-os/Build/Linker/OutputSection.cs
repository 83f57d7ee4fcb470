using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Linker;

/// <summary>One input section placed in an output section.</summary>
public sealed class InputPiece
{
    internal InputPiece(CoffObject obj, CoffSection section)
    {
        Object = obj;
        Section = section;
    }

    public CoffObject Object { get; }
    public CoffSection Section { get; }
    public string ObjectName => Object.Name;
    public string SectionName => Section.Name;
    public uint Size => Section.Size;
    public uint Alignment => Section.Alignment;
    public OutputSection Output { get; internal set; } = null!;

    /// <summary>Offset of the piece within its output section.</summary>
    public uint Offset { get; internal set; }

    public uint Address => Output.Address + Offset;

    /// <summary>Contents to copy (null: zero-filled, e.g. a common block or a bss piece).</summary>
    internal byte[]? Data => Section.IsUninitialized ? null : Section.Data;

    public override string ToString() => $"{ObjectName}({SectionName})";
}

/// <summary>A merged output section: <c>.multiboot</c>, <c>.text</c>, <c>.rdata</c>, <c>.data</c> or <c>.bss</c>.</summary>
public sealed class OutputSection
{
    internal OutputSection(string name, bool executable, bool writable, bool noBits)
    {
        Name = name;
        IsExecutable = executable;
        IsWritable = writable;
        IsNoBits = noBits;
    }

    public string Name { get; }
    public bool IsExecutable { get; }
    public bool IsWritable { get; }

    /// <summary>True for .bss: occupies memory but no file bytes.</summary>
    public bool IsNoBits { get; }
    public uint Address { get; internal set; }
    public uint Size { get; internal set; }
    public uint Alignment { get; internal set; } = 1;
    public uint End => Address + Size;
    public IReadOnlyList<InputPiece> Pieces => PieceList;

    /// <summary>Index of this section in the ELF section header table (0 when empty and not emitted).</summary>
    public int ElfIndex { get; internal set; }

    internal List<InputPiece> PieceList { get; } = new();

    /// <summary>The section's bytes after relocation (empty for .bss).</summary>
    internal byte[] Data { get; set; } = Array.Empty<byte>();

    /// <summary>Sections that share these permissions may share a segment.</summary>
    internal int SegmentClass => IsExecutable ? 0 : IsWritable ? 2 : 1;

    public override string ToString() => $"{Name} 0x{Address:X8}+0x{Size:X}";
}
