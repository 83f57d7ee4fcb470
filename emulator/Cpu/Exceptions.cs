using System.Diagnostics.CodeAnalysis;

namespace PcEmu.Cpu;

/// <summary>Thrown inside the CPU to abandon the current instruction; never leaves <see cref="X86Cpu.Run"/>.</summary>
internal sealed class CpuFault : Exception
{
    public CpuFault() : base("guest CPU fault") { }
}

/// <summary>
/// Exceptions and interrupts (Intel SDM Vol. 3A, chapter 6). Real mode vectors through the IVT;
/// protected mode through IDT interrupt/trap gates (16- and 32-bit), switching to the TSS's
/// SS0:ESP0 (or SSn:ESPn) when the handler is more privileged. A contributory fault or #PF while
/// delivering a contributory fault or #PF becomes #DF (SDM table 6-5); any fault while delivering
/// #DF is a triple fault: the CPU shuts down with a message.
/// </summary>
public sealed partial class X86Cpu
{
    internal const int VecDe = 0, VecDb = 1, VecNmi = 2, VecBp = 3, VecOf = 4, VecBr = 5, VecUd = 6, VecNm = 7;
    internal const int VecDf = 8, VecTs = 10, VecNp = 11, VecSs = 12, VecGp = 13, VecPf = 14, VecMf = 16, VecAc = 17, VecXm = 19;

    private static readonly CpuFault s_fault = new();
    private int _faultVector;
    private uint _faultError;
    private bool _faultHasError;

    private static readonly string[] s_vectorNames =
    {
        "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
    };

    internal static string VectorName(int v) => v < s_vectorNames.Length ? s_vectorNames[v] : $"INT {v:X2}h";

    private static bool HasErrorCode(int v) => v is VecDf or VecTs or VecNp or VecSs or VecGp or VecPf or VecAc;

    [DoesNotReturn]
    internal void RaiseFault(int vector, uint errorCode)
    {
        _faultVector = vector;
        _faultError = errorCode;
        _faultHasError = HasErrorCode(vector);
        throw s_fault;
    }

    [DoesNotReturn]
    internal void RaiseFault(int vector) => RaiseFault(vector, 0);

    [DoesNotReturn]
    internal void RaiseUd() => RaiseFault(VecUd, 0);

    private static bool IsContributory(int v) => v is VecDe or VecTs or VecNp or VecSs or VecGp;

    /// <summary>Delivers a CPU exception with the double- and triple-fault rules.</summary>
    private void DeliverException(int vector, bool hasError, uint error)
    {
        _halted = false;
        while (true)
        {
            uint esp = R[4];
            Segment ss = Seg[SegSs];
            try
            {
                DeliverInterrupt(vector, hasError, error, InterruptKind.Exception);
                return;
            }
            catch (CpuFault)
            {
                R[4] = esp;
                Seg[SegSs] = ss;
                int second = _faultVector;
                if (vector == VecDf)
                {
                    Shutdown($"triple fault: {VectorName(second)}(0x{_faultError:X4}) while delivering #DF at {Seg[SegCs].Selector:X4}:{Ip:X8}");
                    return;
                }
                bool first = IsContributory(vector) || vector == VecPf;
                if ((IsContributory(vector) && IsContributory(second)) || (vector == VecPf && (second == VecPf || IsContributory(second))))
                {
                    vector = VecDf;
                    hasError = true;
                    error = 0;
                }
                else
                {
                    _ = first;
                    vector = second;
                    hasError = _faultHasError;
                    error = _faultError;
                }
            }
        }
    }

    internal enum InterruptKind { Exception, Software, External }

    private void DeliverExternal(byte vector)
    {
        uint esp = R[4];
        StartIp = Ip;
        StartEsp = esp;
        try
        {
            DeliverInterrupt(vector, false, 0, InterruptKind.External);
        }
        catch (CpuFault)
        {
            R[4] = esp;
            DeliverException(_faultVector, _faultHasError, _faultError);
        }
    }

    /// <summary>INT n / INT3 / INTO: EIP already points past the instruction.</summary>
    internal void SoftwareInterrupt(int vector)
    {
        if ((FlagsRaw & FlagVm) != 0 && ((FlagsRaw & FlagIopl) >> 12) < 3)
            RaiseFault(VecGp, 0);
        DeliverInterrupt(vector, false, 0, InterruptKind.Software);
    }

    /// <summary>The vector of the last interrupt or exception delivered (for tests and the debugger).</summary>
    internal int LastExceptionVector = -1;

    /// <summary>The first vector delivered since a test set this to -1.</summary>
    internal int FirstExceptionVector = -1;

    private ulong _deliveries;

