namespace GuestOs.Build.Linker;

/// <summary>How a caller-defined symbol gets its address.</summary>
public enum LinkerSymbolKind
{
    /// <summary>A fixed address.</summary>
    Absolute,

    /// <summary>The first byte of an output section (".text", ".rdata", ".data", ".bss").</summary>
    SectionStart,

    /// <summary>The first byte after an output section.</summary>
    SectionEnd,
}

/// <summary>A symbol the caller defines; see <see cref="LinkerOptions.DefineSymbol"/>.</summary>
public sealed record LinkerSymbol(string Name, LinkerSymbolKind Kind, uint Address = 0, string? Section = null);

/// <summary>Options of one link.</summary>
public sealed class LinkerOptions
{
    /// <summary>The default load address: 1 MiB, where Multiboot kernels conventionally live.</summary>
    public const uint DefaultLoadAddress = 0x0010_0000;

    /// <summary>Address of the first output section (and so of the first segment).</summary>
    public uint LoadAddress { get; set; } = DefaultLoadAddress;

    /// <summary>
    /// The entry symbol, exactly as spelled in the objects (e.g. "_start"). If null, a
    /// <c>/ENTRY:</c> directive from an object's <c>.drectve</c> is used. Missing entry = error.
    /// </summary>
    public string? EntrySymbol { get; set; } = "_start";

    /// <summary>Emit a Multiboot v1 header (section <c>.multiboot</c>, placed first).</summary>
    public bool Multiboot { get; set; }

    /// <summary>Start every segment (text, rdata, data+bss) on a page boundary.</summary>
    public bool PageAlignSegments { get; set; } = true;

    public uint PageSize { get; set; } = 0x1000;

    /// <summary>Subtracted by DIR32NB ("image-relative") relocations. 0 makes them absolute.</summary>
    public uint ImageBase { get; set; }

    /// <summary>Fixed start addresses of output sections by name (".text", ".rdata", ".data", ".bss", ".multiboot").</summary>
    public IDictionary<string, uint> SectionAddresses { get; } = new Dictionary<string, uint>(StringComparer.Ordinal);

    /// <summary>Symbols defined by the caller; an object defining the same name is an error.</summary>
    public IList<LinkerSymbol> ExtraSymbols { get; } = new List<LinkerSymbol>();

    /// <summary>Copy the objects' static (local) symbols into the ELF .symtab, for debuggers and disassemblers.</summary>
    public bool IncludeLocalSymbols { get; set; } = true;

    /// <summary>Defines <paramref name="name"/> at a fixed address.</summary>
    public LinkerOptions DefineSymbol(string name, uint address)
    {
        ExtraSymbols.Add(new LinkerSymbol(name, LinkerSymbolKind.Absolute, address));
        return this;
    }

    /// <summary>Defines <paramref name="name"/> at the start of output section <paramref name="section"/>.</summary>
    public LinkerOptions DefineSectionStart(string name, string section)
    {
        ExtraSymbols.Add(new LinkerSymbol(name, LinkerSymbolKind.SectionStart, 0, section));
        return this;
    }

    /// <summary>Defines <paramref name="name"/> at the first byte after output section <paramref name="section"/>.</summary>
    public LinkerOptions DefineSectionEnd(string name, string section)
    {
        ExtraSymbols.Add(new LinkerSymbol(name, LinkerSymbolKind.SectionEnd, 0, section));
        return this;
    }
}
