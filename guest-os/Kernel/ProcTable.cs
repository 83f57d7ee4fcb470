using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// The process table. Slot n holds the process of boot module n, whose endpoint is n
/// (no generation numbers yet: a slot is never reused).
/// </summary>
internal static class ProcTable
{
    public const int Size = 32;
    public static readonly Proc[] Slots = NewSlots();

    private static Proc[] NewSlots()
    {
        Proc[] slots = new Proc[Size];
        for (int i = 0; i < Size; i++)
            slots[i] = new Proc { Endpoint = i };
        return slots;
    }

    /// <summary>The live (not free, not stopped) process of an endpoint, or null.</summary>
    public static Proc Find(int endpoint)
    {
        if (endpoint < 0 || endpoint >= Size)
            return null;
        Proc p = Slots[endpoint];
        return (p.Flags & (ProcFlags.Free | ProcFlags.Stopped)) == 0 ? p : null;
    }

    public static bool Exists(int endpoint) => endpoint >= 0 && endpoint < Size && (Slots[endpoint].Flags & ProcFlags.Free) == 0;

    /// <summary>Prints "endpoint (program)", the program being the file name of the module path.</summary>
    public static void WriteName(Proc p)
    {
        Console.WriteDecimal(p.Endpoint);
        Console.Write(" (");
        byte[] line = p.CommandLine;
        int end = 0;
        while (end < line.Length && line[end] != (byte)' ')
            end++;
        int start = end;
        while (start > 0 && line[start - 1] != (byte)'/')
            start--;
        for (int i = start; i < end; i++)
            Console.Write((char)line[i]);
        Console.Write(')');
    }
}