    private void DeliverInterrupt(int vector, bool hasError, uint error, InterruptKind kind)
    {
        _deliveries++;
        LastExceptionVector = vector;
        if (FirstExceptionVector < 0)
            FirstExceptionVector = vector;
        _exitBlock = true;
        _halted = false;
        if (RealMode)
        {
            DeliverReal(vector);
            return;
        }
        DeliverProtected(vector, hasError, error, kind);
    }

    private void DeliverReal(int vector)
    {
        uint entry = (uint)vector * 4;
        if (entry + 3 > Idtr.Limit)
            RaiseFault(VecGp, 0);
        uint flags = GetEflags();
        uint vec = ReadLinear32(Idtr.Base + entry);
        Push16Checked((ushort)flags);
        Push16Checked(Seg[SegCs].Selector);
        Push16Checked((ushort)Ip);
        FlagsRaw &= ~(FlagIf | FlagTf | FlagAc | FlagRf);
        LoadRealSegment(SegCs, (ushort)(vec >> 16));
        Ip = vec & 0xFFFF;
    }

    private void Push16Checked(ushort v)
    {
        uint sp = Seg[SegSs].Big ? R[4] - 2 : (ushort)(R[4] - 2);
        WriteMem16(SegSs, sp, v);
        if (Seg[SegSs].Big) R[4] = sp; else R[4] = (R[4] & 0xFFFF_0000) | sp;
    }

    private void DeliverProtected(int vector, bool hasError, uint error, InterruptKind kind)
    {
        uint ext = kind == InterruptKind.Software ? 0u : 1u;
        uint entry = (uint)vector * 8;
        if (entry + 7 > Idtr.Limit)
            RaiseFault(VecGp, entry | 2 | ext);
        Descriptor gate = new(ReadLinearSystem32(Idtr.Base + entry), ReadLinearSystem32(Idtr.Base + entry + 4));
        int type = gate.Type;
        if (!gate.IsSystem || (type != 0x6 && type != 0x7 && type != 0xE && type != 0xF && type != 0x5))
            RaiseFault(VecGp, entry | 2 | ext);
        if (kind == InterruptKind.Software && gate.Dpl < Cpl)
            RaiseFault(VecGp, entry | 2);
        if (!gate.Present)
            RaiseFault(VecNp, entry | 2 | ext);
        if (type == 0x5)
        {
            SwitchTask(gate.GateSelector, TaskSwitchReason.Interrupt, hasError, error);
            return;
        }
        bool gate32 = (type & 8) != 0;
        bool trap = (type & 1) != 0;
        ushort sel = gate.GateSelector;
        uint target = gate32 ? gate.GateOffset : gate.GateOffset & 0xFFFF;
        if ((sel & 0xFFFC) == 0)
            RaiseFault(VecGp, ext);
        Descriptor cd = ReadDescriptor(sel);
        if (!cd.IsCode || cd.Dpl > Cpl)
            RaiseFault(VecGp, (sel & 0xFFFCu) | ext);
        if (!cd.Present)
            RaiseFault(VecNp, (sel & 0xFFFCu) | ext);

        uint oldFlags = GetEflags();
        bool fromV86 = (oldFlags & FlagVm) != 0;
        int newCpl = cd.Conforming ? Cpl : cd.Dpl;
        if (fromV86 && newCpl != 0)
            RaiseFault(VecGp, (sel & 0xFFFCu) | ext);
        ushort oldCs = Seg[SegCs].Selector, oldSs = Seg[SegSs].Selector;
        uint oldEsp = R[4];

        Segment newSs;
        uint esp;
        if (newCpl < Cpl)
        {
            (ushort ssSel, uint newEsp) = ReadTssStack(newCpl);
            if ((ssSel & 0xFFFC) == 0)
                RaiseFault(VecTs, ext);
            Descriptor sd = ReadDescriptor(ssSel, VecTs);
            if ((ssSel & 3) != newCpl || sd.Dpl != newCpl || !sd.IsData || !sd.Writable)
                RaiseFault(VecTs, (ssSel & 0xFFFCu) | ext);
            if (!sd.Present)
                RaiseFault(VecSs, (ssSel & 0xFFFCu) | ext);
            newSs = SegmentFromDescriptor(ssSel, sd);
            esp = newEsp;
            int sz = gate32 ? 4 : 2;
            // Build the frame on the new stack.
            if (fromV86)
            {
                esp = PushFrame(ref newSs, esp, sz, Seg[SegGs].Selector, newCpl);
                esp = PushFrame(ref newSs, esp, sz, Seg[SegFs].Selector, newCpl);
                esp = PushFrame(ref newSs, esp, sz, Seg[SegDs].Selector, newCpl);
                esp = PushFrame(ref newSs, esp, sz, Seg[SegEs].Selector, newCpl);
            }
            esp = PushFrame(ref newSs, esp, sz, oldSs, newCpl);
            esp = PushFrame(ref newSs, esp, sz, oldEsp, newCpl);
            esp = PushFrame(ref newSs, esp, sz, oldFlags, newCpl);
            esp = PushFrame(ref newSs, esp, sz, oldCs, newCpl);
            esp = PushFrame(ref newSs, esp, sz, Ip, newCpl);
            if (hasError)
                esp = PushFrame(ref newSs, esp, sz, error, newCpl);
            SetAccessedBit(ssSel, sd);
        }
        else
        {
            newSs = Seg[SegSs];
            esp = R[4];
            int sz = gate32 ? 4 : 2;
            esp = PushFrame(ref newSs, esp, sz, oldFlags, Cpl);
            esp = PushFrame(ref newSs, esp, sz, oldCs, Cpl);
            esp = PushFrame(ref newSs, esp, sz, Ip, Cpl);
            if (hasError)
                esp = PushFrame(ref newSs, esp, sz, error, Cpl);
        }

        // Commit.
        if (fromV86)
        {
            for (int s = 0; s < 6; s++)
            {
                if (s != SegCs && s != SegSs)
                    Seg[s] = new Segment { Selector = 0, Usable = false };
            }
        }
        Seg[SegSs] = newSs;
        R[4] = newSs.Big ? esp : (R[4] & 0xFFFF_0000) | (esp & 0xFFFF);
        MaterializeFlags();
        FlagsRaw &= ~(FlagTf | FlagNt | FlagRf | FlagVm);
        if (!trap)
            FlagsRaw &= ~FlagIf;
        LoadCs(sel, cd, newCpl);
        Ip = target;
    }

