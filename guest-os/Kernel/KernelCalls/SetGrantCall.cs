using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SETGRANT: declares the caller's grant table (an array of Lib.Grant in its own
/// memory, read by the kernel at each safecopy). Reads P0 (table address), P1 (entries).
/// </summary>
internal static unsafe class SetGrantCall
{
    public const int MaxGrants = 1024;

    public static int Do(Proc caller, Message* m)
    {
        if (m->P1 < 0 || m->P1 > MaxGrants)
            return Error.InvalidArgument;
        caller.GrantTable = (uint)m->P0;
        caller.GrantCount = m->P1;
        return Error.Ok;
    }
}
