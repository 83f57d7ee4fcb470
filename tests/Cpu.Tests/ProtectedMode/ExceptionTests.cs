using Iced.Intel;
using PcEmu.Cpu.Tests.Support;
using PcEmu.Memory;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Cpu.Tests.ProtectedMode;

/// <summary>Exceptions through the IDT, #UD reporting, triple faults, interrupts, SMC and paging.</summary>
public sealed class ExceptionTests
{
    private const uint Handler = 0x0011_0000;

    private static void LoadHandler(FlatMachine m, Action<Assembler> body, uint at = Handler)
    {
        var h = new Assembler(32);
        body(h);
        m.Load(h, at);
    }

    [Fact]
    public void DivideByZeroIsDeliveredThroughTheIdt()
    {
        var a = new Assembler(32);
        a.mov(eax, 10);
        a.xor(ecx, ecx);
        a.cdq();
        a.div(ecx);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(0, Handler);
        LoadHandler(m, h =>
        {
            h.mov(ebx, 0xDEAD_BEEF);
            h.mov(esi, __dword_ptr[esp]);      // faulting EIP
            h.mov(edi, __dword_ptr[esp + 4]);  // CS
            h.hlt();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0xDEAD_BEEFu, m.Cpu.Ebx);
        Assert.Equal(FlatMachine.CodeBase + 8, m.Cpu.Esi); // mov eax,imm (5) + xor (2) + cdq (1)
        Assert.Equal(8u, m.Cpu.Edi);
        Assert.Equal(FlatMachine.StackTop - 12, m.Cpu.Esp);
    }

    [Fact]
    public void DivideOverflowRaisesDe()
    {
        var a = new Assembler(32);
        a.mov(eax, 0x8000_0000);
        a.mov(edx, 0xFFFF_FFFF);
        a.mov(ecx, 0xFFFF_FFFF);
        a.idiv(ecx);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(0, Handler);
        LoadHandler(m, h => { h.mov(ebx, 1); h.hlt(); });
        m.Run();
        Assert.Equal(1u, m.Cpu.Ebx);
        Assert.Equal(0x8000_0000u, m.Cpu.Eax);
    }

    [Fact]
    public void UnimplementedInstructionRaisesUdAndIsReportedOnce()
    {
        var a = new Assembler(32);
        a.mov(ecx, 3);
        Label top = a.CreateLabel();
        a.Label(ref top);
        a.xgetbv();          // 0F 01 D0: not implemented
        a.loop(top);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(6, Handler);
        LoadHandler(m, h =>
        {
            h.inc(ebx);
            h.add(__dword_ptr[esp], 3); // skip the 3-byte instruction
            h.iretd();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(3u, m.Cpu.Ebx);
        string msg = Assert.Single(m.Diagnostics);
        Assert.Contains("unimplemented instruction 0F 01 D0 (xgetbv) at 0008:00100005, raising #UD", msg);
    }

    [Fact]
    public void EmptyIdtTripleFaults()
    {
        var a = new Assembler(32);
        a.ud2();
        var m = new FlatMachine();
        m.Start(a, withTables: false);
        Assert.Equal(CpuExitReason.Shutdown, m.Run());
        Assert.StartsWith("triple fault:", m.Cpu.ShutdownReason);
        Assert.Contains("while delivering #DF", m.Cpu.ShutdownReason);
        Assert.Contains(m.Diagnostics, d => d.Contains("triple fault"));
        Assert.Equal(CpuExitReason.Shutdown, m.Run());
    }

    [Fact]
    public void GeneralProtectionFaultPushesErrorCode()
    {
        var a = new Assembler(32);
        a.mov(eax, 0x18);       // beyond our 3-entry GDT? No: GDT limit is 0xFFFF, entry 3 is zero -> not present/invalid
        a.mov(ds, ax);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(13, Handler);
        LoadHandler(m, h => { h.pop(ebx); h.hlt(); });
        m.Run();
        Assert.Equal(0x18u, m.Cpu.Ebx);
    }

    [Fact]
    public void SelfModifyingCodeInTheSameBlockIsRedecoded()
    {
        var a = new Assembler(32);
        Label next = a.CreateLabel();
        a.call(next);
        a.Label(ref next);
        a.pop(esi);                                 // 1 byte
        a.mov(__byte_ptr[esi + 6], 42);             // C6 46 06 2A
        a.mov(eax, 0);                              // B8 imm32, patched to 42
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(42u, m.Cpu.Eax);
    }

    [Fact]
    public void SelfModifyingCodeInAnEarlierBlockIsRedecoded()
    {
        var m = new FlatMachine();
        m.Memory.WriteBlock(0x0020_0000, new byte[] { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3 }); // mov eax,1; ret
        var a = new Assembler(32);
        a.call(0x0020_0000);
        a.mov(ebx, eax);
        a.mov(__byte_ptr[0x0020_0001], 7);
        a.call(0x0020_0000);
        a.hlt();
        m.Start(a);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(1u, m.Cpu.Ebx);
        Assert.Equal(7u, m.Cpu.Eax);
    }

    [Fact]
    public void ExternalInterruptWakesHalt()
    {
        var a = new Assembler(32);
        a.sti();
        a.hlt();
        a.mov(ecx, 5);
        a.cli();
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(0x20, Handler);
        LoadHandler(m, h => { h.inc(ebx); h.iretd(); });
        var pic = new OneShotController();
        m.Cpu.InterruptController = pic;
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.True(m.Cpu.IsHalted);
        Assert.Equal(0u, m.Cpu.Ebx);
        pic.Pending = true;
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(1u, m.Cpu.Ebx);
        Assert.Equal(5u, m.Cpu.Ecx);
    }

    private sealed class OneShotController : IInterruptController
    {
        public bool Pending;

        public bool InterruptPending => Pending;

        public byte Acknowledge()
        {
            Pending = false;
            return 0x20;
        }
    }

    [Fact]
    public void PageFaultReportsCr2AndErrorCode()
    {
        var m = new FlatMachine();
        // Page directory at 0x3000: entry 0 is a 4 MiB PSE identity page, entry 1 points to a table at 0x4000
        // with everything not present.
        m.Memory.Write32(0x3000, 0x0000_0083);
        m.Memory.Write32(0x3004, 0x0000_4003);
        m.Memory.Write32(0x4000 + 5 * 4, 0x0050_0003); // 0x405000 -> 0x500000
        var a = new Assembler(32);
        a.mov(eax, cr4);
        a.or(eax, 0x10);
        a.mov(cr4, eax);
        a.mov(eax, 0x3000);
        a.mov(cr3, eax);
        a.mov(eax, cr0);
        a.or(eax, 0x8000_0000u);
        a.mov(cr0, eax);
        a.mov(__dword_ptr[0x0040_5010], 0x1234);   // mapped
        a.mov(__dword_ptr[0x0040_6000], 1);        // not present -> #PF
        a.hlt();
        m.Start(a);
        m.SetGate(14, Handler);
        LoadHandler(m, h =>
        {
            h.pop(ebx);             // error code
            h.mov(eax, cr2);
            h.hlt();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0x1234u, m.Memory.Read32(0x0050_0010));
        Assert.Equal(0x0040_6000u, m.Cpu.Eax);
        Assert.Equal(2u, m.Cpu.Ebx);           // write, not present, supervisor
        Assert.Equal(0x63u, m.Memory.Read32(0x4000 + 5 * 4) & 0x63); // accessed and dirty
    }

    [Fact]
    public void InterruptFromRing3SwitchesToTheTssStack()
    {
        var m = new FlatMachine();
        // GDT: 0x08 code0, 0x10 data0, 0x18 code3, 0x20 data3, 0x28 TSS at 0x5000.
        var a = new Assembler(32);
        a.push(0x23);            // SS
        a.push(0x0008_0000);     // ESP
        a.push(0x202);           // EFLAGS (IF=1)
        a.push(0x1B);            // CS
        a.push(0x0012_0000);     // EIP
        a.iretd();
        m.Start(a);
        m.Memory.Write64(FlatMachine.GdtBase + 0x18, 0x00CF_FA00_0000_FFFF);
        m.Memory.Write64(FlatMachine.GdtBase + 0x20, 0x00CF_F200_0000_FFFF);
        m.Memory.Write64(FlatMachine.GdtBase + 0x28, 0x0000_8900_5000_0067);
        m.Memory.Write32(0x5004, 0x0007_0000); // ESP0
        m.Memory.Write32(0x5008, 0x10);        // SS0
        m.Cpu.Eax = 0x28;
        var user = new Assembler(32);
        user.mov(ecx, 0x55);
        user.@int(0x80);
        user.jmp(0x0012_0000 + 7);            // spin
        m.Load(user, 0x0012_0000);
        m.SetGate(0x80, Handler, trap: false, dpl: 3);
        LoadHandler(m, h =>
        {
            h.mov(edx, __dword_ptr[esp + 4]);  // user CS
            h.mov(esi, __dword_ptr[esp + 12]); // user ESP
            h.mov(edi, esp);
            h.hlt();
        });
        // Load TR from the guest's point of view before dropping to ring 3.
        var ltr = new Assembler(32);
        ltr.ltr(ax);
        ltr.jmp(FlatMachine.CodeBase);
        m.Load(ltr, 0x0013_0000);
        m.Cpu.Eip = 0x0013_0000;
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0x1Bu, m.Cpu.Edx);
        Assert.Equal(0x0008_0000u, m.Cpu.Esi);
        Assert.Equal(0x0007_0000u - 20, m.Cpu.Edi);
        Assert.Equal(0, m.Cpu.CurrentPrivilegeLevel);
        Assert.Equal(0x55u, m.Cpu.Ecx);
    }

    [Fact]
    public void TrapFlagSingleStepsThroughDb()
    {
        var a = new Assembler(32);
        a.pushfd();
        a.or(__dword_ptr[esp], 0x100);
        a.popfd();                 // trap after the next instruction onward
        a.nop();
        a.nop();
        a.pushfd();
        a.and(__dword_ptr[esp], ~0x100);
        a.popfd();
        a.mov(ecx, 1);
        a.hlt();
        var m = new FlatMachine();
        m.Start(a);
        m.SetGate(1, Handler);
        LoadHandler(m, h => { h.inc(ebx); h.iretd(); });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        // Traps after: nop, nop, pushfd, and, popfd (TF still set when it started).
        Assert.Equal(5u, m.Cpu.Ebx);
        Assert.Equal(1u, m.Cpu.Ecx);
    }

    [Fact]
    public void InstructionStraddlingAPageIsCachedAndInvalidatedThroughItsSecondPage()
    {
        var m = new FlatMachine();
        var body = new Assembler(32);
        Label loop = body.CreateLabel();
        Label again = body.CreateLabel();
        body.Label(ref loop);
        body.mov(eax, 0x1122_3344);       // B8 at 0x100FFD: the immediate spills into the next page
        body.add(ebx, eax);
        body.dec(ecx);
        body.jne(loop);
        body.cmp(esi, 0);
        body.jne(again);
        body.hlt();
        body.Label(ref again);
        body.mov(esi, 0);
        body.mov(__byte_ptr[0x0010_1001], 0x22);
        body.mov(ecx, 1);
        body.jmp(loop);
        m.Load(body, 0x0010_0FFD);
        var a = new Assembler(32);
        a.mov(ecx, 3);
        a.mov(esi, 1);
        a.jmp(0x0010_0FFD);
        m.Start(a);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0x2222_3344u, m.Cpu.Eax);
        Assert.Equal(3 * 0x1122_3344u + 0x2222_3344u, m.Cpu.Ebx);
    }

    [Fact]
    public void Virtual8086ModeTrapsIntNToTheMonitor()
    {
        var m = new FlatMachine();
        var a = new Assembler(32);
        a.ltr(ax);
        a.push(0x0300);          // GS
        a.push(0x0400);          // FS
        a.push(0x0500);          // DS
        a.push(0x0600);          // ES
        a.push(0x0700);          // SS
        a.push(0x0100);          // ESP
        a.push(0x0002_0002);     // EFLAGS: VM=1, IOPL=0
        a.push(0x2000);          // CS
        a.push(0x0000);          // EIP
        a.iretd();
        m.Start(a);
        m.Memory.Write64(FlatMachine.GdtBase + 0x28, 0x0000_8900_5000_0067);
        m.Memory.Write32(0x5004, 0x0007_0000);
        m.Memory.Write32(0x5008, 0x10);
        m.Cpu.Eax = 0x28;
        var v86 = new Assembler(16);
        v86.mov(ax, 0x1234);
        v86.mov(bx, ds);
        v86.@int(0x30);
        m.Load(v86, 0x20000);
        m.SetGate(13, Handler);
        LoadHandler(m, h =>
        {
            h.mov(ecx, __dword_ptr[esp]);       // error code
            h.mov(edx, __dword_ptr[esp + 8]);   // v86 CS
            h.mov(esi, __dword_ptr[esp + 24]);  // v86 ES
            h.mov(edi, __dword_ptr[esp + 4]);   // v86 IP of the INT
            h.hlt();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0x1234u, m.Cpu.Eax & 0xFFFF);
        Assert.Equal(0x0500u, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(0u, m.Cpu.Ecx);
        Assert.Equal(0x2000u, m.Cpu.Edx);
        Assert.Equal(0x0600u, m.Cpu.Esi);
        Assert.Equal(5u, m.Cpu.Edi);
        Assert.Equal(0, m.Cpu.Ds);
        Assert.False(m.Cpu.V86Mode);
    }

    private static void WriteTss(FlatMachine m, uint at, uint eip, uint esp)
    {
        for (uint k = 0; k < 0x68; k += 4)
            m.Memory.Write32(at + k, 0);
        m.Memory.Write32(at + 0x20, eip);
        m.Memory.Write32(at + 0x24, 2);
        m.Memory.Write32(at + 0x38, esp);
        m.Memory.Write32(at + 0x48, 0x10); // ES
        m.Memory.Write32(at + 0x4C, 0x08); // CS
        m.Memory.Write32(at + 0x50, 0x10); // SS
        m.Memory.Write32(at + 0x54, 0x10); // DS
        m.Memory.Write32(at + 0x58, 0x10); // FS
        m.Memory.Write32(at + 0x5C, 0x10); // GS
    }

    [Fact]
    public void CallToATssAndIretBackAlongTheLink()
    {
        var m = new FlatMachine();
        var a = new Assembler(32);
        a.ltr(ax);
        a.db(0x9A, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00);   // call 0030:00000000
        a.mov(edx, 9);
        a.hlt();
        m.Start(a);
        m.Memory.Write64(FlatMachine.GdtBase + 0x28, 0x0000_8900_5000_0067);
        m.Memory.Write64(FlatMachine.GdtBase + 0x30, 0x0000_8900_6000_0067);
        WriteTss(m, 0x5000, 0, 0);
        WriteTss(m, 0x6000, Handler, 0x0006_0000);
        m.Cpu.Eax = 0x28;
        LoadHandler(m, h =>
        {
            h.mov(__dword_ptr[0x8000], 7);
            h.mov(eax, __dword_ptr[0x6000]);   // back link
            h.mov(__dword_ptr[0x8004], eax);
            h.iretd();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(7u, m.Memory.Read32(0x8000));
        Assert.Equal(0x28u, m.Memory.Read32(0x8004));
        Assert.Equal(9u, m.Cpu.Edx);
        Assert.Equal(0x28u, m.Cpu.Eax);                 // task A's registers came back
        Assert.Equal(0x89u, (m.Memory.Read32(FlatMachine.GdtBase + 0x34) >> 8) & 0xFF); // B no longer busy
    }

    [Fact]
    public void DoubleFaultThroughATaskGate()
    {
        var m = new FlatMachine();
        var a = new Assembler(32);
        a.ltr(ax);
        a.mov(esp, 0x0000_0010);   // a recognisable ESP to find in the saved TSS
        a.ud2();                   // #UD -> IDT[6] not present -> #NP (11) -> IDT[11] empty -> #DF
        m.Start(a);
        m.Memory.Write64(FlatMachine.GdtBase + 0x28, 0x0000_8900_5000_0067);
        m.Memory.Write64(FlatMachine.GdtBase + 0x30, 0x0000_8900_6000_0067);
        WriteTss(m, 0x5000, 0, 0);
        WriteTss(m, 0x6000, Handler, 0x0006_0000);
        m.Cpu.Eax = 0x28;
        // IDT[8]: task gate to 0x30.
        m.Memory.Write32(FlatMachine.IdtBase + 8 * 8, 0x0030_0000);
        m.Memory.Write32(FlatMachine.IdtBase + 8 * 8 + 4, 0x0000_8500);
        m.SetGate(6, Handler);
        m.Memory.Write32(FlatMachine.IdtBase + 6 * 8 + 4, m.Memory.Read32(FlatMachine.IdtBase + 6 * 8 + 4) & ~0x8000u);
        LoadHandler(m, h =>
        {
            h.pop(ecx);                        // #DF error code (0)
            h.mov(ebx, __dword_ptr[0x5000 + 0x38]); // faulting task's ESP
            h.hlt();
        });
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0u, m.Cpu.Ecx);
        Assert.Equal(0x10u, m.Cpu.Ebx);
    }

    [Fact]
    public void SixteenBitProtectedModeCodeWithA16BitInterruptGate()
    {
        var m = new FlatMachine();
        var a = new Assembler(32);
        a.db(0xEA, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00);   // jmp 0018:00000000 (16-bit code segment at 0x130000)
        m.Start(a);
        // 0x18: 16-bit code, base 0x00130000 limit 0xFFFF; 0x20: 16-bit data, base 0x00140000.
        m.Memory.Write64(FlatMachine.GdtBase + 0x18, 0x0000_9A13_0000_FFFF);
        m.Memory.Write64(FlatMachine.GdtBase + 0x20, 0x0000_9214_0000_FFFF);
        var code16 = new Assembler(16);
        code16.mov(ax, 0x20);
        code16.mov(ss, ax);
        code16.mov(sp, 0x1000);
        code16.mov(ds, ax);
        code16.mov(__word_ptr[0x10], 0xBEEF);
        code16.@int(0x40);
        code16.mov(cx, 3);
        code16.hlt();
        m.Load(code16, 0x0013_0000);
        // IDT[0x40]: 16-bit interrupt gate (type 6) to 0018:0100, DPL 0.
        m.Memory.Write32(FlatMachine.IdtBase + 0x40 * 8, 0x0018_0100);
        m.Memory.Write32(FlatMachine.IdtBase + 0x40 * 8 + 4, 0x0000_8600);
        var handler = new Assembler(16);
        handler.mov(bx, __word_ptr[0x10]);
        handler.mov(si, sp);
        handler.iret();
        m.Load(handler, 0x0013_0100);
        Assert.Equal(CpuExitReason.Halted, m.Run());
        Assert.Equal(0xBEEFu, m.Cpu.Ebx & 0xFFFF);
        Assert.Equal(0x1000u - 6, m.Cpu.Esi & 0xFFFF);
        Assert.Equal(3u, m.Cpu.Ecx & 0xFFFF);
        Assert.Equal(0xBEEFu, m.Memory.Read16(0x0014_0010));
        Assert.Equal(0x18, m.Cpu.Cs);
    }
}
