using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_GETKSIG: the signal manager fetches the kernel signals of one process it manages.
/// Writes P0 (the endpoint, or Endpoint.None if no process has unfetched signals) and P1
/// (its signal map, bit n for signal n). The process stays off the CPU until ENDKSIG.
/// </summary>
internal static unsafe class GetKSigCall
{
    public static int Do(Proc caller, Message* m)
    {
        m->P0 = Endpoint.None;
        m->P1 = 0;
        for (int i = 0; i < ProcTable.Size; i++)
        {
            Proc p = ProcTable.Slots[i];
            if ((p.Flags & (ProcFlags.Signaled | ProcFlags.Free)) != ProcFlags.Signaled || p.Priv.SignalManager != caller.Endpoint)
                continue;
            m->P0 = p.Endpoint;
            m->P1 = (int)p.PendingSignals;
            p.PendingSignals = 0;
            p.Flags &= ~ProcFlags.Signaled;
            break;
        }
        return Error.Ok;
    }
}
