using GuestOs.Build.Linker.Coff;
using GuestOs.Build.Linker.Elf;

namespace GuestOs.Build.Linker;

/// <summary>
/// Links i386 COFF objects (ILC output, generated stubs) into a static ELF32 executable.
/// The passes, in order: select sections (discard debug info, resolve COMDATs), build the
/// global symbol table, merge and lay out sections, define linker symbols, apply relocations,
/// find the entry point, write the ELF.
/// </summary>
/// <example><code>
/// LinkResult result = new ElfLinker(new LinkerOptions { Multiboot = true })
///     .Link(new[] { CoffObject.Parse("kernel.obj", bytes), CoffObject.Parse("stubs.obj", stubBytes) });
/// result.WriteTo("kernel.elf");
/// result.WriteMap("kernel.map");
/// </code></example>
public sealed class ElfLinker
{
    private const string LinkerOrigin = "<linker>";
    private const string OptionsOrigin = "<options>";

    private readonly LinkerOptions _options;

    public ElfLinker(LinkerOptions? options = null)
    {
        _options = options ?? new LinkerOptions();
        if (_options.PageSize == 0 || (_options.PageSize & (_options.PageSize - 1)) != 0)
            throw new ArgumentException($"page size {_options.PageSize} is not a power of two", nameof(options));
    }

    /// <summary>Parses the named object files and links them.</summary>
    public LinkResult Link(IEnumerable<(string Name, byte[] Bytes)> objects)
        => Link(objects.Select(o => CoffObject.Parse(o.Name, o.Bytes)));

    public LinkResult Link(IEnumerable<CoffObject> objects)
    {
        List<CoffObject> inputs = objects.ToList();
        Dictionary<CoffSection, InputPiece> kept = InputSelection.Select(inputs);
        SymbolTable symbols = SymbolTable.Build(inputs, kept);

        InputPiece? multiboot = _options.Multiboot ? MultibootPiece() : null;
        IEnumerable<InputPiece> pieces = inputs.SelectMany(o => o.Sections).Where(kept.ContainsKey).Select(s => kept[s])
            .Concat(symbols.CommonPieces);
        List<OutputSection> outputs = SectionLayout.Build(pieces, multiboot);
        SectionLayout.AssignAddresses(outputs, _options);

        List<OutputSection> emitted = outputs.Where(o => o.Size > 0).OrderBy(o => o.Address).ToList();
        for (int i = 0; i < emitted.Count; i++)
            emitted[i].ElfIndex = i + 1;

        DefineLinkerSymbols(symbols, outputs, multiboot);
        DefineCallerSymbols(symbols, outputs);
        Relocator.Apply(outputs, symbols, kept, _options);

        string entryName = _options.EntrySymbol
            ?? inputs.Select(o => o.EntryHint).FirstOrDefault(e => e is not null)
            ?? throw new LinkerException("no entry symbol: set LinkerOptions.EntrySymbol (no object has an /ENTRY directive)");
        SymbolDefinition entry = symbols.Lookup(entryName)
            ?? throw new LinkerException($"entry symbol {entryName} is not defined by any object");

        List<ElfSegment> segments = ElfWriter.PlanSegments(emitted, _options.PageSize);
        var globals = symbols.Definitions.Values
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new ElfSymbol(d.Name, d.Address, Global: true, SectionOf(d, emitted)))
            .ToList();
        List<ElfSymbol> elfSymbols = (_options.IncludeLocalSymbols ? LocalSymbols(inputs, kept) : new List<ElfSymbol>()).Concat(globals).ToList();
        byte[] image = ElfWriter.Write(emitted, segments, elfSymbols, entry.Address, _options.PageSize);

        uint? multibootOffset = null;
        if (multiboot is not null)
        {
            ElfSegment segment = segments.First(s => s.Sections.Contains(multiboot.Output));
            uint offset = segment.FileOffset + (multiboot.Address - segment.VirtualAddress);
            if (offset + Multiboot.HeaderSize > Multiboot.SearchLimit)
                throw new LinkerException($"the Multiboot header lands at file offset 0x{offset:X}, beyond the first {Multiboot.SearchLimit} bytes (check the section addresses)");
            multibootOffset = offset;
        }

