using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Privileged instructions a kernel needs: interrupt flag, halt, control registers,
/// descriptor-table loads and TLB invalidation. stdcall, like every imported function.
/// </summary>
public static class CpuControlStubs
{
    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;

        b.Function("_cpu_cli@0");
        a.cli();
        a.ret();

        b.Function("_cpu_sti@0");
        a.sti();
        a.ret();

        // sti; hlt: the interrupt shadow of STI guarantees no interrupt slips in between.
        b.Function("_cpu_sti_hlt@0");
        a.sti();
        a.hlt();
        a.ret();

        b.Function("_cpu_hlt@0");
        a.hlt();
        a.ret();

        // CR1 does not exist; CR2 (the page-fault address) is only read.
        foreach ((string name, Iced.Intel.AssemblerRegisterCR register, bool writable) in new[]
        {
            ("cr0", cr0, true), ("cr2", cr2, false), ("cr3", cr3, true), ("cr4", cr4, true),
        })
        {
            b.Function($"_cpu_read_{name}@0");
            a.mov(eax, register);
            a.ret();
            if (!writable)
                continue;
            b.Function($"_cpu_write_{name}@4");
            a.mov(eax, __dword_ptr[esp + 4]);
            a.mov(register, eax);
            a.ret(4);
        }

        b.Function("_cpu_invlpg@4");
        a.mov(eax, __dword_ptr[esp + 4]);
        a.invlpg(__[eax]);
        a.ret(4);

        // The argument points at a 6-byte pseudo-descriptor (limit, base).
        b.Function("_cpu_lgdt@4");
        a.mov(eax, __dword_ptr[esp + 4]);
        a.lgdt(__[eax]);
        a.ret(4);

        b.Function("_cpu_lidt@4");
        a.mov(eax, __dword_ptr[esp + 4]);
        a.lidt(__[eax]);
        a.ret(4);

        b.Function("_cpu_ltr@4");
        a.mov(eax, __dword_ptr[esp + 4]);
        a.ltr(ax);
        a.ret(4);

        // Reloads CS with a far return and the data segments with the given selectors
        // (after a new GDT is loaded the old hidden descriptors must be replaced).
        b.Function("_cpu_load_segments@8");
        a.mov(eax, __dword_ptr[esp + 8]);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(fs, ax);
        a.mov(gs, ax);
        a.mov(ss, ax);
        a.pop(edx);                  // return address
        a.pop(eax);                  // code selector
        a.add(esp, 4);               // data selector (already used)
        a.push(eax);
        a.push(edx);
        a.retf();
    }
}
