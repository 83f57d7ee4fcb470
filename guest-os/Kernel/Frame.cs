using System.Runtime.InteropServices;

namespace GuestOs.Kernel;

/// <summary>
/// The registers the interrupt stubs save (InterruptStubs.cs), lowest address first. A
/// process's saved context is one of these; resuming it means returning a pointer to a
/// copy of it from <see cref="Interrupts.Dispatch"/>. Esp and Ss exist only for frames
/// that came from (or return to) ring 3.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Frame
{
    public uint Gs, Fs, Es, Ds;
    public uint Edi, Esi, Ebp, IgnoredEsp, Ebx, Edx, Ecx, Eax;
    public uint Vector, ErrorCode;
    public uint Eip, Cs, Eflags;
    public uint Esp, Ss;

    /// <summary>Size of a full (ring-3) frame.</summary>
    public const int Size = 19 * 4;
}

/// <summary>Register dumps for panics and fault reports.</summary>
internal static unsafe class Registers
{
    public static void Dump(Frame* f)
    {
        Line("eax", f->Eax, "ebx", f->Ebx, "ecx", f->Ecx, "edx", f->Edx);
        Line("esi", f->Esi, "edi", f->Edi, "ebp", f->Ebp, "esp", (f->Cs & 3) == 3 ? f->Esp : (uint)(&f->Esp));
        Line("eip", f->Eip, "cs", f->Cs, "efl", f->Eflags, "err", f->ErrorCode);
        Console.Write("cr2=");
        Console.WriteHex(Cpu.ReadCr2());
        Console.Write(" cr3=");
        Console.WriteHex(Cpu.ReadCr3());
        Console.Write('\n');
    }

    private static void Line(string a, uint va, string b, uint vb, string c, uint vc, string d, uint vd)
    {
        Pair(a, va);
        Pair(b, vb);
        Pair(c, vc);
        Pair(d, vd);
        Console.Write('\n');
    }

    private static void Pair(string name, uint value)
    {
        Console.Write(name);
        Console.Write('=');
        Console.WriteHex(value);
        Console.Write(' ');
    }
}
