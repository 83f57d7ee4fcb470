using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_VMCTL: the memory manager grows or shrinks a process's address space. Reads P0
/// (VmMap: map fresh zeroed pages, keeping pages already there; VmUnmap: unmap pages and
/// release their frames), P1 (endpoint or Endpoint.Self), P2 (page-aligned address), P3
/// (bytes, a multiple of the page size), P4 (VmMap: 1 writable, 0 read-only). The range
/// must lie in the user part [1 GiB, 3 GiB). ENOMEM if the frames would run out.
/// </summary>
internal static unsafe class VmCtlCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Target(caller, m->P1);
        if (target == null || (target.Flags & ProcFlags.Stopped) != 0)
            return ProcTable.Missing(m->P1);
        uint address = (uint)m->P2, bytes = (uint)m->P3;
        if (((address | bytes) & (Paging.PageSize - 1)) != 0 || address < Paging.UserBase
            || (ulong)address + bytes > Paging.UserTop)
            return Error.InvalidArgument;
        uint pages = bytes / Paging.PageSize;
        switch (m->P0)
        {
            case KernelCall.VmMap:
                if (pages + pages / 1024 + 2 > Frames.FreeFrames)
                    return Error.NoMemory;
                for (uint i = 0; i < pages; i++)
                    Paging.MapUserPage(target.PageDirectory, address + i * Paging.PageSize, m->P4 != 0);
                return Error.Ok;
            case KernelCall.VmUnmap:
                for (uint i = 0; i < pages; i++)
                    Paging.UnmapUserPage(target.PageDirectory, address + i * Paging.PageSize);
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
