using GuestOs.Build.Linker.Elf;

namespace GuestOs.Build.Linker;

/// <summary>The linked image and what a debugger or a loader needs to know about it.</summary>
public sealed class LinkResult
{
    internal LinkResult(byte[] image, IReadOnlyDictionary<string, uint> symbols, IReadOnlyDictionary<string, string> symbolOrigins,
        uint entryPoint, string entrySymbol, IReadOnlyList<OutputSection> sections, IReadOnlyList<ElfSegment> segments, uint? multibootHeaderOffset)
    {
        Image = image;
        Symbols = symbols;
        SymbolOrigins = symbolOrigins;
        EntryPoint = entryPoint;
        EntrySymbol = entrySymbol;
        Sections = sections;
        Segments = segments;
        MultibootHeaderOffset = multibootHeaderOffset;
    }

    /// <summary>The ELF32 executable.</summary>
    public byte[] Image { get; }

    /// <summary>Every global symbol (object, linker and caller defined) and its address.</summary>
    public IReadOnlyDictionary<string, uint> Symbols { get; }

    /// <summary>The object (or "&lt;linker&gt;", "&lt;options&gt;") that defined each global symbol.</summary>
    public IReadOnlyDictionary<string, string> SymbolOrigins { get; }
    public uint EntryPoint { get; }
    public string EntrySymbol { get; }

    /// <summary>All output sections in layout order, including empty ones (which the ELF omits).</summary>
    public IReadOnlyList<OutputSection> Sections { get; }
    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>File offset of the Multiboot header, when one was emitted.</summary>
    public uint? MultibootHeaderOffset { get; }

    public void WriteTo(string path) => File.WriteAllBytes(path, Image);

    /// <summary>The map file text: segments, section layout with every input piece, symbols by address and by name.</summary>
    public string MapText() => MapFile.Format(this);

    public void WriteMap(string path) => File.WriteAllText(path, MapText());
}
