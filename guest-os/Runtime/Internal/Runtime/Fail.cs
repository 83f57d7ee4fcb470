using System.Runtime.InteropServices;

namespace Internal.Runtime;

/// <summary>
/// The end of the road for an unrecoverable error. The program being linked provides
/// <c>GuestPanic</c>: the kernel prints the message and halts; a user process exits.
/// </summary>
internal static unsafe class Fail
{
    [DllImport("*")]
    [SuppressGCTransition]
    private static extern void GuestPanic(char* message, int length);

    internal static void Fast(string message)
    {
        fixed (char* p = message)
            GuestPanic(p, message.Length);
        while (true)
        {
        }
    }
}
