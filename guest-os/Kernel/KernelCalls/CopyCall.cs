using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Raw copies for the trusted few (the call bitmap is the check; everyone else uses grants).
/// SYS_VIRCOPY: between two processes' virtual memory. Reads P0 (source endpoint or
/// Endpoint.Self), P1 (source address), P2 (destination endpoint or Self), P3 (destination
/// address), P4 (bytes). SYS_PHYSCOPY: the same, but an endpoint of Endpoint.None makes its
/// address physical; a physical range must lie inside the caller's memory ranges (and
/// in RAM, not page 0), else EPERM. EFAULT for an unmapped virtual range.
/// </summary>
internal static unsafe class CopyCall
{
    public static int Do(Proc caller, Message* m, bool physicalAllowed)
    {
        if (m->P4 < 0)
            return Error.InvalidArgument;
        uint bytes = (uint)m->P4;
        int status = Side(caller, m->P0, (uint)m->P1, bytes, physicalAllowed, out Proc from);
        if (status != Error.Ok)
            return status;
        status = Side(caller, m->P2, (uint)m->P3, bytes, physicalAllowed, out Proc to);
        if (status != Error.Ok)
            return status;
        byte* source = (byte*)m->P1;
        byte* destination = (byte*)m->P3;
        if (from == null && to == null)
        {
            Paging.Copy(source, destination, bytes);
            return Error.Ok;
        }
        if (from == null)
            return Paging.CopyOut(source, to.PageDirectory, (uint)m->P3, bytes);
        if (to == null)
            return Paging.CopyIn(from.PageDirectory, (uint)m->P1, destination, bytes);
        return Paging.CopyBetween(from.PageDirectory, (uint)m->P1, to.PageDirectory, (uint)m->P3, bytes);
    }

    /// <summary>Resolves one side: a process (stopped ones included), or null for physical memory.</summary>
    private static int Side(Proc caller, int endpoint, uint address, uint bytes, bool physicalAllowed, out Proc p)
    {
        p = null;
        if (endpoint == Endpoint.None && physicalAllowed)
            return PhysicalAllowed(caller, address, bytes) ? Error.Ok : Error.PermissionDenied;
        p = ProcTable.Target(caller, endpoint);
        return p == null ? ProcTable.Missing(endpoint) : Error.Ok;
    }

    /// <summary>Inside the caller's memory ranges and inside the kernel's identity map of RAM, page 0 excluded.</summary>
    public static bool PhysicalAllowed(Proc caller, uint address, uint bytes) =>
        address >= Paging.PageSize && (ulong)address + bytes <= Frames.MemoryTop && caller.Priv.MayUseMemory(address, bytes);
}
