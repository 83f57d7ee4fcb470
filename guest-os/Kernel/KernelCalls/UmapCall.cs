using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_UMAP: the physical address of a range of a process's memory, for a driver that
/// programs DMA. Reads P0 (endpoint or Endpoint.Self), P1 (virtual address), P2 (bytes,
/// at least 1). Writes P3 (physical address of the first byte). EFAULT unless every page
/// of the range is mapped and the pages are physically contiguous.
/// </summary>
internal static unsafe class UmapCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Target(caller, m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (m->P2 <= 0)
            return Error.InvalidArgument;
        uint address = (uint)m->P1;
        if (!Paging.Translate(target.PageDirectory, address, false, out uint first))
            return Error.BadAddress;
        uint last = address + (uint)m->P2 - 1;
        if (last < address)
            return Error.BadAddress;
        for (uint page = (address & ~(Paging.PageSize - 1)) + Paging.PageSize; page <= last && page != 0; page += Paging.PageSize)
        {
            if (!Paging.Translate(target.PageDirectory, page, false, out uint physical) || physical != first + (page - address))
                return Error.BadAddress;
        }
        m->P3 = (int)first;
        return Error.Ok;
    }
}
