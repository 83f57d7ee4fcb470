using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>Helpers: echo answers every request with P0 + step (1; 100 for echo100); sink receives and never answers.</summary>
internal static class Echo
{
    public static void Serve(int step)
    {
        Message m = default;
        while (true)
        {
            if (Ipc.Receive(Endpoint.Any, ref m) != Error.Ok || m.Type == Message.Notification)
                continue;
            int caller = m.Source;
            m.P0 += step;
            Ipc.Send(caller, ref m);
        }
    }

    public static void Sink()
    {
        Message m = default;
        while (true)
            Ipc.Receive(Endpoint.Any, ref m);
    }
}
