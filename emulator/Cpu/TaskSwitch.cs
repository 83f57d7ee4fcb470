namespace PcEmu.Cpu;

/// <summary>
/// Hardware task switching with 32-bit TSSs (Intel SDM Vol. 3A, 7.3): JMP/CALL to a TSS descriptor or
/// task gate, interrupts and exceptions through task gates, and IRET with NT=1 back along the link.
/// The outgoing task's registers, selectors, EFLAGS and EIP are saved; the incoming task's CR3, LDTR,
/// registers and segments are loaded (segment checks as for ordinary loads, reported as #TS).
/// 16-bit (286) TSSs are reported once and refused with #GP.
/// </summary>
public sealed partial class X86Cpu
{
    internal enum TaskSwitchReason { Jump, Call, Interrupt, Iret }

    private const int TssLink = 0x00, TssCr3 = 0x1C, TssEip = 0x20, TssEflags = 0x24, TssEax = 0x28, TssEs = 0x48, TssLdt = 0x60;

    /// <summary>Switches to the task whose TSS descriptor is <paramref name="selector"/>.</summary>
    internal void SwitchTask(ushort selector, TaskSwitchReason reason, bool hasError = false, uint error = 0)
    {
        if ((selector & 4) != 0)
            RaiseFault(VecGp, selector & 0xFFFCu);
        Descriptor d = ReadDescriptor(selector);
        bool busyWanted = reason == TaskSwitchReason.Iret;
        int type = d.Type;
        if (!d.IsSystem || (type & ~2) != 9)
        {
            if (d.IsSystem && (type & ~2) == 1)
                ReportOnce(StartIp, $"pcemu: 16-bit TSS task switch not supported at {Seg[SegCs].Selector:X4}:{StartIp:X8}");
            RaiseFault(VecGp, selector & 0xFFFCu);
        }
        if (((type & 2) != 0) != busyWanted)
            RaiseFault(busyWanted ? VecTs : VecGp, selector & 0xFFFCu);
        if (!d.Present)
            RaiseFault(VecNp, selector & 0xFFFCu);
        if (d.Limit < 0x67)
            RaiseFault(VecTs, selector & 0xFFFCu);

        // Save the outgoing task.
        uint oldBase = Tr.Base;
        uint flags = GetEflags();
        if (reason is TaskSwitchReason.Jump or TaskSwitchReason.Iret)
            flags &= ~FlagNt;
        WriteTss32(oldBase + TssEip, Ip);
        WriteTss32(oldBase + TssEflags, flags);
        for (int r = 0; r < 8; r++)
            WriteTss32(oldBase + TssEax + (uint)(4 * r), R[r]);
        for (int s = 0; s < 6; s++)
            WriteTss32(oldBase + TssEs + (uint)(4 * s), Seg[s].Selector);
        if (reason is TaskSwitchReason.Jump or TaskSwitchReason.Iret)
            SetTssBusy(Tr.Selector, false);

        // Read the incoming task.
        uint nb = d.Base;
        uint cr3 = ReadLinearSystem32(nb + TssCr3);
        uint eip = ReadLinearSystem32(nb + TssEip);
        uint newFlags = ReadLinearSystem32(nb + TssEflags);
        uint[] regs = _taskRegs;
        for (int r = 0; r < 8; r++)
            regs[r] = ReadLinearSystem32(nb + TssEax + (uint)(4 * r));
        ushort[] sels = _taskSels;
        for (int s = 0; s < 6; s++)
            sels[s] = ReadLinearSystem16(nb + TssEs + (uint)(4 * s));
        ushort ldt = ReadLinearSystem16(nb + TssLdt);

        if (reason is TaskSwitchReason.Call or TaskSwitchReason.Interrupt)
        {
            WriteTss32(nb + TssLink, Tr.Selector);
            newFlags |= FlagNt;
        }
        if (reason != TaskSwitchReason.Iret)
            SetTssBusy(selector, true);
        Tr = new SystemSegment { Selector = selector, Base = nb, Limit = d.Limit, Access = (byte)(d.Access | 2) };
        Cr0Value |= Cr0Ts;
        if (_paging && cr3 != Cr3Value)
            WriteCr3(cr3);
        Array.Copy(regs, R, 8);
        Ip = eip;
        SetEflagsRaw(newFlags);
        _exitBlock = true;

        // Segments of the new task; faults here are reported as #TS against the selector.
        try
        {
            LoadLdt(ldt);
            if ((newFlags & FlagVm) != 0)
            {
                for (int s = 0; s < 6; s++)
                    LoadRealSegment(s, sels[s]);
                SetCpl(3);
            }
            else
            {
                ushort cs = sels[SegCs];
                if ((cs & 0xFFFC) == 0)
                    RaiseFault(VecTs, 0);
                Descriptor cd = ReadDescriptor(cs, VecTs);
                if (!cd.IsCode)
                    RaiseFault(VecTs, cs & 0xFFFCu);
                if (!cd.Present)
                    RaiseFault(VecNp, cs & 0xFFFCu);
                LoadCs(cs, cd, cs & 3);
                LoadSegment(SegSs, sels[SegSs]);
                LoadSegment(SegDs, sels[SegDs]);
                LoadSegment(SegEs, sels[SegEs]);
                LoadSegment(SegFs, sels[SegFs]);
                LoadSegment(SegGs, sels[SegGs]);
            }
        }
        catch (CpuFault) when (_faultVector == VecGp)
        {
            RaiseFault(VecTs, _faultError);
        }
        if (hasError)
            Push(error, 4);
    }

    private readonly uint[] _taskRegs = new uint[8];
    private readonly ushort[] _taskSels = new ushort[6];

    private void WriteTss32(uint lin, uint v)
    {
        for (int k = 0; k < 4; k++)
            WriteLinearSystem8(lin + (uint)k, (byte)(v >> (8 * k)));
    }

    private void SetTssBusy(ushort selector, bool busy)
    {
        if ((selector & 0xFFFC) == 0)
            return;
        uint addr = Gdtr.Base + (selector & 0xFFF8u) + 5;
        byte access = (byte)ReadLinearSystem32Partial(addr, 1);
        WriteLinearSystem8(addr, busy ? (byte)(access | 2) : (byte)(access & ~2));
    }
}
