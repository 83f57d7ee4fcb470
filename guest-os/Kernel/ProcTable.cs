using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// The process table. Boot module n starts in slot n with endpoint n. An endpoint is
/// generation * <see cref="Size"/> + slot (MINIX's _ENDPOINT): each FORK into a slot bumps
/// its generation, so an endpoint kept from an earlier occupant of the slot no longer
/// names anyone and IPC to it is refused with EDEADSRCDST.
/// </summary>
internal static class ProcTable
{
    public const int Size = 32;
    /// <summary>Endpoints stay below Endpoint.None and Endpoint.Any (MINIX's _ENDPOINT_MAX_GENERATION).</summary>
    public const int MaxGeneration = Endpoint.None / Size;
    public static readonly Proc[] Slots = NewSlots();

    private static Proc[] NewSlots()
    {
        Proc[] slots = new Proc[Size];
        for (int i = 0; i < Size; i++)
            slots[i] = new Proc { Endpoint = i, Slot = i };
        return slots;
    }

    public static bool IsValid(int endpoint) => endpoint >= 0 && endpoint < MaxGeneration * Size;

    /// <summary>The process an endpoint names, stopped or not; null if the endpoint is stale, free or invalid.</summary>
    public static Proc Get(int endpoint)
    {
        if (!IsValid(endpoint))
            return null;
        Proc p = Slots[endpoint % Size];
        return p.Endpoint == endpoint && (p.Flags & ProcFlags.Free) == 0 ? p : null;
    }

    /// <summary>The live (not free, not stopped) process of an endpoint, or null.</summary>
    public static Proc Find(int endpoint)
    {
        Proc p = Get(endpoint);
        return p != null && (p.Flags & ProcFlags.Stopped) == 0 ? p : null;
    }

    /// <summary>
    /// Why <see cref="Find"/> failed: EDEADSRCDST for a process that stopped, was cleared or
    /// whose slot has moved on to a later generation; ESRCH for a slot that never held one.
    /// </summary>
    public static int Missing(int endpoint)
    {
        if (!IsValid(endpoint))
            return Error.NoSuchProcess;
        Proc p = Slots[endpoint % Size];
        return p.Endpoint != endpoint || p.Used ? Error.DeadSourceOrDestination : Error.NoSuchProcess;
    }

    /// <summary>The process of an endpoint or Endpoint.Self (the caller), stopped or not.</summary>
    public static Proc Target(Proc caller, int endpoint) => endpoint == Endpoint.Self ? caller : Get(endpoint);

    /// <summary>The lowest free slot, or null.</summary>
    public static Proc FreeSlot()
    {
        for (int i = 0; i < Size; i++)
        {
            if ((Slots[i].Flags & ProcFlags.Free) != 0)
                return Slots[i];
        }
        return null;
    }

    /// <summary>Moves a free slot to its next generation and returns the new endpoint.</summary>
    public static int NextEndpoint(Proc p)
    {
        int generation = p.Endpoint / Size + 1;
        if (generation >= MaxGeneration)
            generation = 1;
        p.Endpoint = generation * Size + p.Slot;
        return p.Endpoint;
    }

    /// <summary>Prints "endpoint (program)", the program being the file name of the module path.</summary>
    public static void WriteName(Proc p)
    {
        Console.WriteDecimal(p.Endpoint);
        Console.Write(" (");
        byte[] line = p.CommandLine;
        int end = 0;
        while (end < p.CommandLineLength && line[end] != (byte)' ')
            end++;
        int start = end;
        while (start > 0 && line[start - 1] != (byte)'/')
            start--;
        for (int i = start; i < end; i++)
            Console.Write((char)line[i]);
        Console.Write(')');
    }
}