    private uint PushFrame(ref Segment ss, uint esp, int size, uint value, int cpl)
    {
        esp -= (uint)size;
        uint off = ss.Big ? esp : esp & 0xFFFF;
        if ((ulong)off + (uint)(size - 1) > ss.Limit && !ss.ExpandDown)
            RaiseFault(VecSs, 0);
        uint lin = ss.Base + off;
        bool user = cpl == 3;
        if (!_paging)
        {
            if (size == 4) _mem.Write32(lin & _a20Mask, value); else _mem.Write16(lin & _a20Mask, (ushort)value);
        }
        else
        {
            for (int i = 0; i < size; i++)
                _mem.Write8(TranslateCore(lin + (uint)i, true, user), (byte)(value >> (8 * i)));
        }
        return esp;
    }

    private (ushort Ss, uint Esp) ReadTssStack(int cpl)
    {
        bool tss32 = (Tr.Access & 0x8) != 0;
        if (tss32)
        {
            uint off = (uint)(4 + cpl * 8);
            if (off + 5 > Tr.Limit)
                RaiseFault(VecTs, Tr.Selector & 0xFFFCu);
            uint esp = ReadLinearSystem32(Tr.Base + off);
            ushort ss = ReadLinearSystem16(Tr.Base + off + 4);
            return (ss, esp);
        }
        else
        {
            uint off = (uint)(2 + cpl * 4);
            if (off + 3 > Tr.Limit)
                RaiseFault(VecTs, Tr.Selector & 0xFFFCu);
            ushort sp = ReadLinearSystem16(Tr.Base + off);
            ushort ss = ReadLinearSystem16(Tr.Base + off + 2);
            return (ss, sp);
        }
    }

    // ---- Unimplemented instructions ----

    private readonly HashSet<ulong> _reported = new();

    internal void ReportOnce(uint ip, string message)
    {
        ulong key = (ulong)Seg[SegCs].Base + ip;
        if (_reported.Add(key))
            Diagnostics?.Invoke(message);
    }

    /// <summary>Raises #UD for an instruction we cannot decode or do not implement, reporting it once per address.</summary>
    [DoesNotReturn]
    internal void Unimplemented(in Iced.Intel.Instruction instr)
    {
        uint ip = StartIp;
        ulong key = (ulong)Seg[SegCs].Base + ip;
        if (!_reported.Contains(key))
        {
            var sb = new System.Text.StringBuilder();
            int len = Math.Max(1, instr.Length);
            for (int i = 0; i < len && i < 15; i++)
            {
                if (i > 0) sb.Append(' ');
                byte b;
                try { b = ReadLinear8(Seg[SegCs].Base + ip + (uint)i); }
                catch (CpuFault) { break; }
                sb.Append(b.ToString("X2"));
            }
            string name = instr.Code == Iced.Intel.Code.INVALID ? "invalid" : instr.Mnemonic.ToString().ToLowerInvariant();
            ReportOnce(ip, $"pcemu: unimplemented instruction {sb} ({name}) at {Seg[SegCs].Selector:X4}:{ip:X8}, raising #UD");
        }
        RaiseUd();
    }
}
