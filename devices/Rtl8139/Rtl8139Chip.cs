using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// The Realtek RTL8139C Fast Ethernet controller (PCI 10EC:8139) as a chip model: 256 bytes
/// of registers addressed by offset (<see cref="Rtl8139Register"/>), bus-master DMA into
/// guest RAM, one interrupt output, a host <see cref="INetworkBackend"/>. PCI config space
/// and BAR mapping are the job of <see cref="Rtl8139Pci"/>.
/// <para>
/// Implemented (RTL8139C(L) datasheet section 5 and 6): IDR0-5 loaded from a 93C46 image
/// (<see cref="Eeprom93C46"/>, bit-banged through 9346CR in programming mode, auto-load
/// mode), MAR0-7, the four transmit descriptors TSD/TSAD, the receive ring (RBSTART, RCR
/// buffer length and WRAP, CAPR with its -16 offset, CBR, the 4-byte packet header, CRC
/// appended, dword alignment), CR with RST/RE/TE/BUFE, IMR/ISR with every cause and
/// write-one-to-clear, TCR (hardware version, loopback, CRC suppression, CLRABT), RCR accept
/// filters, 9346CR config-write enable guarding CONFIG1/3/4, MSR/BMCR/BMSR/ANAR/ANLPAR from
/// the back end's link (100 Mb/s full duplex), MPC, TCTR and TimerInt on the virtual clock.
/// The interrupt output is computed only in <see cref="UpdateIrq"/>.
/// </para>
/// <para>
/// Known gaps: C+ mode (descriptor rings at 0xE0+), early receive/transmit interrupts (whole
/// frames only, ERBCR reads 0, TUN never happens), wake-up frames and power management,
/// the MII registers beyond the basic set are plain storage. Transmission and reception are
/// instantaneous: a frame leaves when its TSD is written and arrives when the machine polls.
/// </para>
/// <para>
/// Spec readings chosen: descriptors are sent as soon as the driver hands them over, in any
/// order (QEMU's reading; real chips go round-robin). With WRAP = 0 a packet that reaches the
/// end of the ring continues at its start; the 16 extra bytes of the ring are not written
/// (QEMU). With a 64 KiB ring WRAP has no effect (datasheet, RCR bit 7). A soft reset (CR.RST)
/// clears CR, IMR, ISR, the ring pointers and the descriptors' status, keeps IDR, MAR, RBSTART,
/// TSAD, TCR, RCR, MPC and the CONFIG registers. IDR may be written at any time (QEMU). A DMA
/// outside RAM drops the frame and raises SERR (and TER for a transmission).
/// </para>
/// </summary>
public sealed partial class Rtl8139Chip
{
    /// <summary>RTL8139C in TCR's HWVERID bits.</summary>
    public const uint HardwareVersion = 0x7400_0000;

    /// <summary>PCI revision of the 8139C (RERID).</summary>
    public const byte Revision = 0x10;

    /// <summary>Length of the register window (both BARs).</summary>
    public const int RegisterBytes = Rtl8139RegisterMap.Size;

    /// <summary>TCTR runs at the PCI clock (datasheet: "counts at the PCI clock rate").</summary>
    public const long TimerHz = 33_000_000;

    private const uint MpcMask = 0x00FF_FFFF;
    private const ushort BmcrDefault = (ushort)(Rtl8139Bmcr.Speed100 | Rtl8139Bmcr.AutoNegEnable | Rtl8139Bmcr.Duplex);
    private const ushort AnarDefault = 0x01E1;

    private readonly PhysicalMemory _memory;
    private readonly IInterruptLine _irq;
    private readonly IVirtualClock _clock;
    private readonly IVirtualTimer? _timer;
    private readonly INetworkBackend _backend;
    private readonly Eeprom93C46 _eeprom;
    private readonly byte[] _scratch = new byte[RegisterBytes];

    private readonly byte[] _idr = new byte[6];
    private readonly byte[] _mar = new byte[8];
    private readonly uint[] _tsd = new uint[4];
    private readonly uint[] _tsad = new uint[4];
    private uint _rbstart;
    private Rtl8139Cr _cr;
    private int _rxReadPointer; // CAPR + 16
    private int _rxWritePointer; // CBR
    private Rtl8139Interrupt _imr;
    private Rtl8139Interrupt _isr;
    private uint _tcr;
    private uint _rcr;
    private long _tctrBaseNs;
    private uint _mpc;
    private byte _cr9346;
    private byte _config0;
    private Rtl8139Config1 _config1;
    private Rtl8139Config3 _config3;
    private Rtl8139Config4 _config4;
    private byte _config5;
    private uint _timerInt;
    private Rtl8139Msr _msrFlowControl;
    private ushort _bmcr;
    private ushort _anar;
    private bool _linkUp;
    private bool _irqLevel;

