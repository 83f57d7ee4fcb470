using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.X87;

/// <summary>
/// x87 behaviour the QEMU cross-check cannot cover (QEMU does not model it): stack faults with SF and
/// C1, the #MF delivery and untouched destination of unmasked exceptions, C1 as the round-up bit, DE
/// for denormal operands, FCOMI's OF/SF/AF, FLDCW re-arming ES, the image layouts.
/// </summary>
public sealed class X87InstructionTests
{
    private const uint Data = 0x0000_8000;
    private const uint Out = 0x0000_9000;
    private const uint MfHandler = 0x0011_0000;

    private static FlatMachine Run(Action<Assembler> body, Action<FlatMachine>? setup = null)
    {
        var a = new Assembler(32);
        a.mov(eax, cr0);
        a.or(eax, 0x20);                          // CR0.NE: #MF rather than FERR#
        a.and(eax, ~0xC);                         // EM = TS = 0
        a.mov(cr0, eax);
        a.fninit();
        body(a);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(16, MfHandler);
        var h = new Assembler(32);
        h.fnstsw(__word_ptr[Out + 0x100]);
        h.fnclex();
        h.inc(__dword_ptr[Out + 0x104]);
        h.iretd();
        m.Load(h, MfHandler);
        setup?.Invoke(m);
        m.Run();
        return m;
    }

    private static void Put80(FlatMachine m, uint at, ushort se, ulong sig)
    {
        m.Memory.Write64(at, sig);
        m.Memory.Write16(at + 8, se);
    }

    private static (ushort Se, ulong Sig) Get80(FlatMachine m, uint at) => (m.Memory.Read16(at + 8), m.Memory.Read64(at));

    private static ushort Status(FlatMachine m, uint at) => m.Memory.Read16(at);

    [Fact]
    public void StackOverflowAndUnderflowSetSfWithC1AndLoadTheIndefinite()
    {
        FlatMachine m = Run(a =>
        {
            for (int k = 0; k < 9; k++)
                a.fld1();                         // the ninth push overflows
            a.fnstsw(__word_ptr[Out]);
            a.fstp(__tword_ptr[Out + 16]);       // ST0 = the indefinite
            a.fninit();
            a.fadd(st0, st1);                    // both empty: underflow
            a.fnstsw(__word_ptr[Out + 2]);
            a.fstp(__tword_ptr[Out + 32]);
        });
        Assert.Equal(0x0241 | (7 << 11), Status(m, Out));           // IE | SF | C1 (overflow), TOP 7
        Assert.Equal(((ushort)0xFFFF, 0xC000_0000_0000_0000UL), Get80(m, Out + 16));
        Assert.Equal(0x0041, Status(m, Out + 2));                   // IE | SF, C1 = 0 (underflow)
        Assert.Equal(((ushort)0xFFFF, 0xC000_0000_0000_0000UL), Get80(m, Out + 32));
    }