        var addresses = symbols.Definitions.Values.ToDictionary(d => d.Name, d => d.Address, StringComparer.Ordinal);
        var origins = symbols.Definitions.Values.ToDictionary(d => d.Name, d => d.Origin, StringComparer.Ordinal);
        return new LinkResult(image, addresses, origins, entry.Address, entryName, outputs, segments, multibootOffset);
    }

    private static InputPiece MultibootPiece()
    {
        byte[] header = Multiboot.BuildHeader();
        var section = new CoffSection
        {
            Number = 1,
            Name = SectionLayout.MultibootName,
            Characteristics = CoffSectionFlags.ReadOnlyData | (CoffSectionFlags)(3u << 20), // 4-byte aligned
            VirtualAddress = 0,
            Data = header,
            Size = (uint)header.Length,
            Relocations = Array.Empty<CoffRelocation>(),
        };
        CoffObject obj = CoffObject.Synthetic(LinkerOrigin, new List<CoffSection> { section });
        return new InputPiece(obj, section);
    }

    /// <summary>
    /// __text_start/__text_end, __rdata_*, __data_*, __bss_start/__bss_end, __image_start,
    /// __image_end and __multiboot_header; each only if no object defines the name.
    /// </summary>
    private static void DefineLinkerSymbols(SymbolTable symbols, List<OutputSection> outputs, InputPiece? multiboot)
    {
        foreach (OutputSection output in outputs.Where(o => o.Name != SectionLayout.MultibootName))
        {
            string stem = "__" + output.Name.TrimStart('.');
            symbols.DefineIfAbsent(new SymbolDefinition { Name = stem + "_start", Origin = LinkerOrigin, Value = output.Address });
            symbols.DefineIfAbsent(new SymbolDefinition { Name = stem + "_end", Origin = LinkerOrigin, Value = output.End });
        }
        List<OutputSection> placed = outputs.Where(o => o.Size > 0).ToList();
        uint start = placed.Count > 0 ? placed.Min(o => o.Address) : outputs[0].Address;
        uint end = placed.Count > 0 ? placed.Max(o => o.End) : outputs[0].Address;
        symbols.DefineIfAbsent(new SymbolDefinition { Name = "__image_start", Origin = LinkerOrigin, Value = start });
        symbols.DefineIfAbsent(new SymbolDefinition { Name = "__image_end", Origin = LinkerOrigin, Value = end });
        if (multiboot is not null)
            symbols.DefineIfAbsent(new SymbolDefinition { Name = "__multiboot_header", Origin = LinkerOrigin, Piece = multiboot });
    }

    private void DefineCallerSymbols(SymbolTable symbols, List<OutputSection> outputs)
    {
        foreach (LinkerSymbol extra in _options.ExtraSymbols)
        {
            uint address = extra.Kind switch
            {
                LinkerSymbolKind.Absolute => extra.Address,
                LinkerSymbolKind.SectionStart => FindOutput(outputs, extra).Address,
                LinkerSymbolKind.SectionEnd => FindOutput(outputs, extra).End,
                _ => throw new LinkerException($"symbol {extra.Name} has an unknown kind {extra.Kind}"),
            };
            if (symbols.Lookup(extra.Name) is SymbolDefinition existing && existing.Origin != LinkerOrigin)
                throw new LinkerException($"duplicate symbol {extra.Name}: defined in {existing.Origin} and by the linker options");
            symbols.Replace(new SymbolDefinition { Name = extra.Name, Origin = OptionsOrigin, Value = address });
        }
    }

    private static OutputSection FindOutput(List<OutputSection> outputs, LinkerSymbol extra)
        => outputs.FirstOrDefault(o => o.Name == extra.Section)
            ?? throw new LinkerException($"symbol {extra.Name} refers to unknown output section {extra.Section} (known: {string.Join(", ", outputs.Select(o => o.Name))})");

    /// <summary>The emitted section containing a symbol, or null (absolute) when it lies in none.</summary>
    private static OutputSection? SectionOf(SymbolDefinition definition, List<OutputSection> emitted)
    {
        if (definition.Piece is not null)
            return definition.Piece.Output.Size > 0 ? definition.Piece.Output : null;
        if (definition.Origin == OptionsOrigin)
            return null;
        uint address = definition.Address;
        return emitted.FirstOrDefault(o => address >= o.Address && address < o.End)
            ?? emitted.FirstOrDefault(o => address == o.End);
    }

    private static List<ElfSymbol> LocalSymbols(List<CoffObject> inputs, Dictionary<CoffSection, InputPiece> kept)
    {
        var locals = new List<ElfSymbol>();
        foreach (CoffObject obj in inputs)
        {
            foreach (CoffSymbol? symbol in obj.Symbols)
            {
                if (symbol is null || symbol.StorageClass is not (CoffStorageClass.Static or CoffStorageClass.Label) || symbol.SectionNumber <= 0)
                    continue;
                CoffSection section = obj.SectionByNumber(symbol.SectionNumber);
                bool sectionSymbol = symbol.AuxCount > 0 || symbol.Name == section.Name;
                if (sectionSymbol || !kept.TryGetValue(section, out InputPiece? piece) || piece.Output.Size == 0)
                    continue;
                locals.Add(new ElfSymbol(symbol.Name, piece.Address + symbol.Value, Global: false, piece.Output));
            }
        }
        return locals;
    }
}
