namespace PcEmu.Devices.Rtl8139;

// Snapshots (Rtl8139State). The EEPROM's bit-serial state is not saved: a snapshot taken in
// the middle of a bit-banged EEPROM access restarts that access.
public sealed partial class Rtl8139Chip
{
    public Rtl8139State SaveState() => new(
        Rtl8139State.CurrentVersion,
        (byte[])_idr.Clone(),
        (byte[])_mar.Clone(),
        (uint[])_tsd.Clone(),
        (uint[])_tsad.Clone(),
        _rbstart,
        (byte)_cr,
        _rxReadPointer,
        _rxWritePointer,
        (ushort)_imr,
        (ushort)_isr,
        _tcr,
        _rcr,
        _clock.NowNanoseconds - _tctrBaseNs,
        _mpc,
        _cr9346,
        _config0,
        (byte)_config1,
        (byte)_config3,
        (byte)_config4,
        _config5,
        _timerInt,
        (byte)_msrFlowControl,
        _bmcr,
        _anar,
        _linkUp,
        _eeprom.ToArray(),
        (byte[])_scratch.Clone());

    public void LoadState(Rtl8139State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version is < 1 or > Rtl8139State.CurrentVersion)
            throw new InvalidDataException($"RTL8139 snapshot version {state.Version} is not supported");
        state.Idr.AsSpan(0, 6).CopyTo(_idr);
        state.Mar.AsSpan(0, 8).CopyTo(_mar);
        state.Tsd.AsSpan(0, 4).CopyTo(_tsd);
        state.Tsad.AsSpan(0, 4).CopyTo(_tsad);
        _rbstart = state.Rbstart;
        _cr = (Rtl8139Cr)state.Cr & (Rtl8139Cr.Re | Rtl8139Cr.Te);
        _rcr = state.Rcr & (uint)Rtl8139Rcr.Writable;
        _rxReadPointer = state.RxReadPointer % RxBufferSize;
        _rxWritePointer = state.RxWritePointer % RxBufferSize;
        _imr = (Rtl8139Interrupt)state.Imr & Rtl8139Interrupt.All;
        _isr = (Rtl8139Interrupt)state.Isr & Rtl8139Interrupt.All;
        _tcr = (state.Tcr & (uint)Rtl8139Tcr.Writable) | HardwareVersion;
        _tctrBaseNs = _clock.NowNanoseconds - state.TctrElapsedNs;
        _mpc = state.Mpc & MpcMask;
        _cr9346 = state.Cr9346;
        _config0 = state.Config0;
        _config1 = (Rtl8139Config1)state.Config1;
        _config3 = (Rtl8139Config3)state.Config3;
        _config4 = (Rtl8139Config4)state.Config4;
        _config5 = state.Config5;
        _timerInt = state.TimerInt;
        _msrFlowControl = (Rtl8139Msr)state.MsrFlowControl;
        _bmcr = state.Bmcr;
        _anar = state.Anar;
        _linkUp = state.LinkUp;
        _eeprom.Load(state.Eeprom);
        state.Scratch.AsSpan(0, Math.Min(state.Scratch.Length, RegisterBytes)).CopyTo(_scratch);
        ArmTimer();
        _irqLevel = !((_isr & _imr) != 0); // force UpdateIrq to drive the line
        UpdateIrq();
    }
}
