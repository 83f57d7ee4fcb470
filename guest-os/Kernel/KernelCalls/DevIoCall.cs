using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_DEVIO: one port read or write on behalf of a driver. Reads P0 (request: DevIoIn/Out
/// Byte/Word/Long), P1 (port), P2 (value to write). Writes P2 (value read). EPERM unless
/// the whole access lies in one of the caller's I/O ranges.
/// </summary>
internal static unsafe class DevIoCall
{
    public static int Do(Proc caller, Message* m)
    {
        int request = m->P0;
        uint port = (uint)m->P1;
        if (request < KernelCall.DevIoInByte || request > KernelCall.DevIoOutLong || port > 0xFFFF)
            return Error.InvalidArgument;
        int width = request % 3;
        uint size = width == 0 ? 1u : width == 1 ? 2u : 4u;
        if (!caller.Priv.MayUsePorts(port, size))
            return Error.PermissionDenied;
        ushort p = (ushort)port;
        uint value = (uint)m->P2;
        switch (request)
        {
            case KernelCall.DevIoInByte: m->P2 = Cpu.In8(p); break;
            case KernelCall.DevIoInWord: m->P2 = Cpu.In16(p); break;
            case KernelCall.DevIoInLong: m->P2 = (int)Cpu.In32(p); break;
            case KernelCall.DevIoOutByte: Cpu.Out8(p, (byte)value); break;
            case KernelCall.DevIoOutWord: Cpu.Out16(p, (ushort)value); break;
            default: Cpu.Out32(p, value); break;
        }
        return Error.Ok;
    }
}
