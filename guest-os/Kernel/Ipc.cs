using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Message passing (MINIX 3's proc.c): SEND, RECEIVE, SENDREC, NOTIFY, non-blocking SEND
/// and asynchronous SENDA (IpcAsync.cs).
/// A message is copied once, directly from the sender's address space to the receiver's,
/// when both are ready (rendezvous); otherwise the caller blocks. NOTIFY never blocks: if
/// the target is not waiting, a pending bit per source records it, and the bits coalesce
/// until the target receives. Entry points: <see cref="Trap"/> (the int 0x30 handler),
/// <see cref="NotifyFromKernel"/> (clock and hardware notifications), <see cref="ProcessGone"/>.
/// </summary>
internal static unsafe partial class Ipc
{
    private const int KernelSourceBitBase = 32;

    /// <summary>The IPC trap: ECX = function, EAX = endpoint, EBX = message; the status goes to EAX.</summary>
    public static void Trap(Proc caller)
    {
        int function = (int)caller.Regs.Ecx;
        int endpoint = (int)caller.Regs.Eax;
        uint message = caller.Regs.Ebx;
        caller.Regs.Eax = (uint)Error.Ok;
        int result;
        switch (function)
        {
            case IpcFunction.Send:
                result = endpoint == Endpoint.System ? Error.BadCall : Send(caller, endpoint, message, blocking: true);
                break;
            case IpcFunction.SendNonBlocking:
                result = endpoint == Endpoint.System ? Error.BadCall : Send(caller, endpoint, message, blocking: false);
                break;
            case IpcFunction.Receive:
                result = Receive(caller, endpoint, message);
                break;
            case IpcFunction.SendRec:
                if (endpoint == Endpoint.System)
                {
                    result = SystemTask.Handle(caller, message);
                    break;
                }
                result = Send(caller, endpoint, message, blocking: true);
                if (result == Error.Ok)
                {
                    caller.Flags |= ProcFlags.ReplyPending;
                    result = Receive(caller, endpoint, message);
                    if (result != Error.Ok)
                        caller.Flags &= ~ProcFlags.ReplyPending;
                }
                break;
            case IpcFunction.Notify:
                result = Notify(caller, endpoint);
                break;
            case IpcFunction.SendAsync:
                result = SendAsync(caller, endpoint, message);
                break;
            default:
                result = Error.BadCall;
                break;
        }
        if ((caller.Flags & ProcFlags.Stopped) == 0 && result != SystemTask.NoReply)
            caller.Regs.Eax = (uint)result;
    }

    private static int Send(Proc caller, int endpoint, uint message, bool blocking)
    {
        Proc destination = ProcTable.Find(endpoint);
        if (destination == null)
            return ProcTable.Missing(endpoint);
        if ((caller.Priv.IpcTargets & (1u << destination.Slot)) == 0)
            return Error.CallDenied;

        if ((destination.Flags & (ProcFlags.Receiving | ProcFlags.Sending)) == ProcFlags.Receiving
            && (destination.GetFrom == Endpoint.Any || destination.GetFrom == caller.Endpoint))
        {
            int status = Deliver(caller, message, destination);
            if (status != Error.Ok)
                return status;
            Wake(destination, ProcFlags.Receiving | ProcFlags.ReplyPending, Error.Ok);
            return Error.Ok;
        }
        if (!blocking)
            return Error.NotReady;

        // A send cycle: everyone in the chain from the destination on is blocked sending,
        // and the chain leads back to the caller.
        for (Proc x = destination; (x.Flags & ProcFlags.Sending) != 0;)
        {
            x = ProcTable.Slots[x.SendTo % ProcTable.Size];
            if (x == caller)
                return Error.Locked;
        }

        caller.Flags |= ProcFlags.Sending;
        caller.SendTo = endpoint;
        caller.MessageAddress = message;
        caller.NextCaller = null;
        if (destination.CallerQueue == null)
        {
            destination.CallerQueue = caller;
        }
        else
        {
            Proc last = destination.CallerQueue;
            while (last.NextCaller != null)
                last = last.NextCaller;
            last.NextCaller = caller;
        }
        Scheduler.Blocked(caller);
        return Error.Ok;
    }

    private static int Receive(Proc caller, int source, uint message)
    {
        bool kernelSource = source == Endpoint.Hardware || source == Endpoint.Clock || source == Endpoint.System;
        if (source != Endpoint.Any && !kernelSource && ProcTable.Get(source) == null)
            return ProcTable.Missing(source);
        caller.MessageAddress = message;

        if ((caller.Flags & ProcFlags.ReplyPending) == 0)
        {
            ulong wanted = source == Endpoint.Any ? ~0ul : SourceBit(source);
            ulong pending = caller.NotifyPending & wanted;
            if (pending != 0)
            {
                int bit = 0;
                while ((pending & (1ul << bit)) == 0)
                    bit++;
                caller.NotifyPending &= ~(1ul << bit);
                return DeliverNotification(BitSource(bit), caller, message);
            }
            if (ReceiveAsync(caller, source))
                return Error.Ok;
        }

        if (!kernelSource)
        {
            Proc previous = null;
            for (Proc sender = caller.CallerQueue; sender != null; previous = sender, sender = sender.NextCaller)
            {
                if (source != Endpoint.Any && sender.Endpoint != source)
                    continue;
                int status = Deliver(sender, sender.MessageAddress, caller);
                if (status != Error.Ok)
                    return status;
                if (previous == null)
                    caller.CallerQueue = sender.NextCaller;
                else
                    previous.NextCaller = sender.NextCaller;
                sender.NextCaller = null;
                Wake(sender, ProcFlags.Sending, Error.Ok);
                return Error.Ok;
            }
            if (source != Endpoint.Any && ProcTable.Find(source) == null)
                return Error.DeadSourceOrDestination;
        }

        caller.Flags |= ProcFlags.Receiving;
        caller.GetFrom = source;
        caller.MessageAddress = message;
        Scheduler.Blocked(caller);
        return Error.Ok;
    }

    private static int Notify(Proc caller, int endpoint)
    {
        Proc destination = ProcTable.Find(endpoint);
        if (destination == null)
            return ProcTable.Missing(endpoint);
        if ((caller.Priv.IpcTargets & (1u << destination.Slot)) == 0)
            return Error.CallDenied;
        NotifyFrom(caller.Endpoint, destination);
        return Error.Ok;
    }

    /// <summary>A notification from the clock or the hardware (IRQs) to a process.</summary>
    public static void NotifyFromKernel(int source, Proc destination)
    {
        if ((destination.Flags & (ProcFlags.Free | ProcFlags.Stopped)) == 0)
            NotifyFrom(source, destination);
    }

    private static void NotifyFrom(int source, Proc destination)
    {
        if ((destination.Flags & (ProcFlags.Receiving | ProcFlags.Sending | ProcFlags.ReplyPending)) == ProcFlags.Receiving
            && (destination.GetFrom == Endpoint.Any || destination.GetFrom == source)
            && DeliverNotification(source, destination, destination.MessageAddress) == Error.Ok)
        {
            Wake(destination, ProcFlags.Receiving, Error.Ok);
            return;
        }
        destination.NotifyPending |= SourceBit(source);
    }

    /// <summary>
    /// Called when a process stops: every process blocked sending to it or receiving from it
    /// gets EDEADSRCDST, and it leaves any queue it was waiting in.
    /// </summary>
    public static void ProcessGone(Proc gone)
    {
        CancelBlocking(gone);
        for (Proc sender = gone.CallerQueue; sender != null;)
        {
            Proc next = sender.NextCaller;
            sender.NextCaller = null;
            Wake(sender, ProcFlags.Sending | ProcFlags.Receiving | ProcFlags.ReplyPending, Error.DeadSourceOrDestination);
            sender = next;
        }
        gone.CallerQueue = null;
        gone.AsyncCount = 0;
        for (int i = 0; i < ProcTable.Size; i++)
        {
            Proc p = ProcTable.Slots[i];
            if ((p.Flags & ProcFlags.Receiving) != 0 && p.GetFrom == gone.Endpoint)
                Wake(p, ProcFlags.Receiving | ProcFlags.ReplyPending, Error.DeadSourceOrDestination);
        }
    }

    /// <summary>Takes a process out of the SEND or RECEIVE it is blocked in, without waking it (EXEC, CLEAR, SIGSEND).</summary>
    public static void CancelBlocking(Proc p)
    {
        if ((p.Flags & ProcFlags.Sending) != 0)
        {
            Proc target = ProcTable.Slots[p.SendTo % ProcTable.Size];
            Proc previous = null;
            for (Proc x = target.CallerQueue; x != null; previous = x, x = x.NextCaller)
            {
                if (x != p)
                    continue;
                if (previous == null)
                    target.CallerQueue = x.NextCaller;
                else
                    previous.NextCaller = x.NextCaller;
                break;
            }
        }
        p.NextCaller = null;
        p.Flags &= ~(ProcFlags.Sending | ProcFlags.Receiving | ProcFlags.ReplyPending);
    }

    /// <summary>When a slot is freed: its pending notifications and SENDA bits must not be credited to the slot's next occupant.</summary>
    public static void ForgetSlot(Proc gone)
    {
        for (int i = 0; i < ProcTable.Size; i++)
        {
            ProcTable.Slots[i].NotifyPending &= ~SourceBit(gone.Endpoint);
            ProcTable.Slots[i].AsyncPending &= ~(1u << gone.Slot);
        }
    }

    /// <summary>Makes a process runnable again after an IPC ended, with the call's status in EAX.</summary>
    public static void Wake(Proc p, int flags, int status)
    {
        p.Flags &= ~flags;
        p.Regs.Eax = (uint)status;
        Scheduler.Ready(p);
    }

    /// <summary>Copies a message from the sender's buffer to the receiver's, stamping the source.</summary>
    private static int Deliver(Proc sender, uint source, Proc receiver)
    {
        Message m;
        if (Paging.CopyIn(sender.PageDirectory, source, (byte*)&m, Message.Size) != Error.Ok)
            return Error.BadAddress;
        m.Source = sender.Endpoint;
        return Paging.CopyOut((byte*)&m, receiver.PageDirectory, receiver.MessageAddress, Message.Size);
    }

    /// <summary>
    /// Builds the notification message: P0 = the pending IRQ lines (from HARDWARE),
    /// P1 = the clock tick at delivery.
    /// </summary>
    private static int DeliverNotification(int source, Proc receiver, uint message)
    {
        Message m = default;
        m.Source = source;
        m.Type = Message.Notification;
        if (source == Endpoint.Hardware)
        {
            m.P0 = (int)receiver.PendingIrqs;
            receiver.PendingIrqs = 0;
        }
        m.P1 = (int)Clock.Ticks;
        return Paging.CopyOut((byte*)&m, receiver.PageDirectory, message, Message.Size);
    }

    /// <summary>The pending-notification bit of a source: its slot, or 32 + n for kernel endpoint -n.</summary>
    private static ulong SourceBit(int endpoint) => endpoint >= 0 ? 1ul << (endpoint % ProcTable.Size) : 1ul << (KernelSourceBitBase - endpoint);

    private static int BitSource(int bit) => bit < KernelSourceBitBase ? ProcTable.Slots[bit].Endpoint : KernelSourceBitBase - bit;
}
