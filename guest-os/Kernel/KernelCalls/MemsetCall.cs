using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_MEMSET: fills a range of a process's memory with a byte. Reads P0 (endpoint or
/// Endpoint.Self), P1 (the byte), P2 (address), P3 (bytes). EFAULT if part of the range
/// is not writable (the part before it is filled).
/// SYS_SAFEMEMSET: the same through a grant of another process (write access needed).
/// Reads P0 (granter), P1 (grant id), P2 (offset in the grant), P3 (the byte), P4 (bytes).
/// </summary>
internal static unsafe class MemsetCall
{
    public static int Do(Proc caller, Message* m)
    {
        Proc target = ProcTable.Target(caller, m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (m->P3 < 0)
            return Error.InvalidArgument;
        return Fill(target.PageDirectory, (uint)m->P2, (byte)m->P1, (uint)m->P3);
    }

    public static int Safe(Proc caller, Message* m)
    {
        int status = SafeCopyCall.CheckGrant(caller, m->P0, m->P1, m->P2, m->P4, Grant.Write, out Proc granter, out uint address);
        return status != Error.Ok ? status : Fill(granter.PageDirectory, address, (byte)m->P3, (uint)m->P4);
    }

    private static int Fill(uint directory, uint address, byte value, uint bytes)
    {
        while (bytes > 0)
        {
            if (!Paging.Translate(directory, address, true, out uint physical))
                return Error.BadAddress;
            uint chunk = Paging.PageSize - (address & (Paging.PageSize - 1));
            if (chunk > bytes)
                chunk = bytes;
            for (uint i = 0; i < chunk; i++)
                ((byte*)physical)[i] = value;
            address += chunk;
            bytes -= chunk;
        }
        return Error.Ok;
    }
}
