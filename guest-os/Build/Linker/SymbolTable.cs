using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Linker;

/// <summary>Where a global symbol was defined.</summary>
internal sealed class SymbolDefinition
{
    public required string Name { get; init; }

    /// <summary>The defining object's name, or "&lt;linker&gt;" / "&lt;options&gt;".</summary>
    public required string Origin { get; init; }

    /// <summary>The piece it lives in, or null for an absolute or linker-computed symbol.</summary>
    public InputPiece? Piece { get; init; }
    public uint Value { get; set; }

    /// <summary>Computes the address after layout (linker-provided and caller-provided symbols).</summary>
    public Func<uint>? Late { get; init; }

    public uint Address => Piece is not null ? Piece.Address + Value : Late?.Invoke() ?? Value;
}

/// <summary>
/// The global symbol table: every external definition of every kept section, common blocks
/// (the largest size wins, placed in .bss unless something defines the name) and weak externals
/// (resolved to their default symbol when nothing defines them).
/// </summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, SymbolDefinition> _definitions = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SymbolDefinition> Definitions => _definitions;

    /// <summary>Synthetic pieces created for common blocks.</summary>
    public List<InputPiece> CommonPieces { get; } = new();

    public static SymbolTable Build(IReadOnlyList<CoffObject> objects, IReadOnlyDictionary<CoffSection, InputPiece> kept)
    {
        var table = new SymbolTable();
        var commons = new Dictionary<string, (uint Size, CoffObject Object)>(StringComparer.Ordinal);
        var weak = new List<(CoffObject Object, CoffSymbol Symbol)>();
        foreach (CoffObject obj in objects)
        {
            foreach (CoffSymbol? symbol in obj.Symbols)
            {
                if (symbol is null)
                    continue;
                if (symbol.IsWeakExternal)
                {
                    weak.Add((obj, symbol));
                    continue;
                }
                if (symbol.StorageClass != CoffStorageClass.External)
                    continue;
                if (symbol.IsCommon)
                {
                    if (!commons.TryGetValue(symbol.Name, out var common) || common.Size < symbol.Value)
                        commons[symbol.Name] = (symbol.Value, obj);
                    continue;
                }
                if (symbol.SectionNumber == CoffSectionNumber.Absolute)
                {
                    table.Define(new SymbolDefinition { Name = symbol.Name, Origin = obj.Name, Value = symbol.Value });
                }
                else if (symbol.SectionNumber > 0 && kept.TryGetValue(obj.SectionByNumber(symbol.SectionNumber), out InputPiece? piece))
                {
                    table.Define(new SymbolDefinition { Name = symbol.Name, Origin = obj.Name, Piece = piece, Value = symbol.Value });
                }
            }
        }

        foreach ((string name, (uint size, CoffObject obj)) in commons)
        {
            if (table._definitions.ContainsKey(name))
                continue;
            var section = new CoffSection
            {
                Number = 0,
                Name = ".bss$common",
                Characteristics = CoffSectionFlags.Bss | (CoffSectionFlags)(uint)((Math.Min(System.Numerics.BitOperations.Log2(Math.Max(size, 1)), 4) + 1) << 20),
                VirtualAddress = 0,
                Data = Array.Empty<byte>(),
                Size = size,
                Relocations = Array.Empty<CoffRelocation>(),
            };
            var piece = new InputPiece(obj, section);
            table.CommonPieces.Add(piece);
            table.Define(new SymbolDefinition { Name = name, Origin = obj.Name, Piece = piece });
        }

        foreach ((CoffObject obj, CoffSymbol symbol) in weak)
        {
            if (table._definitions.ContainsKey(symbol.Name))
                continue;
            if (symbol.WeakDefaultIndex >= obj.Symbols.Count || obj.Symbols[(int)symbol.WeakDefaultIndex] is not CoffSymbol target)
                throw new LinkerException($"{obj.Name}: weak external {symbol.Name} has a bad default symbol index {symbol.WeakDefaultIndex}");
            SymbolDefinition? resolved = table.ResolveLocal(obj, target, kept);
            if (resolved is not null)
                table._definitions[symbol.Name] = new SymbolDefinition { Name = symbol.Name, Origin = obj.Name, Late = () => resolved.Address };
        }
        return table;
    }

    /// <summary>Adds a definition; a second strong definition of the same name is an error.</summary>
    public void Define(SymbolDefinition definition)
    {
        if (_definitions.TryGetValue(definition.Name, out SymbolDefinition? existing))
            throw new LinkerException($"duplicate symbol {definition.Name}: defined in {existing.Origin} and {definition.Origin}");
        _definitions[definition.Name] = definition;
    }

    /// <summary>Adds a linker-provided definition unless an object already defines the name.</summary>
    public void DefineIfAbsent(SymbolDefinition definition) => _definitions.TryAdd(definition.Name, definition);

    /// <summary>Adds or overrides a definition (caller-defined symbols override linker-provided ones).</summary>
    public void Replace(SymbolDefinition definition) => _definitions[definition.Name] = definition;

    public SymbolDefinition? Lookup(string name) => _definitions.GetValueOrDefault(name);

    /// <summary>
    /// Resolves a symbol record of <paramref name="obj"/>: externals by name through the global
    /// table (so a COMDAT reference binds to the winning copy); statics to their own section.
    /// Returns null when the symbol is undefined.
    /// </summary>
    public SymbolDefinition? ResolveLocal(CoffObject obj, CoffSymbol symbol, IReadOnlyDictionary<CoffSection, InputPiece> kept)
    {
        if (symbol.IsExternal)
            return Lookup(symbol.Name);
        if (symbol.SectionNumber == CoffSectionNumber.Absolute)
            return new SymbolDefinition { Name = symbol.Name, Origin = obj.Name, Value = symbol.Value };
        if (symbol.SectionNumber <= 0)
            return null;
        CoffSection section = obj.SectionByNumber(symbol.SectionNumber);
        if (!kept.TryGetValue(section, out InputPiece? piece))
            throw new LinkerException($"{obj.Name}: reference to symbol {symbol.Name} in discarded section {section.Name} (#{section.Number})");
        return new SymbolDefinition { Name = symbol.Name, Origin = obj.Name, Piece = piece, Value = symbol.Value };
    }
}
