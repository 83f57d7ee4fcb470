using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// SENDA. Boot: 0 = async-sender prio=3, 1 = async-r1 prio=2, 2 = async-r2 prio=4.
/// R1 runs first and waits in RECEIVE, so its entry is delivered at once; R2 has not run
/// yet, so its two entries wait in the sender's table and arrive, in order, when R2
/// receives; an entry for an empty slot completes with ESRCH. The sender never blocks.
/// </summary>
internal static unsafe class AsyncSend
{
    public static void Sender()
    {
        AsyncMessage* table = stackalloc AsyncMessage[4];
        for (int i = 0; i < 4; i++)
            table[i] = default;
        Fill(table + 0, 1, 10);
        Fill(table + 1, 2, 11);
        Fill(table + 2, 2, 12);
        Fill(table + 3, 31, 13);
        Check.Equal(Error.Ok, Ipc.SendAsync(table, 4), "senda returns at once");
        Check.That((table[0].Flags & AsyncMessage.Done) != 0 && table[0].Result == Error.Ok, "entry for the waiting receiver delivered at once");
        Check.That((table[1].Flags & AsyncMessage.Done) == 0 && (table[2].Flags & AsyncMessage.Done) == 0, "entries for a busy receiver still pending");
        Check.That((table[3].Flags & AsyncMessage.Done) != 0 && table[3].Result == Error.NoSuchProcess, "entry for an empty slot fails with ESRCH");

        Message m = default;
        Ipc.Receive(2, ref m);
        Check.Equal(1, m.P0, "the busy receiver got 11 then 12 from the table");
        Check.That((table[1].Flags & AsyncMessage.Done) != 0 && (table[2].Flags & AsyncMessage.Done) != 0, "its entries are done");
        Ipc.Receive(1, ref m);
        Check.Equal(1, m.P0, "the waiting receiver got 10");
        Check.Finish("senda");
    }

    private static void Fill(AsyncMessage* entry, int destination, int value)
    {
        entry->Flags = AsyncMessage.Valid;
        entry->Destination = destination;
        entry->Message.Type = 77;
        entry->Message.P0 = value;
    }

    public static void Receiver(int self)
    {
        Message m = default;
        bool ok;
        if (self == 1)
        {
            ok = Ipc.Receive(Endpoint.Any, ref m) == Error.Ok && m.Source == 0 && m.Type == 77 && m.P0 == 10;
        }
        else
        {
            ok = Ipc.Receive(Endpoint.Any, ref m) == Error.Ok && m.Source == 0 && m.P0 == 11;
            ok &= Ipc.Receive(Endpoint.Any, ref m) == Error.Ok && m.Source == 0 && m.P0 == 12;
        }
        Message report = default;
        report.P0 = ok ? 1 : 0;
        Ipc.Send(0, ref report);
        Ipc.Receive(Endpoint.Any, ref m);
    }
}
