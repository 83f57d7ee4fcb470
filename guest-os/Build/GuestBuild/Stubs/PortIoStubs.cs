using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Port I/O, which C# cannot express. Each is a stdcall function as ILC calls a
/// <c>[DllImport("*")]</c> method: arguments on the stack, callee pops, result in EAX.
/// </summary>
public static class PortIoStubs
{
    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;

        b.Function("_outb@8");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.mov(eax, __dword_ptr[esp + 8]);
        a.@out(dx, al);
        a.ret(8);

        b.Function("_outw@8");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.mov(eax, __dword_ptr[esp + 8]);
        a.@out(dx, ax);
        a.ret(8);

        b.Function("_outl@8");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.mov(eax, __dword_ptr[esp + 8]);
        a.@out(dx, eax);
        a.ret(8);

        b.Function("_inb@4");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.xor(eax, eax);
        a.@in(al, dx);
        a.ret(4);

        b.Function("_inw@4");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.xor(eax, eax);
        a.@in(ax, dx);
        a.ret(4);

        b.Function("_inl@4");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.@in(eax, dx);
        a.ret(4);
    }
}
