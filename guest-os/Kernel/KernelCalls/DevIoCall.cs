using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Port I/O on behalf of drivers. Each access must lie wholly inside one of the caller's
/// I/O ranges, else EPERM (and for VDEVIO nothing is done).
/// SYS_DEVIO: one access. Reads P0 (request: DevIoIn/Out Byte/Word/Long), P1 (port), P2
/// (value to write). Writes P2 (value read).
/// SYS_VDEVIO: a vector of accesses of one width. Reads P0 (request), P1 (address of
/// (port, value) pairs of 32-bit words in the caller's memory), P2 (pairs, at most 64);
/// the values read are written back into the pairs.
/// SYS_SDEVIO: string I/O (rep ins/outs). Reads P0 (request), P1 (port), P2 (Endpoint.Self:
/// drivers reach other processes' buffers only through grants), P3 (buffer address),
/// P4 (number of units, at most 64 KiB in all).
/// </summary>
internal static unsafe class DevIoCall
{
    public const int MaxVector = 64;
    public const int MaxString = 64 * 1024;

    public static int Do(Proc caller, Message* m)
    {
        int request = m->P0;
        uint port = (uint)m->P1;
        if (!Valid(request) || port > 0xFFFF)
            return Error.InvalidArgument;
        if (!caller.Priv.MayUsePorts(port, Width(request)))
            return Error.PermissionDenied;
        m->P2 = (int)Access(request, (ushort)port, (uint)m->P2);
        return Error.Ok;
    }

    public static int Vector(Proc caller, Message* m)
    {
        int request = m->P0;
        int count = m->P2;
        if (!Valid(request) || count < 0 || count > MaxVector)
            return Error.InvalidArgument;
        uint* pairs = stackalloc uint[MaxVector * 2];
        uint bytes = (uint)count * 8;
        if (Paging.CopyIn(caller.PageDirectory, (uint)m->P1, (byte*)pairs, bytes) != Error.Ok)
            return Error.BadAddress;
        for (int i = 0; i < count; i++)
        {
            if (pairs[2 * i] > 0xFFFF || !caller.Priv.MayUsePorts(pairs[2 * i], Width(request)))
                return Error.PermissionDenied;
        }
        for (int i = 0; i < count; i++)
            pairs[2 * i + 1] = Access(request, (ushort)pairs[2 * i], pairs[2 * i + 1]);
        return Paging.CopyOut((byte*)pairs, caller.PageDirectory, (uint)m->P1, bytes);
    }

    public static int String(Proc caller, Message* m)
    {
        int request = m->P0;
        uint port = (uint)m->P1;
        if (!Valid(request) || port > 0xFFFF || m->P4 < 0)
            return Error.InvalidArgument;
        if (m->P2 != Endpoint.Self && m->P2 != caller.Endpoint)
            return Error.PermissionDenied;
        uint size = Width(request);
        if ((uint)m->P4 * size > MaxString)
            return Error.InvalidArgument;
        if (!caller.Priv.MayUsePorts(port, size))
            return Error.PermissionDenied;
        bool input = request <= KernelCall.DevIoInLong;
        uint address = (uint)m->P3;
        for (int i = 0; i < m->P4; i++, address += size)
        {
            uint value = 0;
            if (!input && Paging.CopyIn(caller.PageDirectory, address, (byte*)&value, size) != Error.Ok)
                return Error.BadAddress;
            value = Access(request, (ushort)port, value);
            if (input && Paging.CopyOut((byte*)&value, caller.PageDirectory, address, size) != Error.Ok)
                return Error.BadAddress;
        }
        return Error.Ok;
    }

    private static bool Valid(int request) => request >= KernelCall.DevIoInByte && request <= KernelCall.DevIoOutLong;

    private static uint Width(int request) => (request % 3) switch { 0 => 1u, 1 => 2u, _ => 4u };

    /// <summary>One port access; returns the value read (or the value written).</summary>
    private static uint Access(int request, ushort port, uint value)
    {
        switch (request)
        {
            case KernelCall.DevIoInByte: return Cpu.In8(port);
            case KernelCall.DevIoInWord: return Cpu.In16(port);
            case KernelCall.DevIoInLong: return Cpu.In32(port);
            case KernelCall.DevIoOutByte: Cpu.Out8(port, (byte)value); return value;
            case KernelCall.DevIoOutWord: Cpu.Out16(port, (ushort)value); return value;
            default: Cpu.Out32(port, value); return value;
        }
    }
}