    /// <param name="timers">Arms the TimerInt event; null leaves TimeOut to be noticed when ISR is read.</param>
    /// <param name="eepromImage">The 93C46 contents (64 words); see <see cref="DefaultEeprom"/>.</param>
    public Rtl8139Chip(PhysicalMemory memory, IInterruptLine irq, IVirtualClock clock, IVirtualTimers? timers, INetworkBackend backend, ReadOnlySpan<ushort> eepromImage)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(irq);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(backend);
        _memory = memory;
        _irq = irq;
        _clock = clock;
        _backend = backend;
        _eeprom = new Eeprom93C46(eepromImage);
        _timer = timers?.CreateTimer("rtl8139.timerint", OnTimerInt);
        Reset(ResetKind.PowerOn);
    }

    public INetworkBackend Backend => _backend;

    public Eeprom93C46 Eeprom => _eeprom;

    /// <summary>The station address in IDR0-5.</summary>
    public ReadOnlySpan<byte> MacAddress => _idr;

    /// <summary>The level the chip drives on INTA#.</summary>
    public bool InterruptAsserted => _irqLevel;

    /// <summary>
    /// The PCI command register's Bus Master bit, kept up to date by the bus glue. While it is
    /// clear the chip cannot reach memory: frames are neither received nor sent.
    /// </summary>
    public bool BusMasterEnabled { get; set; } = true;

    /// <summary>Ring length from RCR.RBLEN (without the 16 extra bytes).</summary>
    public int RxBufferSize => 8192 << (int)((_rcr & (uint)Rtl8139Rcr.RblenMask) >> 11);

    /// <summary>
    /// An EEPROM image as QEMU builds it: signature 0x8129, the PCI vendor/device and
    /// subsystem IDs, and the MAC address in words 7-9 (little-endian byte pairs).
    /// </summary>
    public static ushort[] DefaultEeprom(ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6)
            throw new ArgumentException("a MAC address has 6 bytes", nameof(mac));
        ushort[] image = new ushort[Eeprom93C46.WordCount];
        image[0] = 0x8129;
        image[1] = Rtl8139Pci.VendorId;
        image[2] = Rtl8139Pci.DeviceId;
        image[3] = Rtl8139Pci.VendorId;
        image[4] = Rtl8139Pci.DeviceId;
        for (int i = 0; i < 3; i++)
            image[7 + i] = (ushort)(mac[2 * i] | mac[2 * i + 1] << 8);
        return image;
    }

    public void Reset(ResetKind kind)
    {
        LoadFromEeprom();
        Array.Clear(_mar);
        Array.Clear(_tsad);
        Array.Clear(_scratch);
        _rbstart = 0;
        _tcr = HardwareVersion;
        _rcr = 0;
        _mpc = 0;
        _cr9346 = 0;
        _config0 = 0;
        _config1 = Rtl8139Config1.Iomap | Rtl8139Config1.Memmap;
        _config3 = 0;
        _config4 = 0;
        _config5 = 0;
        _timerInt = 0;
        _msrFlowControl = 0;
        _bmcr = BmcrDefault;
        _anar = AnarDefault;
        _linkUp = _backend.LinkUp;
        _tctrBaseNs = _clock.NowNanoseconds;
        SoftReset();
    }

    /// <summary>A guest read of <paramref name="size"/> bytes at <paramref name="offset"/> (either BAR).</summary>
    public uint Read(int offset, int size)
    {
        uint value = 0;
        int i = 0;
        while (i < size)
        {
            int at = offset + i;
            if ((uint)at >= RegisterBytes)
            {
                value |= 0xFFu << (8 * i); // past the window: floating bus
                i++;
                continue;
            }
            int register = Rtl8139RegisterMap.RegisterAt(at);
            int width = Rtl8139RegisterMap.WidthOf(register);
            uint whole = ReadRegister(register);
            for (; i < size && offset + i < register + width; i++)
                value |= ((whole >> (8 * (offset + i - register))) & 0xFF) << (8 * i);
        }
        return value;
    }

    /// <summary>A guest write; each register touched sees one write with the bytes the access covered.</summary>
    public void Write(int offset, int size, uint value)
    {
        int i = 0;
        while (i < size)
        {
            int at = offset + i;
            if ((uint)at >= RegisterBytes)
                break;
            int register = Rtl8139RegisterMap.RegisterAt(at);
            int width = Rtl8139RegisterMap.WidthOf(register);
            uint bits = 0, mask = 0;
            for (; i < size && offset + i < register + width; i++)
            {
                int shift = 8 * (offset + i - register);
                bits |= ((value >> (8 * i)) & 0xFF) << shift;
                mask |= 0xFFu << shift;
            }
            WriteRegister(register, bits, mask);
        }
        UpdateIrq();
    }

    private static uint Merge(uint old, uint bits, uint mask) => (old & ~mask) | (bits & mask);

    private uint ReadRegister(int register)
    {
        switch ((Rtl8139Register)register)
        {
            case >= Rtl8139Register.Idr0 and < Rtl8139Register.Mar0:
                return _idr[register];
            case >= Rtl8139Register.Mar0 and < Rtl8139Register.Tsd0:
                return _mar[register - (int)Rtl8139Register.Mar0];
            case Rtl8139Register.Tsd0 or Rtl8139Register.Tsd1 or Rtl8139Register.Tsd2 or Rtl8139Register.Tsd3:
                return _tsd[(register - (int)Rtl8139Register.Tsd0) / 4];
            case Rtl8139Register.Tsad0 or Rtl8139Register.Tsad1 or Rtl8139Register.Tsad2 or Rtl8139Register.Tsad3:
                return _tsad[(register - (int)Rtl8139Register.Tsad0) / 4];
            case Rtl8139Register.Rbstart:
                return _rbstart;
            case Rtl8139Register.Erbcr:
            case Rtl8139Register.Ersr:
                return 0;
            case Rtl8139Register.Cr:
                return (uint)(_cr | (RxBufferEmpty ? Rtl8139Cr.Bufe : 0));
            case Rtl8139Register.Capr:
                return (ushort)(_rxReadPointer - 16);
            case Rtl8139Register.Cbr:
                return (ushort)_rxWritePointer;
            case Rtl8139Register.Imr:
                return (uint)_imr;
            case Rtl8139Register.Isr:
                return (uint)_isr;
            case Rtl8139Register.Tcr:
                return _tcr;
            case Rtl8139Register.Rcr:
                return _rcr;
            case Rtl8139Register.Tctr:
                return (uint)TimerTicks();
            case Rtl8139Register.Mpc:
                return _mpc;
            case Rtl8139Register.Cr9346:
                return ReadCr9346();
            case Rtl8139Register.Config0:
                return _config0;
            case Rtl8139Register.Config1:
                return (uint)_config1;
            case Rtl8139Register.TimerInt:
                return _timerInt;
            case Rtl8139Register.Msr:
                return (uint)(_msrFlowControl | (_linkUp ? 0 : Rtl8139Msr.Linkb));
            case Rtl8139Register.Config3:
                return (uint)_config3;
            case Rtl8139Register.Config4:
                return (uint)_config4;
            case Rtl8139Register.Rerid:
                return Revision;
            case Rtl8139Register.TsadSummary:
                return TransmitSummary();
            case Rtl8139Register.Bmcr:
                return _bmcr;
            case Rtl8139Register.Bmsr:
                return (uint)BasicModeStatus();
            case Rtl8139Register.Anar:
                return _anar;
            case Rtl8139Register.Anlpar:
                return _linkUp ? 0x45E1u : 0; // partner: ACK + 10/100 half/full, CSMA
            case Rtl8139Register.Aner:
                return _linkUp ? 1u : 0; // link partner auto-negotiation able
            case Rtl8139Register.Config5:
                return _config5;
            default:
                return ReadScratch(register);
        }
    }

    private void WriteRegister(int register, uint bits, uint mask)
    {
        switch ((Rtl8139Register)register)
        {
            case >= Rtl8139Register.Idr0 and < Rtl8139Register.Mar0:
                _idr[register] = (byte)bits;
                break;
            case >= Rtl8139Register.Mar0 and < Rtl8139Register.Tsd0:
                _mar[register - (int)Rtl8139Register.Mar0] = (byte)bits;
                break;
            case Rtl8139Register.Tsd0 or Rtl8139Register.Tsd1 or Rtl8139Register.Tsd2 or Rtl8139Register.Tsd3:
                int d = (register - (int)Rtl8139Register.Tsd0) / 4;
                WriteTsd(d, Merge(_tsd[d], bits, mask));
                break;
            case Rtl8139Register.Tsad0 or Rtl8139Register.Tsad1 or Rtl8139Register.Tsad2 or Rtl8139Register.Tsad3:
                int a = (register - (int)Rtl8139Register.Tsad0) / 4;
                _tsad[a] = Merge(_tsad[a], bits, mask);
                break;
            case Rtl8139Register.Rbstart:
                _rbstart = Merge(_rbstart, bits, mask);
                break;
            case Rtl8139Register.Cr:
                WriteCr((Rtl8139Cr)bits);
                break;
            case Rtl8139Register.Capr:
                WriteCapr((ushort)Merge((ushort)(_rxReadPointer - 16), bits, mask));
                break;
            case Rtl8139Register.Imr:
                _imr = (Rtl8139Interrupt)Merge((uint)_imr, bits, mask) & Rtl8139Interrupt.All;
                break;
            case Rtl8139Register.Isr:
                _isr &= ~(Rtl8139Interrupt)(bits & mask); // write one to clear
                break;
            case Rtl8139Register.Tcr:
                WriteTcr(Merge(_tcr, bits, mask));
                break;
            case Rtl8139Register.Rcr:
                WriteRcr(Merge(_rcr, bits, mask));
                break;
            case Rtl8139Register.Tctr:
                _tctrBaseNs = _clock.NowNanoseconds; // any write restarts the count
                ArmTimer();
                break;
            case Rtl8139Register.Mpc:
                _mpc = 0; // any write clears it
                break;
            case Rtl8139Register.Cr9346:
                WriteCr9346((byte)bits);
                break;
            case Rtl8139Register.Config1:
                if (ConfigWritable)
                    _config1 = (Rtl8139Config1)(((byte)bits & ~0x0C) | (byte)(_config1 & (Rtl8139Config1.Iomap | Rtl8139Config1.Memmap)));
                break;
            case Rtl8139Register.TimerInt:
                _timerInt = Merge(_timerInt, bits, mask);
                ArmTimer();
                break;
            case Rtl8139Register.Msr:
                _msrFlowControl = (Rtl8139Msr)bits & (Rtl8139Msr.Rxfce | Rtl8139Msr.Txfce);
                break;
            case Rtl8139Register.Config3:
                if (ConfigWritable)
                    _config3 = (Rtl8139Config3)((byte)bits & 0xF0) | (_config3 & (Rtl8139Config3)0x0F);
                break;
            case Rtl8139Register.Config4:
                if (ConfigWritable)
                    _config4 = (Rtl8139Config4)bits;
                break;
            case Rtl8139Register.Bmcr:
                WriteBmcr((ushort)Merge(_bmcr, bits, mask));
                break;
            case Rtl8139Register.Anar:
                _anar = (ushort)Merge(_anar, bits, mask);
                break;
            case Rtl8139Register.Config5:
                _config5 = (byte)bits;
                break;
            case Rtl8139Register.Config0 or Rtl8139Register.Erbcr or Rtl8139Register.Ersr or Rtl8139Register.Cbr
                or Rtl8139Register.Rerid or Rtl8139Register.TsadSummary or Rtl8139Register.Bmsr
                or Rtl8139Register.Anlpar or Rtl8139Register.Aner:
                break; // read-only
            default:
                WriteScratch(register, bits, mask);
                break;
        }
    }

    private bool ConfigWritable => (_cr9346 & (byte)Rtl8139Cr9346.EemMask) == (byte)Rtl8139Cr9346.ConfigWriteEnable;

    private uint ReadScratch(int register)
    {
        uint value = 0;
        for (int i = 0; i < Rtl8139RegisterMap.WidthOf(register); i++)
            value |= (uint)_scratch[register + i] << (8 * i);
        return value;
    }

    private void WriteScratch(int register, uint bits, uint mask)
    {
        for (int i = 0; i < Rtl8139RegisterMap.WidthOf(register); i++)
        {
            if (((mask >> (8 * i)) & 0xFF) != 0)
                _scratch[register + i] = (byte)(bits >> (8 * i));
        }
    }

    // Datasheet 5.1, CR: RST resets the chip (completes at once here); RE and TE enable the two halves.
    private void WriteCr(Rtl8139Cr value)
    {
        if ((value & Rtl8139Cr.Rst) != 0)
        {
            SoftReset();
            return;
        }
        bool transmitterWasOff = (_cr & Rtl8139Cr.Te) == 0;
        _cr = value & (Rtl8139Cr.Re | Rtl8139Cr.Te);
        if (transmitterWasOff && (_cr & Rtl8139Cr.Te) != 0)
            TransmitPending();
    }

    private void SoftReset()
    {
        _cr = 0;
        _imr = 0;
        _isr = 0;
        _rxReadPointer = 0;
        _rxWritePointer = 0;
        for (int i = 0; i < _tsd.Length; i++)
            _tsd[i] = (uint)Rtl8139Tsd.Own;
        UpdateIrq();
    }

    // 9346CR: EEM selects normal, auto-load, programming (pins to the EEPROM) or config write enable.
    private void WriteCr9346(byte value)
    {
        byte mode = (byte)(value & (byte)Rtl8139Cr9346.EemMask);
        if (mode == (byte)Rtl8139Cr9346.AutoLoad)
        {
            // Reload as on RSTB, then back to normal mode with the registers at their defaults.
            _eeprom.SetPins(false, false, false);
            Reset(ResetKind.Hard);
            return;
        }
        _cr9346 = (byte)(value & ~(byte)Rtl8139Cr9346.Eedo);
        bool programming = mode == (byte)Rtl8139Cr9346.Programming;
        _eeprom.SetPins(
            programming && (value & (byte)Rtl8139Cr9346.Eecs) != 0,
            programming && (value & (byte)Rtl8139Cr9346.Eesk) != 0,
            programming && (value & (byte)Rtl8139Cr9346.Eedi) != 0);
    }

    private uint ReadCr9346()
    {
        bool programming = (_cr9346 & (byte)Rtl8139Cr9346.EemMask) == (byte)Rtl8139Cr9346.Programming;
        return (uint)(_cr9346 | (programming && _eeprom.DataOut ? (byte)Rtl8139Cr9346.Eedo : 0));
    }

    private void LoadFromEeprom()
    {
        for (int i = 0; i < 3; i++)
        {
            ushort word = _eeprom[7 + i];
            _idr[2 * i] = (byte)word;
            _idr[2 * i + 1] = (byte)(word >> 8);
        }
    }

    private void WriteBmcr(ushort value)
    {
        if ((value & (ushort)Rtl8139Bmcr.Reset) != 0)
        {
            _bmcr = BmcrDefault;
            _anar = AnarDefault;
            return;
        }
        _bmcr = (ushort)(value & ~(ushort)(Rtl8139Bmcr.Reset | Rtl8139Bmcr.RestartAutoNeg));
    }

    private Rtl8139Bmsr BasicModeStatus()
    {
        Rtl8139Bmsr status = Rtl8139Bmsr.Base100TxFullDuplex | Rtl8139Bmsr.Base100TxHalfDuplex
            | Rtl8139Bmsr.Base10FullDuplex | Rtl8139Bmsr.Base10HalfDuplex
            | Rtl8139Bmsr.AutoNegAbility | Rtl8139Bmsr.ExtendedCapability;
        if (_linkUp)
            status |= Rtl8139Bmsr.LinkStatus | Rtl8139Bmsr.AutoNegComplete;
        return status;
    }

    /// <summary>Raises <paramref name="causes"/> in ISR and recomputes the interrupt line.</summary>
    private void Raise(Rtl8139Interrupt causes)
    {
        _isr |= causes;
        UpdateIrq();
    }

    /// <summary>The only code that drives INTA#: asserted while a cause is both pending and enabled.</summary>
    private void UpdateIrq()
    {
        bool level = (_isr & _imr) != 0;
        if (level == _irqLevel)
            return;
        _irqLevel = level;
        _irq.Set(level);
    }

    // TCTR counts PCI clocks from its last write; TimerInt (non-zero) raises TimeOut whenever
    // the 32-bit count passes its value.
    private long TimerTicks() => (_clock.NowNanoseconds - _tctrBaseNs) * (TimerHz / 1_000_000) / 1_000;

    private void ArmTimer()
    {
        if (_timer is null)
            return;
        if (_timerInt == 0)
        {
            _timer.Disarm();
            return;
        }
        long now = TimerTicks();
        long target = (now & ~0xFFFF_FFFFL) + _timerInt;
        if (target <= now)
            target += 1L << 32;
        // Smallest ns at which TimerTicks() reaches target.
        long ns = (target * 1_000 + (TimerHz / 1_000_000) - 1) / (TimerHz / 1_000_000);
        _timer.Arm(_tctrBaseNs + ns);
    }

    private void OnTimerInt()
    {
        Raise(Rtl8139Interrupt.TimeOut);
        ArmTimer();
    }
}
