using System.Runtime.InteropServices;

namespace GuestOs.Lib;

/// <summary>
/// The user side of the IPC trap (guest-os/Kernel/README.md): ECX = function, EAX = endpoint,
/// EBX = message address, int 0x30; the stub <c>ipc_trap</c> of the Process stub set.
/// </summary>
public static unsafe class Ipc
{
    [DllImport("*", EntryPoint = "ipc_trap")]
    [SuppressGCTransition]
    private static extern int Trap(int function, int endpoint, Message* message);

    public static int Send(int destination, ref Message message)
    {
        fixed (Message* m = &message)
            return Trap(IpcFunction.Send, destination, m);
    }

    public static int SendNonBlocking(int destination, ref Message message)
    {
        fixed (Message* m = &message)
            return Trap(IpcFunction.SendNonBlocking, destination, m);
    }

    public static int Receive(int source, ref Message message)
    {
        fixed (Message* m = &message)
            return Trap(IpcFunction.Receive, source, m);
    }

    public static int SendRec(int destination, ref Message message)
    {
        fixed (Message* m = &message)
            return Trap(IpcFunction.SendRec, destination, m);
    }

    /// <summary>SENDA: hands the kernel a table of asynchronous messages; never blocks.</summary>
    public static int SendAsync(AsyncMessage* table, int count) => Trap(IpcFunction.SendAsync, count, (Message*)table);

    public static int Notify(int destination) => Trap(IpcFunction.Notify, destination, null);

    /// <summary>A raw trap, for tests that pass bad arguments on purpose.</summary>
    public static int RawTrap(int function, int endpoint, Message* message) => Trap(function, endpoint, message);
}
