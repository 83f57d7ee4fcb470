using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Entry and kernel trap for a user process of the MINIX-style kernel (guest-os/Kernel).
/// The kernel starts a process at <c>_start</c> in ring 3 with ESP at the top of its stack;
/// the stub lets the corlib set up statics (<c>RhInitializeRuntime</c>), calls the C# entry
/// <c>main()</c> (an <c>[UnmanagedCallersOnly(EntryPoint = "main")]</c> method) and, if it
/// returns, exits through the SYS_EXIT kernel call.
/// <c>ipc_trap(function, endpoint, message)</c> is the IPC trap (guest-os/Kernel/README.md):
/// ECX = function, EAX = source or destination endpoint, EBX = message address,
/// <c>int 0x30</c>, result in EAX.
/// </summary>
public static class ProcessStubs
{
    public const int IpcVector = 0x30;
    public const int SendRec = 3;
    public const int SystemEndpoint = -2;
    public const int SysExit = 0x600;
    public const int MessageSize = 64;

    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;
        b.Function("_start");
        a.and(esp, ~15);
        b.CallSymbol("_RhInitializeRuntime@0");
        b.CallSymbol("_main@0");
        var exit = b.Local("process_exit");
        a.sub(esp, MessageSize);
        a.mov(__dword_ptr[esp], 0);              // m_source
        a.mov(__dword_ptr[esp + 4], SysExit);    // m_type
        a.mov(__dword_ptr[esp + 8], 0);          // exit status
        a.mov(ebx, esp);
        a.mov(eax, SystemEndpoint);
        a.mov(ecx, SendRec);
        a.@int(IpcVector);
        a.add(esp, MessageSize);
        a.jmp(exit);

        b.Function("_ipc_trap@12");
        a.push(ebx);
        a.mov(ecx, __dword_ptr[esp + 8]);
        a.mov(eax, __dword_ptr[esp + 12]);
        a.mov(ebx, __dword_ptr[esp + 16]);
        a.@int(IpcVector);
        a.pop(ebx);
        a.ret(12);
    }
}
