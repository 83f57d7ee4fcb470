using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_SAFECOPYFROM and SYS_SAFECOPYTO: a copy between the caller and a memory grant of
/// another process. Reads P0 (granter endpoint), P1 (grant id: index in the granter's
/// table), P2 (offset in the grant), P3 (caller's address), P4 (byte count). The grant must
/// be in use, name the caller (or ANY) as grantee, allow the direction (Read for FROM, Write
/// for TO) and cover [offset, offset + count); otherwise EPERM and nothing is copied.
/// </summary>
internal static unsafe class SafeCopyCall
{
    public static int Do(Proc caller, Message* m, bool toGranter)
    {
        Proc granter = ProcTable.Find(m->P0);
        if (granter == null)
            return Error.NoSuchProcess;
        int id = m->P1;
        if (id < 0 || id >= granter.GrantCount)
            return Error.PermissionDenied;
        Grant grant;
        if (Paging.CopyIn(granter.PageDirectory, granter.GrantTable + (uint)id * 16, (byte*)&grant, 16) != Error.Ok)
            return Error.PermissionDenied;
        int access = toGranter ? Grant.Write : Grant.Read;
        if ((grant.Flags & Grant.Used) == 0 || (grant.Flags & access) == 0)
            return Error.PermissionDenied;
        if (grant.Grantee != caller.Endpoint && grant.Grantee != Endpoint.Any)
            return Error.PermissionDenied;
        if (m->P2 < 0 || m->P4 < 0 || (ulong)(uint)m->P2 + (uint)m->P4 > grant.Size)
            return Error.PermissionDenied;
        uint granted = grant.Address + (uint)m->P2;
        uint local = (uint)m->P3;
        uint bytes = (uint)m->P4;
        return toGranter
            ? Paging.CopyBetween(caller.PageDirectory, local, granter.PageDirectory, granted, bytes)
            : Paging.CopyBetween(granter.PageDirectory, granted, caller.PageDirectory, local, bytes);
    }
}
