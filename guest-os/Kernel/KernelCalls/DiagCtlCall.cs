using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_DIAGCTL: prints a diagnostic line from a process on the kernel console. Reads P0
/// (address of UTF-16 text), P1 (length in chars, at most 1024). A newline is added.
/// </summary>
internal static unsafe class DiagCtlCall
{
    public const int MaxLength = 1024;

    public static int Do(Proc caller, Message* m)
    {
        if (m->P1 < 0 || m->P1 > MaxLength)
            return Error.InvalidArgument;
        char* text = stackalloc char[MaxLength];
        if (Paging.CopyIn(caller.PageDirectory, (uint)m->P0, (byte*)text, (uint)m->P1 * 2) != Error.Ok)
            return Error.BadAddress;
        for (int i = 0; i < m->P1; i++)
            Console.Write(text[i]);
        Console.Write('\n');
        return Error.Ok;
    }
}
