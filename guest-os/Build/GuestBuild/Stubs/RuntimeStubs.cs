using static Iced.Intel.AssemblerRegisters;

namespace GuestOs.Build.Stubs;

/// <summary>
/// The runtime helpers ILC's x86 code calls with register conventions no C# method can
/// have (DESIGN.md lists them): 64-bit multiply and shifts, the GC write barriers (a plain
/// store while the guest has no collector), interface dispatch, the GC poll, the stack-cookie value and the
/// bounds of the allocator's heap.
/// </summary>
public static class RuntimeStubs
{
    public const uint HeapSize = 4 * 1024 * 1024;

    /// <summary>The registers ILC passes the value to store in; EDX holds the destination.</summary>
    private static readonly (string Name, Iced.Intel.AssemblerRegister32 Register)[] BarrierRegisters =
    {
        ("EAX", eax), ("EBX", ebx), ("ECX", ecx), ("ESI", esi), ("EDI", edi), ("EBP", ebp),
    };

    public static void Emit(StubBuilder b)
    {
        var a = b.Asm;
        EmitLongMultiply(b);
        EmitLongShifts(b);

        foreach ((string name, Iced.Intel.AssemblerRegister32 register) in BarrierRegisters)
        {
            b.Function("RhpAssignRef" + name);
            b.Function("RhpCheckedAssignRef" + name);
            a.mov(__dword_ptr[edx], register);
            a.ret();
        }

        // *EDI = *ESI; ESI += 4; EDI += 4 (the direction flag is clear in managed code).
        b.Function("RhpByRefAssignRef");
        a.movsd();
        a.ret();

        // Interface calls ILC could not devirtualise: EAX = dispatch cell, ECX = this, the
        // call's other arguments untouched. The corlib resolves the target; we jump to it.
        b.Function("RhpInitialDynamicInterfaceDispatch");
        a.push(ecx);
        a.push(edx);
        a.push(eax);
        a.push(ecx);
        b.CallSymbol("_RhpResolveInterfaceDispatch@8");
        a.pop(edx);
        a.pop(ecx);
        a.jmp(eax);

        // Called only when RhpTrapThreads is non-zero, which it never is without a GC.
        b.Function("RhpGcPoll");
        a.ret();
        b.Data("_RhpTrapThreads", new byte[4]);

        // The value stackalloc'ed frames are checked against; any constant works without a CRT.
        b.Data("___security_cookie", BitConverter.GetBytes(0xBB40E64Eu));

        // The corlib's start-up code finds the module's tables through this.
        b.Function("_RuntimeReadyToRunHeader@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "__ReadyToRunHeader");   // mov eax, __ReadyToRunHeader
        a.ret();

        b.Bss("_runtime_heap", HeapSize, 16);
        b.Function("_RuntimeHeapStart@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_runtime_heap");   // mov eax, _runtime_heap
        a.ret();
        b.Function("_RuntimeHeapEnd@0");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_runtime_heap");
        a.add(eax, (int)HeapSize);
        a.ret();
    }

    /// <summary>
    /// RhpLMul(x, y): both 64-bit operands on the stack (callee pops 16 bytes), the low
    /// 64 bits of the product in EDX:EAX. x.lo*y.lo + ((x.hi*y.lo + x.lo*y.hi) &lt;&lt; 32).
    /// </summary>
    private static void EmitLongMultiply(StubBuilder b)
    {
        var a = b.Asm;
        var wide = a.CreateLabel();
        b.Function("RhpLMul");
        a.mov(eax, __dword_ptr[esp + 8]);    // high half of the operand pushed last
        a.or(eax, __dword_ptr[esp + 16]);    // high half of the operand pushed first
        a.jnz(wide);
        a.mov(eax, __dword_ptr[esp + 4]);
        a.mul(__dword_ptr[esp + 12]);
        a.ret(16);
        a.Label(ref wide);
        a.push(ebx);
        a.mov(eax, __dword_ptr[esp + 12]);   // y.hi * x.lo
        a.mul(__dword_ptr[esp + 16]);
        a.mov(ebx, eax);
        a.mov(eax, __dword_ptr[esp + 8]);    // y.lo * x.hi
        a.mul(__dword_ptr[esp + 20]);
        a.add(ebx, eax);
        a.mov(eax, __dword_ptr[esp + 8]);    // y.lo * x.lo
        a.mul(__dword_ptr[esp + 16]);
        a.add(edx, ebx);
        a.pop(ebx);
        a.ret(16);
    }

    /// <summary>
    /// 64-bit shifts: the value in EDX:EAX, the count in ECX (taken mod 64), result in EDX:EAX.
    /// Counts below 32 shift across the halves with SHLD/SHRD; larger ones move one half into
    /// the other and shift it by the rest (the CPU masks CL to 5 bits).
    /// </summary>
    private static void EmitLongShifts(StubBuilder b)
    {
        EmitLongShift(b, "RhpLLsh",
            narrow: a => { a.shld(edx, eax, cl); a.shl(eax, cl); },
            wide: a => { a.mov(edx, eax); a.xor(eax, eax); a.shl(edx, cl); });
        EmitLongShift(b, "RhpLRsh",
            narrow: a => { a.shrd(eax, edx, cl); a.sar(edx, cl); },
            wide: a => { a.mov(eax, edx); a.sar(edx, 31); a.sar(eax, cl); });
        EmitLongShift(b, "RhpLRsz",
            narrow: a => { a.shrd(eax, edx, cl); a.shr(edx, cl); },
            wide: a => { a.mov(eax, edx); a.xor(edx, edx); a.shr(eax, cl); });
    }

    private static void EmitLongShift(StubBuilder b, string name, Action<Iced.Intel.Assembler> narrow, Action<Iced.Intel.Assembler> wide)
    {
        var a = b.Asm;
        var wideCount = a.CreateLabel();
        b.Function(name);
        a.and(ecx, 63);
        a.cmp(ecx, 32);
        a.jae(wideCount);
        narrow(a);
        a.ret();
        a.Label(ref wideCount);
        wide(a);
        a.ret();
    }
}
