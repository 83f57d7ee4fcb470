using GuestOs.Build.Linker.Coff;

namespace GuestOs.Build.Linker;

/// <summary>
/// Decides which input sections take part in the link: drops debug and directive sections and
/// IMAGE_SCN_LNK_REMOVE/INFO sections, and resolves COMDAT groups (PE/COFF specification,
/// "COMDAT Sections"): the first definition of a COMDAT symbol wins (the largest for
/// SELECT_LARGEST), NODUPLICATES makes a second one an error, and an associative section
/// lives or dies with the section it is associated with.
/// </summary>
internal static class InputSelection
{
    public static Dictionary<CoffSection, InputPiece> Select(IReadOnlyList<CoffObject> objects)
    {
        var winners = new Dictionary<string, (CoffObject Object, CoffSection Section)>(StringComparer.Ordinal);
        foreach (CoffObject obj in objects)
        {
            foreach (CoffSection section in obj.Sections)
            {
                if (IsDiscarded(section) || !section.IsComdat || section.ComdatSelection == CoffComdatSelection.Associative)
                    continue;
                string key = section.ComdatSymbol
                    ?? throw new LinkerException($"{obj.Name}: COMDAT section {section.Name} (#{section.Number}) has no COMDAT symbol");
                if (!winners.TryGetValue(key, out var winner))
                {
                    winners[key] = (obj, section);
                }
                else if (section.ComdatSelection == CoffComdatSelection.NoDuplicates || winner.Section.ComdatSelection == CoffComdatSelection.NoDuplicates)
                {
                    throw new LinkerException($"duplicate COMDAT symbol {key}: defined in {winner.Object.Name} section {winner.Section.Name} and {obj.Name} section {section.Name}");
                }
                else if (section.ComdatSelection == CoffComdatSelection.Largest && section.Size > winner.Section.Size)
                {
                    winners[key] = (obj, section);
                }
            }
        }
        var chosen = new HashSet<CoffSection>(winners.Values.Select(w => w.Section));

        var kept = new Dictionary<CoffSection, InputPiece>();
        foreach (CoffObject obj in objects)
        {
            foreach (CoffSection section in obj.Sections)
            {
                if (IsKept(obj, section, chosen, depth: 0))
                    kept[section] = new InputPiece(obj, section);
            }
        }
        return kept;
    }

    private static bool IsKept(CoffObject obj, CoffSection section, HashSet<CoffSection> chosen, int depth)
    {
        if (IsDiscarded(section))
            return false;
        if (!section.IsComdat)
            return true;
        if (section.ComdatSelection != CoffComdatSelection.Associative)
            return chosen.Contains(section);
        if (depth > obj.Sections.Count || section.AssociatedSection <= 0 || section.AssociatedSection > obj.Sections.Count)
            throw new LinkerException($"{obj.Name}: associative COMDAT section {section.Name} (#{section.Number}) refers to bad section {section.AssociatedSection}");
        return IsKept(obj, obj.SectionByNumber(section.AssociatedSection), chosen, depth + 1);
    }

    public static bool IsDiscarded(CoffSection section)
    {
        if ((section.Characteristics & (CoffSectionFlags.LinkRemove | CoffSectionFlags.LinkInfo)) != 0)
            return true;
        string name = section.BaseName;
        return name is ".drectve" or ".debug" or ".gfids" or ".llvm_addrsig" || name.StartsWith(".debug", StringComparison.Ordinal);
    }
}
