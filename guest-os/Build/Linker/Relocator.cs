using System.Buffers.Binary;
using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Linker;

/// <summary>
/// Copies the pieces into their output sections and applies the i386 COFF relocations
/// (PE/COFF specification, "Intel 386 Processors"). The addend A is the value already stored at
/// the site; S is the target's final address, which for a symbol defined inside a section is
/// the section's address plus the symbol's value (GNU ld gets this wrong for REL32 within one
/// object: see DESIGN.md); P is the address of the site.
/// </summary>
internal static class Relocator
{
    public static void Apply(List<OutputSection> outputs, SymbolTable symbols, IReadOnlyDictionary<CoffSection, InputPiece> kept, LinkerOptions options)
    {
        var undefined = new List<(string Name, string Message)>();
        foreach (OutputSection output in outputs)
        {
            if (output.IsNoBits)
                continue;
            output.Data = new byte[output.Size];
            foreach (InputPiece piece in output.PieceList)
                piece.Data?.CopyTo(output.Data, piece.Offset);
        }

        foreach (OutputSection output in outputs)
        {
            foreach (InputPiece piece in output.PieceList)
            {
                foreach (CoffRelocation relocation in piece.Section.Relocations)
                    ApplyOne(piece, relocation, symbols, kept, options, undefined);
            }
        }

        if (undefined.Count > 0)
        {
            string more = undefined.Count > 1
                ? $" (and {undefined.Count - 1} more undefined: {string.Join(", ", undefined.Skip(1).Take(10).Select(u => u.Name))}{(undefined.Count > 11 ? ", ..." : "")})"
                : "";
            throw new LinkerException(undefined[0].Message + more);
        }
    }

    private static void ApplyOne(InputPiece piece, CoffRelocation relocation, SymbolTable symbols,
        IReadOnlyDictionary<CoffSection, InputPiece> kept, LinkerOptions options, List<(string Name, string Message)> undefined)
    {
        CoffObject obj = piece.Object;
        string where = $"{obj.Name} section {piece.SectionName} at offset 0x{relocation.Offset:X}";
        if (relocation.SymbolIndex >= obj.Symbols.Count || obj.Symbols[(int)relocation.SymbolIndex] is not CoffSymbol symbol)
            throw new LinkerException($"{obj.Name}: malformed COFF object: relocation in section {piece.SectionName} at offset 0x{relocation.Offset:X} refers to bad symbol index {relocation.SymbolIndex}");

        var type = (CoffRelocationType)relocation.Type;
        int width = type switch
        {
            CoffRelocationType.Absolute => 0,
            CoffRelocationType.Section => 2,
            CoffRelocationType.Dir32 or CoffRelocationType.Dir32NB or CoffRelocationType.Rel32 or CoffRelocationType.SecRel => 4,
            _ => throw new LinkerException($"unknown relocation type 0x{relocation.Type:X4} in {where} (symbol {symbol.Name})"),
        };
        if (width == 0)
            return;
        if (piece.Output.IsNoBits || piece.Data is null || (ulong)relocation.Offset + (uint)width > piece.Size)
            throw new LinkerException($"relocation site outside its section in {where} (symbol {symbol.Name}, section size 0x{piece.Size:X})");

        SymbolDefinition? target = symbols.ResolveLocal(obj, symbol, kept);
        if (target is null)
        {
            if (!undefined.Any(u => u.Name == symbol.Name))
                undefined.Add((symbol.Name, $"undefined symbol {symbol.Name} referenced from {obj.Name} section {piece.SectionName}"));
            return;
        }

        Span<byte> site = piece.Output.Data.AsSpan((int)(piece.Offset + relocation.Offset), width);
        uint s = target.Address;
        uint p = piece.Address + relocation.Offset;
        unchecked
        {
            switch (type)
            {
                case CoffRelocationType.Dir32:
                    BinaryPrimitives.WriteUInt32LittleEndian(site, s + BinaryPrimitives.ReadUInt32LittleEndian(site));
                    break;
                case CoffRelocationType.Dir32NB:
                    BinaryPrimitives.WriteUInt32LittleEndian(site, s + BinaryPrimitives.ReadUInt32LittleEndian(site) - options.ImageBase);
                    break;
                case CoffRelocationType.Rel32:
                    BinaryPrimitives.WriteUInt32LittleEndian(site, s + BinaryPrimitives.ReadUInt32LittleEndian(site) - (p + 4));
                    break;
                case CoffRelocationType.SecRel:
                    uint sectionStart = target.Piece?.Output.Address
                        ?? throw new LinkerException($"SECREL relocation against non-section symbol {symbol.Name} in {where}");
                    BinaryPrimitives.WriteUInt32LittleEndian(site, s + BinaryPrimitives.ReadUInt32LittleEndian(site) - sectionStart);
                    break;
                case CoffRelocationType.Section:
                    int index = target.Piece?.Output.ElfIndex
                        ?? throw new LinkerException($"SECTION relocation against non-section symbol {symbol.Name} in {where}");
                    BinaryPrimitives.WriteUInt16LittleEndian(site, (ushort)index);
                    break;
            }
        }
    }
}
