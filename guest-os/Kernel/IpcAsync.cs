using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Asynchronous send (MINIX's SENDA): the sender hands the kernel a table of
/// <see cref="AsyncMessage"/> entries in its own memory and never blocks. Each valid entry
/// is delivered at once if its destination is waiting for it; otherwise the destination
/// gets a bit for the sender, and its next RECEIVE (after notifications, before blocked
/// senders) takes the entry from the sender's table. Delivery sets Done and Result in the
/// entry. Only the latest table of a process counts.
/// </summary>
internal static unsafe partial class Ipc
{
    public const int MaxAsyncEntries = 64;
    private const uint HeaderSize = 16;

    private static int SendAsync(Proc caller, int count, uint table)
    {
        if (count < 0 || count > MaxAsyncEntries)
            return Error.InvalidArgument;
        caller.AsyncTable = table;
        caller.AsyncCount = count;
        for (int i = 0; i < count; i++)
        {
            uint entry = table + (uint)i * AsyncMessage.Size;
            AsyncMessage header;
            if (Paging.CopyIn(caller.PageDirectory, entry, (byte*)&header, HeaderSize) != Error.Ok)
                return Error.BadAddress;
            if ((header.Flags & (AsyncMessage.Valid | AsyncMessage.Done)) != AsyncMessage.Valid)
                continue;
            Proc destination = ProcTable.Find(header.Destination);
            if (destination == null)
            {
                Complete(caller, entry, ProcTable.Missing(header.Destination));
                continue;
            }
            if ((caller.Priv.IpcTargets & (1u << destination.Slot)) == 0)
            {
                Complete(caller, entry, Error.CallDenied);
                continue;
            }
            if ((destination.Flags & (ProcFlags.Receiving | ProcFlags.Sending | ProcFlags.ReplyPending)) == ProcFlags.Receiving
                && (destination.GetFrom == Endpoint.Any || destination.GetFrom == caller.Endpoint))
            {
                int status = Deliver(caller, entry + HeaderSize, destination);
                Complete(caller, entry, status);
                if (status == Error.Ok)
                    Wake(destination, ProcFlags.Receiving, Error.Ok);
                continue;
            }
            destination.AsyncPending |= 1u << caller.Slot;
        }
        return Error.Ok;
    }

    /// <summary>Delivers one pending SENDA entry for the caller, if a matching sender has one.</summary>
    private static bool ReceiveAsync(Proc caller, int source)
    {
        uint candidates = source == Endpoint.Any ? caller.AsyncPending : ProcTable.IsValid(source) ? caller.AsyncPending & (1u << (source % ProcTable.Size)) : 0;
        for (int s = 0; candidates != 0 && s < ProcTable.Size; s++)
        {
            if ((candidates & (1u << s)) == 0)
                continue;
            candidates &= ~(1u << s);
            Proc sender = ProcTable.Slots[s];
            bool delivered = false;
            bool more = false;
            for (int i = 0; i < sender.AsyncCount && !more; i++)
            {
                uint entry = sender.AsyncTable + (uint)i * AsyncMessage.Size;
                AsyncMessage header;
                if (Paging.CopyIn(sender.PageDirectory, entry, (byte*)&header, HeaderSize) != Error.Ok)
                    break;
                if ((header.Flags & (AsyncMessage.Valid | AsyncMessage.Done)) != AsyncMessage.Valid || header.Destination != caller.Endpoint)
                    continue;
                if (delivered)
                {
                    more = true;
                    break;
                }
                int status = Deliver(sender, entry + HeaderSize, caller);
                Complete(sender, entry, status);
                delivered = status == Error.Ok;
            }
            if (!more)
                caller.AsyncPending &= ~(1u << s);
            if (delivered)
                return true;
        }
        return false;
    }

    /// <summary>Marks an entry Done with its result, in the sender's memory.</summary>
    private static void Complete(Proc sender, uint entry, int result)
    {
        int flags;
        if (Paging.CopyIn(sender.PageDirectory, entry, (byte*)&flags, 4) != Error.Ok)
            return;
        flags |= AsyncMessage.Done;
        Paging.CopyOut((byte*)&result, sender.PageDirectory, entry + 8, 4);
        Paging.CopyOut((byte*)&flags, sender.PageDirectory, entry, 4);
    }
}
