using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// The one dispatch table: each Iced mnemonic to its handler (the handlers read operand forms from
/// the decoded instruction). Anything not listed raises #UD and is reported once per address.
/// </summary>
public sealed partial class X86Cpu
{
    private void Execute(ref Instruction i)
    {
        switch (i.Mnemonic)
        {
            // Arithmetic.cs
            case Mnemonic.Add: Add(ref i); break;
            case Mnemonic.Adc: Adc(ref i); break;
            case Mnemonic.Sub: Sub(ref i); break;
            case Mnemonic.Sbb: Sbb(ref i); break;
            case Mnemonic.Cmp: Cmp(ref i); break;
            case Mnemonic.Inc: Inc(ref i); break;
            case Mnemonic.Dec: Dec(ref i); break;
            case Mnemonic.Neg: Neg(ref i); break;
            case Mnemonic.Mul: Mul(ref i); break;
            case Mnemonic.Imul: Imul(ref i); break;
            case Mnemonic.Div: Div(ref i); break;
            case Mnemonic.Idiv: Idiv(ref i); break;
            case Mnemonic.Cmpxchg: Cmpxchg(ref i); break;
            case Mnemonic.Cmpxchg8b: Cmpxchg8b(ref i); break;
            case Mnemonic.Xadd: Xadd(ref i); break;
            case Mnemonic.Daa: Daa(); break;
            case Mnemonic.Das: Das(); break;
            case Mnemonic.Aaa: Aaa(); break;
            case Mnemonic.Aas: Aas(); break;
            case Mnemonic.Aam: Aam(ref i); break;
            case Mnemonic.Aad: Aad(ref i); break;

            // Logic.cs
            case Mnemonic.And: And(ref i); break;
            case Mnemonic.Or: Or(ref i); break;
            case Mnemonic.Xor: Xor(ref i); break;
            case Mnemonic.Not: Not(ref i); break;
            case Mnemonic.Test: Test(ref i); break;
            case Mnemonic.Bt: BitTest(ref i, 0); break;
            case Mnemonic.Bts: BitTest(ref i, 1); break;
            case Mnemonic.Btr: BitTest(ref i, 2); break;
            case Mnemonic.Btc: BitTest(ref i, 3); break;
            case Mnemonic.Bsf: Bsf(ref i); break;
            case Mnemonic.Bsr: Bsr(ref i); break;
            case Mnemonic.Bswap: Bswap(ref i); break;
            case Mnemonic.Seto: case Mnemonic.Setno: case Mnemonic.Setb: case Mnemonic.Setae:
            case Mnemonic.Sete: case Mnemonic.Setne: case Mnemonic.Setbe: case Mnemonic.Seta:
            case Mnemonic.Sets: case Mnemonic.Setns: case Mnemonic.Setp: case Mnemonic.Setnp:
            case Mnemonic.Setl: case Mnemonic.Setge: case Mnemonic.Setle: case Mnemonic.Setg:
                Setcc(ref i); break;

            // Shift.cs
            case Mnemonic.Shl: case Mnemonic.Sal: Shift(ref i, 4); break;
            case Mnemonic.Shr: Shift(ref i, 5); break;
            case Mnemonic.Sar: Shift(ref i, 7); break;
            case Mnemonic.Rol: Shift(ref i, 0); break;
            case Mnemonic.Ror: Shift(ref i, 1); break;
            case Mnemonic.Rcl: Shift(ref i, 2); break;
            case Mnemonic.Rcr: Shift(ref i, 3); break;
            case Mnemonic.Shld: DoubleShift(ref i, left: true); break;
            case Mnemonic.Shrd: DoubleShift(ref i, left: false); break;

            // DataTransfer.cs
            case Mnemonic.Mov: Mov(ref i); break;
            case Mnemonic.Movzx: Movzx(ref i); break;
            case Mnemonic.Movsx: Movsx(ref i); break;
            case Mnemonic.Lea: Lea(ref i); break;
            case Mnemonic.Xchg: Xchg(ref i); break;
            case Mnemonic.Cmovo: case Mnemonic.Cmovno: case Mnemonic.Cmovb: case Mnemonic.Cmovae:
            case Mnemonic.Cmove: case Mnemonic.Cmovne: case Mnemonic.Cmovbe: case Mnemonic.Cmova:
            case Mnemonic.Cmovs: case Mnemonic.Cmovns: case Mnemonic.Cmovp: case Mnemonic.Cmovnp:
            case Mnemonic.Cmovl: case Mnemonic.Cmovge: case Mnemonic.Cmovle: case Mnemonic.Cmovg:
                Cmovcc(ref i); break;
            case Mnemonic.Cbw: R[0] = (R[0] & 0xFFFF_0000) | ((uint)(int)(sbyte)(byte)R[0] & 0xFFFF); break;
            case Mnemonic.Cwde: R[0] = (uint)(short)R[0]; break;
            case Mnemonic.Cwd: R[2] = (R[2] & 0xFFFF_0000) | ((R[0] & 0x8000) != 0 ? 0xFFFFu : 0u); break;
            case Mnemonic.Cdq: R[2] = (R[0] & 0x8000_0000) != 0 ? 0xFFFF_FFFFu : 0u; break;
            case Mnemonic.Xlatb: WriteReg(Register.AL, ReadMem8(MemSeg(ref i), Ea(ref i))); break;
            case Mnemonic.Lahf: Lahf(); break;
            case Mnemonic.Sahf: Sahf(); break;
            case Mnemonic.Salc: R[0] = (R[0] & 0xFFFF_FF00) | (GetCf() ? 0xFFu : 0u); break;
            case Mnemonic.In: In(ref i); break;
            case Mnemonic.Out: Out(ref i); break;
            case Mnemonic.Lds: LoadFarPointer(ref i, SegDs); break;
            case Mnemonic.Les: LoadFarPointer(ref i, SegEs); break;
            case Mnemonic.Lfs: LoadFarPointer(ref i, SegFs); break;
            case Mnemonic.Lgs: LoadFarPointer(ref i, SegGs); break;
            case Mnemonic.Lss: LoadFarPointer(ref i, SegSs); break;
            case Mnemonic.Bound: Bound(ref i); break;

            // Stack.cs
            case Mnemonic.Push: PushOp(ref i); break;
            case Mnemonic.Pop: PopOp(ref i); break;
            case Mnemonic.Pusha: case Mnemonic.Pushad: Pusha(ref i); break;
            case Mnemonic.Popa: case Mnemonic.Popad: Popa(ref i); break;
            case Mnemonic.Pushf: case Mnemonic.Pushfd: Pushf(ref i); break;
            case Mnemonic.Popf: case Mnemonic.Popfd: Popf(ref i); break;
            case Mnemonic.Enter: Enter(ref i); break;
            case Mnemonic.Leave: Leave(ref i); break;

            // ControlTransfer.cs
            case Mnemonic.Jmp: Jmp(ref i); break;
            case Mnemonic.Jo: case Mnemonic.Jno: case Mnemonic.Jb: case Mnemonic.Jae:
            case Mnemonic.Je: case Mnemonic.Jne: case Mnemonic.Jbe: case Mnemonic.Ja:
            case Mnemonic.Js: case Mnemonic.Jns: case Mnemonic.Jp: case Mnemonic.Jnp:
            case Mnemonic.Jl: case Mnemonic.Jge: case Mnemonic.Jle: case Mnemonic.Jg:
                if (Condition((int)i.ConditionCode - 1)) Ip = (uint)i.NearBranchTarget;
                break;
            case Mnemonic.Call: Call(ref i); break;
            case Mnemonic.Ret: Ret(ref i); break;
            case Mnemonic.Retf: Retf(ref i); break;
            case Mnemonic.Loop: case Mnemonic.Loope: case Mnemonic.Loopne: Loop(ref i); break;
            case Mnemonic.Jcxz: case Mnemonic.Jecxz: Jcxz(ref i); break;
            case Mnemonic.Int: SoftwareInterrupt(i.Immediate8); break;
            case Mnemonic.Int3: SoftwareInterrupt(VecBp); break;
            case Mnemonic.Into: if (GetOf()) SoftwareInterrupt(VecOf); break;
            case Mnemonic.Int1: DeliverInterrupt(VecDb, false, 0, InterruptKind.Exception); break;
            case Mnemonic.Iret: case Mnemonic.Iretd: Iret(ref i); break;

            // String.cs
            case Mnemonic.Movsb: case Mnemonic.Movsw: case Mnemonic.Movsd when i.Op0Kind is OpKind.MemoryESDI or OpKind.MemoryESEDI: StringOp(ref i, StrMovs); break;
            case Mnemonic.Stosb: case Mnemonic.Stosw: case Mnemonic.Stosd: StringOp(ref i, StrStos); break;
            case Mnemonic.Lodsb: case Mnemonic.Lodsw: case Mnemonic.Lodsd: StringOp(ref i, StrLods); break;
            case Mnemonic.Cmpsb: case Mnemonic.Cmpsw: case Mnemonic.Cmpsd when i.Op0Kind is OpKind.MemorySegSI or OpKind.MemorySegESI: StringOp(ref i, StrCmps); break;
            case Mnemonic.Scasb: case Mnemonic.Scasw: case Mnemonic.Scasd: StringOp(ref i, StrScas); break;
            case Mnemonic.Insb: case Mnemonic.Insw: case Mnemonic.Insd: StringOp(ref i, StrIns); break;
            case Mnemonic.Outsb: case Mnemonic.Outsw: case Mnemonic.Outsd: StringOp(ref i, StrOuts); break;

            // ProcessorControl.cs
            case Mnemonic.Nop: case Mnemonic.Pause: case Mnemonic.Prefetchnta: case Mnemonic.Prefetcht0:
            case Mnemonic.Prefetcht1: case Mnemonic.Prefetcht2: case Mnemonic.Lfence: case Mnemonic.Mfence:
            case Mnemonic.Sfence: case Mnemonic.Clflush:
                break;
            case Mnemonic.Hlt: Hlt(); break;
            case Mnemonic.Cli: Cli(); break;
            case Mnemonic.Sti: Sti(); break;
            case Mnemonic.Clc: SetFlag(FlagCf, false); break;
            case Mnemonic.Stc: SetFlag(FlagCf, true); break;
            case Mnemonic.Cmc: SetFlag(FlagCf, !GetCf()); break;
            case Mnemonic.Cld: FlagsRaw &= ~FlagDf; break;
            case Mnemonic.Std: FlagsRaw |= FlagDf; break;
            case Mnemonic.Cpuid: Cpuid(); break;
            case Mnemonic.Rdtsc: Rdtsc(); break;
            case Mnemonic.Rdmsr: Rdmsr(); break;
            case Mnemonic.Sysenter: Sysenter(); break;
            case Mnemonic.Sysexit: Sysexit(); break;
            case Mnemonic.Wrmsr: Wrmsr(); break;
            case Mnemonic.Lgdt: case Mnemonic.Lidt: LoadDescriptorTable(ref i); break;
            case Mnemonic.Sgdt: case Mnemonic.Sidt: StoreDescriptorTable(ref i); break;
            case Mnemonic.Lldt: Lldt(ref i); break;
            case Mnemonic.Ltr: Ltr(ref i); break;
            case Mnemonic.Sldt: StoreSystemSelector(ref i, Ldtr.Selector); break;
            case Mnemonic.Str: StoreSystemSelector(ref i, Tr.Selector); break;
            case Mnemonic.Lmsw: Lmsw(ref i); break;
            case Mnemonic.Smsw: StoreSystemSelector(ref i, (ushort)Cr0Value); break;
            case Mnemonic.Clts: RequireCpl0(); Cr0Value &= ~Cr0Ts; break;
            case Mnemonic.Invlpg: RequireCpl0(); InvalidatePage(Linear(MemSeg(ref i), Ea(ref i), 1, false)); _exitBlock = true; break;
            case Mnemonic.Invd: case Mnemonic.Wbinvd: RequireCpl0(); break;
            case Mnemonic.Ud0: case Mnemonic.Ud1: case Mnemonic.Ud2: RaiseUd(); break;
            case Mnemonic.Lar: Lar(ref i); break;
            case Mnemonic.Lsl: Lsl(ref i); break;
            case Mnemonic.Verr: case Mnemonic.Verw: Verify(ref i); break;
            case Mnemonic.Arpl: Arpl(ref i); break;

            // X87.cs
            case Mnemonic.Wait: FWait(); break;

            default:
                if (!ExecuteSimd(ref i) && !ExecuteX87(ref i))
                    Unimplemented(in i);
                break;
        }
    }
}
