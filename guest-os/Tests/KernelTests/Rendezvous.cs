using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Rendezvous in both directions. Boot: 0 = rv-server prio=3, 1 = rv-client prio=4.
/// The server runs first and blocks in RECEIVE (receiver first); the client's SENDREC
/// completes it. Then the server SENDs before the client receives (sender first) and
/// blocks until the client's RECEIVE takes the message.
/// </summary>
internal static class Rendezvous
{
    public const int ServerEndpoint = 0, ClientEndpoint = 1;

    public static void Server()
    {
        Message m = default;
        int status = Ipc.Receive(Endpoint.Any, ref m);
        if (status != Error.Ok || m.Source != ClientEndpoint)
            Sys.Print("FAIL: server receive");
        Message reply = default;
        reply.Type = 100;
        reply.P0 = m.P0 + 1;
        Ipc.Send(m.Source, ref reply);

        Message push = default;
        push.Type = 200;
        push.P13 = 0x1234567;
        status = Ipc.Send(ClientEndpoint, ref push);    // blocks: the client is not receiving
        Sys.Print(string.Concat("server: sender-first send returned ", status.ToString()));
        Ipc.Receive(Endpoint.Any, ref m);
    }

    public static void Client()
    {
        Message m = default;
        m.Type = 1;
        m.P0 = 41;
        int status = Ipc.SendRec(ServerEndpoint, ref m);
        Check.Equal(Error.Ok, status, "sendrec to a server blocked in receive");
        Check.Equal(42, m.P0, "reply payload");
        Check.Equal(ServerEndpoint, m.Source, "reply source stamped by the kernel");
        Check.Equal(100, m.Type, "reply type");

        Message pushed = default;
        status = Ipc.Receive(ServerEndpoint, ref pushed);
        Check.Equal(Error.Ok, status, "receive from a sender blocked in send");
        Check.Equal(200, pushed.Type, "pushed type");
        Check.Equal(0x1234567, pushed.P13, "last payload word");
        Check.Equal(ServerEndpoint, pushed.Source, "pushed source");
        Check.Finish("rendezvous");
    }
}
