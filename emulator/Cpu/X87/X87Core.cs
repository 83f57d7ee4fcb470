using Iced.Intel;
using PcEmu.Cpu.X87;

namespace PcEmu.Cpu;

/// <summary>
/// x87 plumbing shared by the instruction files: device-not-available and pending-exception checks,
/// the instruction/operand pointers, stack faults, and how an operation's exception flags reach FSW
/// (masked responses, ES/B, C1 = rounded up) and decide whether the destination is written.
/// </summary>
public sealed partial class X86Cpu
{
    private readonly X87State _fpu = new();

    private void ResetFpu() => _fpu.Init();

    /// <summary>CR0.EM or CR0.TS: #NM (SDM Vol. 3, 2.5).</summary>
    private void CheckFpu()
    {
        if ((Cr0Value & (Cr0Em | Cr0Ts)) != 0)
            RaiseFault(VecNm);
    }

    /// <summary>WAIT/FWAIT: #NM when TS and MP are both set, then any pending unmasked exception.</summary>
    private void FWait()
    {
        if ((Cr0Value & (Cr0Mp | Cr0Ts)) == (Cr0Mp | Cr0Ts))
            RaiseFault(VecNm);
        CheckPendingFpuException();
    }

    /// <summary>
    /// A waiting x87 instruction finds FSW.ES set: #MF when CR0.NE=1 (SDM Vol. 1, 8.7). With NE=0 the
    /// PC's FERR#/IRQ 13 path is not wired; the instruction proceeds.
    /// </summary>
    private void CheckPendingFpuException()
    {
        if ((_fpu.StatusFlags & X87State.StatusEs) != 0 && (Cr0Value & Cr0Ne) != 0)
            RaiseFault(VecMf);
    }

    /// <summary>Start of a waiting, non-control x87 instruction: checks, then FCS:FIP and (memory forms) FDS:FDP.</summary>
    private void BeginFp(ref Instruction i)
    {
        CheckFpu();
        CheckPendingFpuException();
        _fpu.Fcs = Seg[SegCs].Selector;
        _fpu.Fip = (uint)i.IP;
        _fpu.Fop = FpuOpcode(ref i);
        if (i.Op0Kind == OpKind.Memory || (i.OpCount > 1 && i.Op1Kind == OpKind.Memory))
        {
            int seg = MemSeg(ref i);
            _fpu.Fds = Seg[seg].Selector;
            _fpu.Fdp = Ea(ref i);
        }
    }

    /// <summary>Start of a control instruction (FLDCW, FSTENV, ...): no pointer update; the FN forms do not wait.</summary>
    private void BeginControl(bool waiting)
    {
        CheckFpu();
        if (waiting)
            CheckPendingFpuException();
    }

    private FloatEnvironment NewEnv(bool precisionControlled, bool registerDestination = true) =>
        new(_fpu.Rounding, precisionControlled ? _fpu.Precision : 64)
        {
            RebiasOverflow = registerDestination && (_fpu.Control & X87State.StatusOe) == 0,
            RebiasUnderflow = registerDestination && (_fpu.Control & X87State.StatusUe) == 0,
        };

    /// <summary>
    /// Merges the operation's flags into FSW: C1 = rounded up (when inexact), ES/B when any raised
    /// exception is unmasked. Returns false when an unmasked IE, DE or ZE (or, with <paramref name="memory"/>,
    /// OE or UE) forbids writing the result (SDM Vol. 1, 8.5 and 8.6).
    /// </summary>
    private bool Deliver(ref FloatEnvironment env, bool memory = false)
    {
        int f = env.Flags & X87State.ExceptionMask;
        ushort s = (ushort)(_fpu.StatusFlags & ~X87State.StatusC1);
        if (env.RoundedUp && (f & FloatFlags.Precision) != 0)
            s |= X87State.StatusC1;
        s |= (ushort)f;
        int unmasked = f & ~_fpu.Control & X87State.ExceptionMask;
        if (unmasked != 0)
            s |= X87State.StatusEs | X87State.StatusBusy;
        _fpu.StatusFlags = s;
        int blocking = FloatFlags.Invalid | FloatFlags.Denormal | FloatFlags.DivideByZero;
        if (memory)
            blocking |= FloatFlags.Overflow | FloatFlags.Underflow;
        return (unmasked & blocking) == 0;
    }

    /// <summary>Stack underflow or overflow (IE with SF; C1 tells which). Returns true when IE is masked and the masked response (QNaN indefinite) applies.</summary>
    private bool StackFault(bool overflow)
    {
        ushort s = (ushort)(_fpu.StatusFlags | X87State.StatusIe | X87State.StatusSf);
        s = overflow ? (ushort)(s | X87State.StatusC1) : (ushort)(s & ~X87State.StatusC1);
        bool masked = (_fpu.Control & X87State.StatusIe) != 0;
        if (!masked)
            s |= X87State.StatusEs | X87State.StatusBusy;
        _fpu.StatusFlags = s;
        return masked;
    }

    /// <summary>Pushes after checking that the register below the top is empty.</summary>
    private void FpPush(Float80 v, bool delivered)
    {
        if (!_fpu.IsEmpty(7))
        {
            if (StackFault(overflow: true))
                _fpu.Push(Float80.DefaultNaN);
            return;
        }
        if (delivered)
            _fpu.Push(v);
    }

    private void SetConditions(ushort c)
    {
        _fpu.StatusFlags = (ushort)((_fpu.StatusFlags & ~X87State.ConditionMask) | c);
    }

    private static int StIndex(Register r) => r - Register.ST0;
}
