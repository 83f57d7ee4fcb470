using GuestOs.Build.Stubs;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using L = Integration.Tests.Differential.DiffLayout;

namespace Integration.Tests.Differential;

/// <summary>
/// The guest harness: a Multiboot kernel (Iced's Assembler, linked by our toolchain through
/// <see cref="TestKernels"/>) that runs many generated sequences in one boot. For each: derive the
/// initial GPRs, EFLAGS (CF PF AF ZF SF DF OF), XMM0-7 and the scratch area from the sequence's seed
/// (xorshift32), run the body, store GPRs, EFLAGS with the undefined bits cleared, MXCSR, XMM0-7 and
/// the scratch area. Any exception (a deliberate #DE, #GP on a misaligned SSE operand, or a surprise)
/// ends the sequence: its vector, error code, the faulting instruction's offset and the EFLAGS image
/// pushed by the CPU go into the record. The record is printed on COM1 as a 32-bit FNV hash
/// ("hash" mode, one line per sequence) or in full ("dump" mode: "I" line of the initial state,
/// "R" line of the result). The run ends with "end" and an isa-debug-exit.
/// </summary>
public static class DifferentialKernel
{
    private static readonly int[] VectorsWithErrorCode = { 8, 10, 11, 12, 13, 14, 17 };

    public static byte[] Build(IReadOnlyList<GeneratedSequence> sequences, bool dump, bool compareMxcsrStatus = true) => TestKernels.Link("differential", b =>
    {
        Assembler a = b.Asm;
        b.Function("_start");
        TestKernels.LoadFlatGdt(b);
        // Two more flat data segments with non-zero bases for FS and GS (GS's wraps around 4 GiB).
        foreach ((ushort selector, uint baseAddress) in new[] { (L.FsSelector, L.FsBase), (L.GsSelector, L.GsBase) })
        {
            a.mov(__dword_ptr[TestKernels.GdtAddress + selector], (baseAddress << 16) | 0xFFFF);
            a.mov(__dword_ptr[TestKernels.GdtAddress + selector + 4u], (baseAddress & 0xFF00_0000) | 0x00CF_9200 | ((baseAddress >> 16) & 0xFF));
        }
        a.mov(__word_ptr[TestKernels.DescriptorPointer], 39);
        a.lgdt(__[TestKernels.DescriptorPointer]);
        a.mov(eax, L.FsSelector);
        a.mov(fs, ax);
        a.mov(eax, L.GsSelector);
        a.mov(gs, ax);
        for (int v = 0; v < 32; v++)
            TestKernels.InstallInterruptGate(b, v, $"_fault{v}");
        // SSE on (CR4.OSFXSR | OSXMMEXCPT, CR0.EM clear, CR0.MP set): SDM Vol. 3 13.1.3.
        a.mov(eax, cr0);
        a.and(eax, ~4);
        a.or(eax, 2);
        a.mov(cr0, eax);
        a.mov(eax, cr4);
        a.or(eax, 0x600);
        a.mov(cr4, eax);
        a.mov(__dword_ptr[L.MxcsrInit], 0x1F80);
        uint[] pool = SpecialValues.PoolDwords;
        for (int k = 0; k < pool.Length; k++)
            a.mov(__dword_ptr[L.ConstPool + 4u * (uint)k], pool[k]);

        Label loadState = a.CreateLabel(), saveState = a.CreateLabel(), faultCommon = a.CreateLabel();
        Label finish = a.CreateLabel(), printHex = a.CreateLabel();
        foreach (GeneratedSequence s in sequences)
        {
            Label body = a.CreateLabel(), next = a.CreateLabel();
            a.mov(eax, s.Seed);
            a.call(body);
            a.jmp(next);
            a.Label(ref body);
            a.call(loadState);
            a.db(s.Code);
            a.jmp(saveState);
            a.Label(ref next);
        }
        TestKernels.Print(b, "end\n");
        TestKernels.Exit(b, 0x10);

        EmitLoadState(a, ref loadState);
        a.Label(ref saveState);
        StoreGprs(a);
        a.pushfd();
        a.pop(__dword_ptr[Res(L.ResEflags)]);
        a.jmp(finish);

        for (int v = 0; v < 32; v++)
        {
            b.Function($"_fault{v}");
            a.mov(__dword_ptr[L.FaultVector], v + 1);
            if (VectorsWithErrorCode.Contains(v))
                a.pop(__dword_ptr[L.FaultError]);
            a.jmp(faultCommon);
        }
        a.Label(ref faultCommon);
        a.pop(__dword_ptr[L.FaultEip]);
        a.pop(__dword_ptr[L.FaultCs]);
        a.pop(__dword_ptr[L.FaultEflags]);
        StoreGprs(a);
        a.mov(eax, __dword_ptr[L.FaultEflags]);
        a.mov(__dword_ptr[Res(L.ResEflags)], eax);
        a.mov(eax, __dword_ptr[L.FaultEip]);
        a.sub(eax, __dword_ptr[L.BodyStart]);
        a.mov(__dword_ptr[L.FaultOffset], eax);

        a.Label(ref finish);
        a.mov(esp, __dword_ptr[L.SavedEsp]);
        a.cld();
        a.stmxcsr(__dword_ptr[Res(L.ResMxcsr)]);
        a.mov(eax, __dword_ptr[L.FaultVector]);
        a.mov(__dword_ptr[Res(L.ResFaultVector)], eax);
        a.mov(eax, __dword_ptr[L.FaultError]);
        a.mov(__dword_ptr[Res(L.ResFaultError)], eax);
        a.mov(eax, __dword_ptr[L.FaultOffset]);
        a.mov(__dword_ptr[Res(L.ResFaultOffset)], eax);
        AssemblerRegisterXMM[] xmms = { xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7 };
        for (int k = 0; k < 8; k++)
            a.movups(__xmmword_ptr[Res(L.ResXmm + 4 * k)], xmms[k]);
        a.mov(esi, L.Scratch);
        a.mov(edi, Res(L.ResScratch));
        a.mov(ecx, L.ScratchDwords);
        a.rep.movsd();
        a.mov(eax, __dword_ptr[L.CurrentMask]);      // low half: EFLAGS bits, high half: MXCSR bits not compared
        a.not(eax);
        a.and(__dword_ptr[Res(L.ResEflags)], eax);
        a.or(eax, 0xFFFF);
        a.shr(eax, 16);
        a.and(__dword_ptr[Res(L.ResMxcsr)], eax);
        if (!compareMxcsrStatus)
            a.and(__dword_ptr[Res(L.ResMxcsr)], ~0x3F);    // IE DE ZE OE UE PE
        if (dump)
        {
            PrintBlock(a, printHex, 'I', L.InitBlock, L.InitDwords);
            PrintBlock(a, printHex, 'R', L.ResultBlock, L.ResultDwords);
        }
        else
        {
            // FNV-1a over dwords: a difference in any one dword always changes the hash.
            a.mov(esi, L.ResultBlock);
            a.mov(ecx, L.ResultDwords);
            a.mov(eax, 0x811C_9DC5);
            Label hash = a.CreateLabel();
            a.Label(ref hash);
            a.imul(eax, eax, 0x0100_0193);
            a.xor(eax, __dword_ptr[esi]);
            a.add(esi, 4);
            a.dec(ecx);
            a.jnz(hash);
            a.mov(ebx, eax);
            a.call(printHex);
            PrintChar(a, '\n');
        }
        a.ret();

        // print_hex: EBX as eight lower-case hex digits on COM1.
        a.Label(ref printHex);
        a.mov(ecx, 8);
        Label digit = a.CreateLabel(), decimalDigit = a.CreateLabel();
        a.Label(ref digit);
        a.rol(ebx, 4);
        a.mov(eax, ebx);
        a.and(eax, 15);
        a.add(al, (byte)'0');
        a.cmp(al, (byte)'9');
        a.jbe(decimalDigit);
        a.add(al, 39);
        a.Label(ref decimalDigit);
        a.mov(dx, TestKernels.Com1);
        a.@out(dx, al);
        a.dec(ecx);
        a.jnz(digit);
        a.ret();
    });

