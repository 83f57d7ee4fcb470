using System.Text;

namespace GuestOs.Build.Linker;

/// <summary>Formats the link map: what went where, for debugging a kernel by address.</summary>
internal static class MapFile
{
    public static string Format(LinkResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"Entry point: 0x{result.EntryPoint:X8} ({result.EntrySymbol})");
        if (result.MultibootHeaderOffset is uint mb)
            text.AppendLine($"Multiboot header at file offset 0x{mb:X}");
        text.AppendLine();

        text.AppendLine("Segments");
        text.AppendLine("  Offset     VirtAddr   FileSize   MemSize    Flags  Sections");
        foreach (var segment in result.Segments)
        {
            string flags = $"{((segment.Flags & 4) != 0 ? 'R' : '-')}{((segment.Flags & 2) != 0 ? 'W' : '-')}{((segment.Flags & 1) != 0 ? 'X' : '-')}";
            text.AppendLine($"  0x{segment.FileOffset:X8} 0x{segment.VirtualAddress:X8} 0x{segment.FileSize:X8} 0x{segment.MemorySize:X8} {flags}    {string.Join(" ", segment.Sections.Select(s => s.Name))}");
        }
        text.AppendLine();

        text.AppendLine("Sections");
        foreach (OutputSection section in result.Sections.Where(s => s.Size > 0))
        {
            text.AppendLine($"{section.Name,-12} 0x{section.Address:X8} size 0x{section.Size:X8} align {section.Alignment}");
            foreach (InputPiece piece in section.Pieces)
                text.AppendLine($"    0x{piece.Address:X8} 0x{piece.Size:X8} {piece.ObjectName}({piece.SectionName})");
        }
        text.AppendLine();

        text.AppendLine("Symbols by address");
        foreach (var (name, address) in result.Symbols.OrderBy(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal))
            text.AppendLine($"  0x{address:X8}  {name}  ({result.SymbolOrigins[name]})");
        text.AppendLine();

        text.AppendLine("Symbols by name");
        foreach (var (name, address) in result.Symbols.OrderBy(s => s.Key, StringComparer.Ordinal))
            text.AppendLine($"  {name}  0x{address:X8}");
        return text.ToString();
    }
}