    [Fact]
    public void UnmaskedDivideByZeroLeavesTheStackAndRaisesMfAtTheNextWaitingInstruction()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(__word_ptr[Data], 0x037B);      // ZE unmasked
            a.fldcw(__word_ptr[Data]);
            a.fld1();
            a.fldz();
            a.fdivp(st1, st0);                    // 1/0
            a.fnstsw(__word_ptr[Out]);            // no wait: no #MF yet
            a.mov(ebx, __dword_ptr[Out + 0x104]);
            a.fld1();                             // waiting instruction: #MF, then runs
            a.fnstsw(__word_ptr[Out + 2]);
            a.fstp(__tword_ptr[Out + 16]);
            a.fstp(__tword_ptr[Out + 32]);
            a.fstp(__tword_ptr[Out + 48]);
        });
        Assert.Equal(0u, m.Cpu.Ebx);
        Assert.Equal(0x8000 | 0x0080 | 0x0004 | (6 << 11), Status(m, Out));   // B, ES, ZE, TOP unchanged (6)
        Assert.Equal(1u, m.Memory.Read32(Out + 0x104));
        Assert.Equal(0x8084 | (6 << 11), m.Memory.Read16(Out + 0x100));       // the handler saw the same
        Assert.Equal(5 << 11, Status(m, Out + 2));                            // cleared by FNCLEX, then fld1
        Assert.Equal(((ushort)0x3FFF, 0x8000_0000_0000_0000UL), Get80(m, Out + 16));
        Assert.Equal(((ushort)0x0000, 0UL), Get80(m, Out + 32));              // 0 still there: no result written
        Assert.Equal(((ushort)0x3FFF, 0x8000_0000_0000_0000UL), Get80(m, Out + 48));
    }

    [Fact]
    public void C1ReportsRoundingUpAndDeReportsDenormalOperands()
    {
        FlatMachine m = Run(a =>
        {
            a.fld1();
            a.fld(__tword_ptr[Data]);             // 3
            a.fdivp(st1, st0);                    // 1/3 rounds up in nearest
            a.fnstsw(__word_ptr[Out]);
            a.fninit();
            a.mov(__word_ptr[Data + 32], 0x0F7F);
            a.fldcw(__word_ptr[Data + 32]);       // chop
            a.fld1();
            a.fld(__tword_ptr[Data]);
            a.fdivp(st1, st0);
            a.fnstsw(__word_ptr[Out + 2]);
            a.fninit();
            a.fld(__dword_ptr[Data + 16]);        // single denormal: DE on load
            a.fnstsw(__word_ptr[Out + 4]);
        }, m =>
        {
            Put80(m, Data, 0x4000, 0xC000_0000_0000_0000);
            m.Memory.Write32(Data + 16, 1);
        });
        Assert.Equal(0x0220 | (7 << 11), Status(m, Out));      // PE, C1 = rounded up
        Assert.Equal(0x0020 | (7 << 11), Status(m, Out + 2));  // PE, C1 = 0 (chopped)
        Assert.Equal(0x0002 | (7 << 11), Status(m, Out + 4));  // DE
    }

    [Fact]
    public void FcomiSetsZfPfCfAndClearsOfSfAf()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(eax, 0x7FFF_FFFF);
            a.add(eax, 1);                        // OF, SF, AF set
            a.fld1();
            a.fldz();
            a.fcomi(st0, st1);                    // 0 < 1: CF
            a.pushfd();
            a.pop(__dword_ptr[Out]);
            a.fld(__tword_ptr[Data]);             // QNaN
            a.fucomip(st0, st1);                  // unordered: ZF PF CF, no IE
            a.pushfd();
            a.pop(__dword_ptr[Out + 4]);
            a.fnstsw(__word_ptr[Out + 8]);
        }, m => Put80(m, Data, 0x7FFF, 0xC000_0000_0000_0001));
        Assert.Equal(0x01u, m.Memory.Read32(Out) & 0x8D5);
        Assert.Equal(0x45u, m.Memory.Read32(Out + 4) & 0x8D5);
        Assert.Equal(0, Status(m, Out + 8) & 0x3F);
    }

    [Fact]
    public void FldcwUnmaskingAPendingFlagArmsEs()
    {
        FlatMachine m = Run(a =>
        {
            a.fld1();
            a.fldz();
            a.fdivp(st1, st0);                    // masked ZE: flag only
            a.fnstsw(__word_ptr[Out]);
            a.mov(__word_ptr[Data], 0x037B);
            a.fldcw(__word_ptr[Data]);            // unmask ZE: ES armed
            a.fnstsw(__word_ptr[Out + 2]);
            a.wait();                             // #MF
            a.fnstsw(__word_ptr[Out + 4]);
        });
        Assert.Equal(0x0004, Status(m, Out) & 0x80FF);
        Assert.Equal(0x8084, Status(m, Out + 2) & 0x80FF);
        Assert.Equal(1u, m.Memory.Read32(Out + 0x104));
        Assert.Equal(0, Status(m, Out + 4) & 0x80FF);
    }

    [Fact]
    public void FsaveAndFrstorKeepEverythingIn16And32BitForms()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(__word_ptr[Data], 0x0A7F);
            a.fldcw(__word_ptr[Data]);
            a.fld(__tword_ptr[Data + 16]);
            a.fldpi();
            a.fnsave(__[Out]);                    // 108 bytes, then FNINIT
            a.fnstcw(__word_ptr[Out + 0x200]);
            a.frstor(__[Out]);
            a.db(0x66);
            a.fnsave(__[Out + 0x80]);             // 16-bit form: 94 bytes
            a.db(0x66);
            a.frstor(__[Out + 0x80]);
            a.fstp(__tword_ptr[Out + 0x140]);
            a.fstp(__tword_ptr[Out + 0x150]);
            a.fnstcw(__word_ptr[Out + 0x202]);
        }, m => Put80(m, Data + 16, 0x0000, 0x8000_0000_0000_0005));
        Assert.Equal(0x0A7Fu, m.Memory.Read32(Out));                 // FCW
        Assert.Equal((uint)(6 << 11), m.Memory.Read32(Out + 4));     // FSW: TOP 6
        Assert.Equal(0x8FFFu, m.Memory.Read32(Out + 8));             // FTW: phys 6 valid (pi), 7 special (pseudo-denormal)
        Assert.Equal(((ushort)0x4000, 0xC90F_DAA2_2168_C235UL), Get80(m, Out + 28));
        Assert.Equal(((ushort)0x0000, 0x8000_0000_0000_0005UL), Get80(m, Out + 38));
        Assert.Equal(0x037F, m.Memory.Read16(Out + 0x200));            // FNSAVE reinitialised
        Assert.Equal(0x0A7F, m.Memory.Read16(Out + 0x80));
        Assert.Equal(0x8FFF, m.Memory.Read16(Out + 0x84));
        Assert.Equal(((ushort)0x4000, 0xC90F_DAA2_2168_C235UL), Get80(m, Out + 0x80 + 14));
        Assert.Equal(((ushort)0x4000, 0xC90F_DAA2_2168_C235UL), Get80(m, Out + 0x140));
        Assert.Equal(((ushort)0x0000, 0x8000_0000_0000_0005UL), Get80(m, Out + 0x150));
        Assert.Equal(0x0A7F, m.Memory.Read16(Out + 0x202));
    }

    [Fact]
    public void FnstenvMasksEveryExceptionAndRecordsThePointers()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(__word_ptr[Data], 0x0360);
            a.fldcw(__word_ptr[Data]);
            a.fld(__qword_ptr[Data + 8]);
            a.fnstenv(__[Out]);
            a.fnstcw(__word_ptr[Out + 0x40]);
        }, m => m.Memory.Write64(Data + 8, 0x3FF0_0000_0000_0000));
        Assert.Equal(0x0360u, m.Memory.Read32(Out));
        Assert.Equal(0x0008u, m.Memory.Read32(Out + 16) & 0xFFFF);   // FCS
        Assert.Equal(Data + 8, m.Memory.Read32(Out + 20));           // FDP
        Assert.Equal(0x0010u, m.Memory.Read32(Out + 24));            // FDS
        Assert.Equal(0x037F, m.Memory.Read16(Out + 0x40));            // all masked afterwards
    }

    [Fact]
    public void IntegerAndBcdStoresGiveTheIndefiniteOnOverflow()
    {
        FlatMachine m = Run(a =>
        {
            a.fld(__tword_ptr[Data]);             // 40000
            a.fist(__word_ptr[Out]);
            a.fistp(__dword_ptr[Out + 4]);
            a.fld(__tword_ptr[Data + 16]);        // -0.5
            a.fistp(__word_ptr[Out + 8]);         // -0 -> 0, PE
            a.fld(__tword_ptr[Data]);
            a.fbstp(__tword_ptr[Out + 16]);
            a.fnstsw(__word_ptr[Out + 32]);
        }, m =>
        {
            Put80(m, Data, 0x400E, 0x9C40_0000_0000_0000);
            Put80(m, Data + 16, 0xBFFE, 0x8000_0000_0000_0000);
        });
        Assert.Equal(0x8000, m.Memory.Read16(Out));
        Assert.Equal(40000u, m.Memory.Read32(Out + 4));
        Assert.Equal(0, m.Memory.Read16(Out + 8));
        Assert.Equal(0x0000_0000_0004_0000UL, m.Memory.Read64(Out + 16));  // packed BCD 40000
        Assert.Equal(0x0000u, m.Memory.Read16(Out + 24));
        Assert.Equal(0x21, Status(m, Out + 32) & 0x3F);               // IE (fist m16) | PE
    }

    [Fact]
    public void FopHoldsTheLastNonControlOpcodeAndModrm()
    {
        FlatMachine m = Run(a =>
        {
            a.mov(ebx, Data);
            a.xor(esi, esi);
            a.fld(__qword_ptr[ebx + 8]);                   // DD 43 08
            a.fnstenv(__[Out]);
            a.fld(__dword_ptr[ebx + esi * 4 + 0x100]);     // D9 84 B3 00010000
            a.fnstenv(__[Out + 0x20]);
            a.fdivp(st1, st0);                             // DE F9
            a.fnstcw(__word_ptr[Out + 0x60]);              // control: FOP unchanged
            a.fnstenv(__[Out + 0x40]);
            a.db(0x67, 0xDC, 0x00);                        // fadd qword [bx+si]
            a.fnstenv(__[Out + 0x80]);
        }, m => m.Memory.Write64(Data + 8, 0x3FF0_0000_0000_0000));
        Assert.Equal(0x543u, (m.Memory.Read32(Out + 16) >> 16) & 0x7FF);
        Assert.Equal(0x184u, (m.Memory.Read32(Out + 0x30) >> 16) & 0x7FF);
        Assert.Equal(0x6F9u, (m.Memory.Read32(Out + 0x50) >> 16) & 0x7FF);
        Assert.Equal(0x400u, (m.Memory.Read32(Out + 0x90) >> 16) & 0x7FF);
    }
}