    private static uint Res(int dword) => L.ResultBlock + 4u * (uint)dword;

    private static uint Init(int dword) => L.InitBlock + 4u * (uint)dword;

    /// <summary>EAX = seed; [ESP] = the body's address; [ESP+4] = the driver's return address.</summary>
    private static void EmitLoadState(Assembler a, ref Label loadState)
    {
        a.Label(ref loadState);
        a.mov(ebx, __dword_ptr[esp]);
        a.mov(__dword_ptr[L.BodyStart], ebx);
        a.lea(ebx, __[esp + 4]);
        a.mov(__dword_ptr[L.SavedEsp], ebx);
        a.xor(ebx, ebx);
        a.mov(__dword_ptr[L.FaultVector], ebx);
        a.mov(__dword_ptr[L.FaultError], ebx);
        a.mov(__dword_ptr[L.FaultOffset], ebx);
        a.mov(__dword_ptr[L.CurrentMask], ebx);
        a.mov(edi, L.InitBlock);
        a.mov(ecx, L.InitDwords);
        Label fill = a.CreateLabel();
        a.Label(ref fill);
        a.mov(edx, eax);                     // xorshift32 (Marsaglia 2003): 13, 17, 5
        a.shl(edx, 13);
        a.xor(eax, edx);
        a.mov(edx, eax);
        a.shr(edx, 17);
        a.xor(eax, edx);
        a.mov(edx, eax);
        a.shl(edx, 5);
        a.xor(eax, edx);
        a.mov(__dword_ptr[edi], eax);
        a.add(edi, 4);
        a.dec(ecx);
        a.jnz(fill);
        a.mov(esi, Init(L.InitScratch));
        a.mov(edi, L.Scratch);
        a.mov(ecx, L.ScratchDwords);
        a.cld();
        a.rep.movsd();
        AssemblerRegisterXMM[] xmms = { xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7 };
        for (int k = 0; k < 8; k++)
            a.movups(xmms[k], __xmmword_ptr[Init(L.InitXmm + 4 * k)]);
        a.ldmxcsr(__dword_ptr[L.MxcsrInit]);
        a.mov(eax, __dword_ptr[Init(L.InitEflags)]);
        a.and(eax, L.SeededFlags);
        a.or(eax, 2);
        a.push(eax);
        a.popfd();
        a.mov(ecx, __dword_ptr[Init(1)]);
        a.mov(edx, __dword_ptr[Init(2)]);
        a.mov(ebx, __dword_ptr[Init(3)]);
        a.mov(ebp, __dword_ptr[Init(5)]);
        a.mov(esi, __dword_ptr[Init(6)]);
        a.mov(edi, __dword_ptr[Init(7)]);
        a.mov(eax, __dword_ptr[Init(0)]);
        a.ret();
    }

    private static void StoreGprs(Assembler a)
    {
        a.mov(__dword_ptr[Res(0)], eax);
        a.mov(__dword_ptr[Res(1)], ecx);
        a.mov(__dword_ptr[Res(2)], edx);
        a.mov(__dword_ptr[Res(3)], ebx);
        a.mov(__dword_ptr[Res(4)], 0);
        a.mov(__dword_ptr[Res(5)], ebp);
        a.mov(__dword_ptr[Res(6)], esi);
        a.mov(__dword_ptr[Res(7)], edi);
    }

    private static void PrintBlock(Assembler a, Label printHex, char tag, uint address, int dwords)
    {
        PrintChar(a, tag);
        a.mov(esi, address);
        a.mov(ebp, dwords);
        Label loop = a.CreateLabel();
        a.Label(ref loop);
        PrintChar(a, ' ');
        a.mov(ebx, __dword_ptr[esi]);
        a.call(printHex);
        a.add(esi, 4);
        a.dec(ebp);
        a.jnz(loop);
        PrintChar(a, '\n');
    }

    private static void PrintChar(Assembler a, char c)
    {
        a.mov(dx, TestKernels.Com1);
        a.mov(al, (byte)c);
        a.@out(dx, al);
    }
}
