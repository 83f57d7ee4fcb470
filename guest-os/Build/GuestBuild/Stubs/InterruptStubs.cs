using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Interrupt and exception entry for a kernel. One small stub per vector pushes a dummy
/// error code (unless the CPU pushed one: vectors 8, 10-14 and 17, Intel SDM vol. 3 6.13),
/// then the vector number, and joins a common path that saves the general and segment
/// registers, loads the kernel data segment (selector <see cref="KernelDataSelector"/>,
/// the second GDT entry after the code segment) into DS and ES, clears DF, saves the
/// x87/SSE state (FXSAVE) into the area the kernel named with
/// <c>interrupt_set_fpu_area(area)</c> (nothing is saved while it is null), and calls the C#
/// handler <c>InterruptDispatch(frame)</c>. The handler returns the frame to resume, which
/// may belong to another process: that return value is how the kernel switches contexts.
/// Before resuming, the stub restores the x87/SSE state from the (possibly changed) area,
/// so a kernel switching processes points the area at the next process's 512-byte,
/// 16-byte-aligned save slot. <c>_interrupt_entry_table</c> lists the 256 stubs for the
/// kernel to build its IDT from.
/// Frame layout from the returned pointer up: gs, fs, es, ds, edi, esi, ebp, esp (ignored),
/// ebx, edx, ecx, eax, vector, error code, eip, cs, eflags, and (from ring 3 only) esp, ss.
/// </summary>
public static class InterruptStubs
{
    public const int KernelDataSelector = 0x10;

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

        var skipSave = a.CreateLabel();
        var skipRestore = a.CreateLabel();
        a.Label(ref common);
        a.pushad();
        a.push(ds);
        a.push(es);
        a.push(fs);
        a.push(gs);
        a.mov(eax, KernelDataSelector);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.cld();
        b.EmitWithAbsolute(new byte[] { 0xA1 }, "_interrupt_fpu_area");   // mov eax, [_interrupt_fpu_area]
        a.test(eax, eax);
        a.jz(skipSave);
        a.fxsave(__[eax]);
        a.fninit();
        a.Label(ref skipSave);
        a.mov(eax, esp);
        a.push(eax);
        b.CallSymbol("_InterruptDispatch@4");
        a.mov(esp, eax);
        b.EmitWithAbsolute(new byte[] { 0xA1 }, "_interrupt_fpu_area");
        a.test(eax, eax);
        a.jz(skipRestore);
        a.fxrstor(__[eax]);
        a.Label(ref skipRestore);
        a.pop(gs);
        a.pop(fs);
        a.pop(es);
        a.pop(ds);
        a.popad();
        a.add(esp, 8);                // vector and error code
        a.iretd();

        b.Data("_interrupt_fpu_area", new byte[4]);
        b.Function("_interrupt_set_fpu_area@4");
        a.mov(eax, __dword_ptr[esp + 4]);
        b.EmitWithAbsolute(new byte[] { 0xA3 }, "_interrupt_fpu_area");   // mov [_interrupt_fpu_area], eax
        a.ret(4);

        b.AddressTable("_interrupt_entry_table", entries);
        b.Function("_interrupt_entry_table_address@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_interrupt_entry_table");   // mov eax, _interrupt_entry_table
        a.ret();
    }
}
