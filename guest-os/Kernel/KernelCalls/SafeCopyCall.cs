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
        int status = CheckGrant(caller, m->P0, m->P1, m->P2, m->P4, toGranter ? Grant.Write : Grant.Read, out Proc granter, out uint granted);
        if (status != Error.Ok)
            return status;
        uint local = (uint)m->P3;
        uint bytes = (uint)m->P4;
        return toGranter
            ? Paging.CopyBetween(caller.PageDirectory, local, granter.PageDirectory, granted, bytes)
            : Paging.CopyBetween(granter.PageDirectory, granted, caller.PageDirectory, local, bytes);
    }

    /// <summary>Checks that grant <paramref name="id"/> of the granter lets the caller access [offset, offset + bytes); the granter's address of the first byte.</summary>
    public static int CheckGrant(Proc caller, int granterEndpoint, int id, int offset, int bytes, int access, out Proc granter, out uint address)
    {
        address = 0;
        granter = ProcTable.Find(granterEndpoint);
        if (granter == null)
            return Error.NoSuchProcess;
        if (id < 0 || id >= granter.GrantCount)
            return Error.PermissionDenied;
        Grant grant;
        if (Paging.CopyIn(granter.PageDirectory, granter.GrantTable + (uint)id * 16, (byte*)&grant, 16) != Error.Ok)
            return Error.PermissionDenied;
        if ((grant.Flags & Grant.Used) == 0 || (grant.Flags & access) == 0)
            return Error.PermissionDenied;
        if (grant.Grantee != caller.Endpoint && grant.Grantee != Endpoint.Any)
            return Error.PermissionDenied;
        if (offset < 0 || bytes < 0 || (ulong)(uint)offset + (uint)bytes > grant.Size)
            return Error.PermissionDenied;
        address = grant.Address + (uint)offset;
        return Error.Ok;
    }
}
