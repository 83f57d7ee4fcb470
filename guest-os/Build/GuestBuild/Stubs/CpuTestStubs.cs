using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Probes for the CPU protection tests (guest-os/Tests/Cpu*): each executes one instruction that may
/// fault, with a fixed length so that a test's exception handler can step over it (the length is in the
/// name's comment). stdcall, like every imported function.
/// </summary>
public static class CpuTestStubs
{
    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;

        // IRET with a full frame (eip, cs, eflags, esp, ss): a privilege change to an outer ring or v86.
        b.Function("_cpu_iret_to@20");
        a.mov(ebp, esp);
        a.mov(eax, __dword_ptr[ebp + 20]);   // the new SS also serves as DS/ES/FS/GS
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(fs, ax);
        a.mov(gs, ax);
        a.push(__dword_ptr[ebp + 20]);
        a.push(__dword_ptr[ebp + 16]);
        a.push(__dword_ptr[ebp + 12]);
        a.push(__dword_ptr[ebp + 8]);
        a.push(__dword_ptr[ebp + 4]);
        a.iretd();

        // IRET to virtual-8086 mode (eip, cs, esp, ss): EFLAGS = VM | reserved bit 1 (IOPL 0), DS ES FS GS = 0.
        b.Function("_cpu_iret_v86@16");
        a.mov(ebp, esp);
        a.push(0);                            // GS
        a.push(0);                            // FS
        a.push(0);                            // DS
        a.push(0);                            // ES
        a.push(__dword_ptr[ebp + 16]);        // SS
        a.push(__dword_ptr[ebp + 12]);        // ESP
        a.push(0x0002_0002);                  // EFLAGS
        a.push(__dword_ptr[ebp + 8]);         // CS
        a.push(__dword_ptr[ebp + 4]);         // EIP
        a.iretd();

        // mov ds, eax (8E D8, 2 bytes: the 16-bit form would add a 66h prefix), DS restored afterwards.
        b.Function("_probe_load_ds@4");
        a.push(ds);
        a.mov(eax, __dword_ptr[esp + 8]);
        a.mov(ds, eax);
        a.pop(ds);
        a.ret(4);

        // cli (1 byte).
        b.Function("_probe_cli@0");
        a.cli();
        a.ret();

        // in al, dx (1 byte).
        b.Function("_probe_in@4");
        a.mov(edx, __dword_ptr[esp + 4]);
        a.xor(eax, eax);
        a.@in(al, dx);
        a.ret(4);

        // mov eax, cr0 (3 bytes).
        b.Function("_probe_read_cr0@0");
        a.xor(eax, eax);
        a.mov(eax, cr0);
        a.ret();

        // mov ss, eax (8E D0, 2 bytes); SS restored afterwards if the load succeeds.
        b.Function("_probe_load_ss@4");
        a.mov(edx, ss);
        a.mov(eax, __dword_ptr[esp + 4]);
        a.mov(ss, eax);
        a.mov(ss, edx);
        a.ret(4);

        // mov eax, es:[ecx] (26 8B 01, 3 bytes) with ES loaded from the first argument; ES restored.
        b.Function("_probe_read_es@8");
        a.push(es);
        a.mov(eax, __dword_ptr[esp + 8]);
        a.mov(es, eax);
        a.mov(ecx, __dword_ptr[esp + 12]);
        a.xor(eax, eax);
        a.mov(eax, __dword_ptr.es[ecx]);
        a.pop(es);
        a.ret(8);

        // int 0x31 (2 bytes) and int 0x30 (2 bytes).
        b.Function("_probe_int31@0");
        a.@int(0x31);
        a.ret();
        b.Function("_probe_int30@0");
        a.@int(0x30);
        a.ret();
    }

    /// <summary>The "CpuTask" set: a second task's entry (it calls the program's <c>task_b_main</c>) and a task-gate probe.</summary>
    public static void EmitTasks(StubBuilder b)
    {
        var a = b.Asm;

        // int 0x32 through a task gate; the task switch sets CR0.TS, cleared on return.
        b.Function("_probe_task_gate@0");
        a.@int(0x32);
        a.clts();
        a.ret();

        // The first instruction of the second task: CLTS, the C# body, then IRET back through the link (NT).
        b.Function("_task_b_entry");
        a.clts();
        b.CallSymbol("_task_b_main@0");
        a.iretd();
        b.Function("_task_b_entry_address@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_task_b_entry");   // mov eax, _task_b_entry
        a.ret();
    }
    /// <summary>
    /// The "CpuGate" set: a far CALL through a call gate with two dword parameters, and the gate's target,
    /// which hands its stack frame to the program's <c>gate_main(frame, ss, cs)</c> and returns by RETF 8.
    /// </summary>
    public static void EmitGates(StubBuilder b)
    {
        var a = b.Asm;

        // call far [ebp-8] (FF 5D F8, 3 bytes) to selector:0 with the parameters p1, p2 pushed in that
        // order; returns (ebp-8) - esp after the call: 0 when RETF 8 popped both parameters.
        b.Function("_probe_call_gate@12");
        a.push(ebp);
        a.mov(ebp, esp);
        a.push(__dword_ptr[ebp + 8]);         // selector
        a.push(0);                            // offset (ignored for a gate)
        a.push(__dword_ptr[ebp + 12]);        // p1
        a.push(__dword_ptr[ebp + 16]);        // p2
        a.db(0xFF, 0x5D, 0xF8);               // call far [ebp-8]
        a.lea(eax, __dword_ptr[ebp - 8]);
        a.sub(eax, esp);
        a.mov(esp, ebp);
        a.pop(ebp);
        a.ret(12);

        // The gate target: frame = [eip, cs, p2, p1 (, esp, ss after a privilege change)].
        b.Function("_call_gate_target");
        a.xor(eax, eax);
        a.mov(ax, cs);
        a.push(eax);
        a.xor(eax, eax);
        a.mov(ax, ss);
        a.push(eax);
        a.lea(eax, __dword_ptr[esp + 8]);
        a.push(eax);
        b.CallSymbol("_gate_main@12");
        a.retf(8);
        b.Function("_call_gate_target_address@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_call_gate_target");   // mov eax, _call_gate_target
        a.ret();
    }
}
