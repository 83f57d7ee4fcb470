using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Interrupt and exception entry for a kernel. One small stub per vector pushes a dummy
/// error code (unless the CPU pushed one: vectors 8, 10-14 and 17, Intel SDM vol. 3 6.13),
/// then the vector number, and joins a common path that saves the general and segment
/// registers and calls the C# handler <c>InterruptDispatch(frame)</c>. The handler returns
/// the frame to resume, which may belong to another process: that return value is how
/// the kernel switches contexts. <c>_interrupt_entry_table</c> lists the 256 stubs for
/// the kernel to build its IDT from.
/// </summary>
public static class InterruptStubs
{
    private static bool CpuPushesErrorCode(int vector) => vector is 8 or (>= 10 and <= 14) or 17;

    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;
        var common = a.CreateLabel();
        var entries = new List<Label>();
        for (int vector = 0; vector < 256; vector++)
        {
            entries.Add(b.Local($"interrupt_entry_{vector}"));
            if (!CpuPushesErrorCode(vector))
                a.push(0);
            a.push(vector);
            a.jmp(common);
        }

        a.Label(ref common);
        a.pushad();
        a.push(ds);
        a.push(es);
        a.push(fs);
        a.push(gs);
        a.mov(eax, esp);
        a.push(eax);
        b.CallSymbol("_InterruptDispatch@4");
        a.mov(esp, eax);
        a.pop(gs);
        a.pop(fs);
        a.pop(es);
        a.pop(ds);
        a.popad();
        a.add(esp, 8);                // vector and error code
        a.iretd();

        b.AddressTable("_interrupt_entry_table", entries);
    }
}
