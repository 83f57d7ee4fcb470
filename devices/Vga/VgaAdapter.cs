using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Vga;

/// <summary>
/// The IBM VGA as a chip model: misc output, sequencer, CRT controller, graphics controller
/// with its four latches, attribute controller, DAC, input status registers, 256 KiB of
/// planar memory, and the Bochs VBE extension (<see cref="Vbe"/>) with its own linear
/// framebuffer. Register names follow the IBM VGA Technical Reference and FreeVGA. Ports are
/// addressed by number (<see cref="ReadPort"/>/<see cref="WritePort"/>, one byte each); the
/// legacy memory window is addressed from 0xA0000 (<see cref="ReadWindow"/>/<see cref="WriteWindow"/>,
/// in VgaAdapter.Memory.cs). Bus attachment is <see cref="VgaIsa"/> and <see cref="VgaPci"/>;
/// pixels are made by <see cref="VgaRenderer"/>, never here.
/// <para>
/// Implemented: every register of the five controllers with read-back; the CRTC protect
/// bit (CR11 bit 7 locks CR00-CR07 except CR07 bit 4) and the 0x3Bx/0x3Dx port decode by
/// Misc Output bit 0; the attribute flip-flop (reset by reading input status 1) and PAS;
/// DAC read/write indices with auto-increment after each blue component and the DAC state
/// at 0x3C7; input status 1 retrace bits computed from the virtual clock (see
/// <see cref="VgaTiming"/>).
/// </para>
/// <para>
/// Known gaps: the CRTC timing registers do not change the retrace timing (a fixed 60 Hz,
/// 525-line frame); light pen, feature connector and the input status 0 switch sense read 0;
/// the sequencer reset register does not stop anything. Readings chosen: reads of
/// undefined indices return 0xFF and writes to them are dropped; the DAC keeps 8 bits per
/// component and the renderer uses the low 6 (or all 8 with the VBE 8-bit DAC bit), as QEMU does.
/// </para>
/// </summary>
public sealed partial class VgaAdapter
{
    public const int SequencerCount = 5;
    public const int CrtcCount = 0x19;
    public const int GraphicsCount = 9;
    public const int AttributeCount = 0x15;
    public const int DacEntries = 256;

    private readonly IVirtualClock _clock;
    private readonly byte[] _sequencer = new byte[SequencerCount];
    private readonly byte[] _crtc = new byte[CrtcCount];
    private readonly byte[] _graphics = new byte[GraphicsCount];
    private readonly byte[] _attribute = new byte[AttributeCount];
    private readonly byte[] _dac = new byte[DacEntries * 3];

    private byte _miscOutput;
    private byte _featureControl;
    private byte _sequencerIndex;
    private byte _crtcIndex;
    private byte _graphicsIndex;
    private byte _attributeIndex;
    private bool _attributeFlipFlopData;
    private byte _pelMask;
    private byte _dacReadIndex;
    private byte _dacWriteIndex;
    private int _dacComponent;
    private bool _dacReading;
    private readonly byte[] _dacLatch = new byte[3];

    public VgaAdapter(IVirtualClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        Vbe = new BochsVbe(this);
        Reset(ResetKind.PowerOn);
    }

    public IVirtualClock Clock => _clock;

    /// <summary>The Bochs VBE ("dispi") interface and its linear framebuffer.</summary>
    public BochsVbe Vbe { get; }

    /// <summary>
    /// Grows whenever something that can change the picture changes: a register write that
    /// alters a value, a DAC entry, a memory byte that changes. The renderer compares it.
    /// </summary>
    public long Generation { get; private set; }

    public byte MiscOutput => _miscOutput;

    public bool ColorIoAddress => (_miscOutput & (byte)VgaMiscOutput.IoAddressSelect) != 0;

    public byte PelMask => _pelMask;

    public byte AttributeIndex => _attributeIndex;

    /// <summary>PAS: while clear the attribute palette belongs to the CPU and the screen shows the overscan colour (blank).</summary>
    public bool PaletteAddressSource => (_attributeIndex & AttributeIndexBits.PaletteAddressSource) != 0;

    public byte GetSequencer(SequencerRegister register) => _sequencer[(int)register];

    public byte GetCrtc(CrtcRegister register) => _crtc[(int)register];

    public byte GetGraphics(GraphicsRegister register) => _graphics[(int)register];

    public byte GetAttribute(AttributeRegister register) => _attribute[(int)register];

    public byte GetAttributePalette(int index) => _attribute[index & 0x0F];

    /// <summary>DAC entry <paramref name="index"/> as stored (6 significant bits unless the 8-bit DAC is on).</summary>
    public (byte Red, byte Green, byte Blue) GetDacEntry(int index)
    {
        int at = (index & 0xFF) * 3;
        return (_dac[at], _dac[at + 1], _dac[at + 2]);
    }

    public void Reset(ResetKind kind)
    {
        Array.Clear(_sequencer);
        Array.Clear(_crtc);
        Array.Clear(_graphics);
        Array.Clear(_attribute);
        _miscOutput = 0;
        _featureControl = 0;
        _sequencerIndex = _crtcIndex = _graphicsIndex = _attributeIndex = 0;
        _attributeFlipFlopData = false;
        _pelMask = 0xFF;
        _dacReadIndex = _dacWriteIndex = 0;
        _dacComponent = 0;
        _dacReading = false;
        _graphics[(int)GraphicsRegister.BitMask] = 0xFF;
        _sequencer[(int)SequencerRegister.MapMask] = 0x0F;
        if (kind == ResetKind.PowerOn)
        {
            Array.Clear(_dac);
            Array.Clear(_planes);
        }
        Array.Clear(_latches);
        Vbe.Reset(kind);
        MarkDirty();
    }

    internal void MarkDirty() => Generation++;

    /// <summary>A byte read from an I/O port; ports the current decode does not claim read 0xFF.</summary>
    public byte ReadPort(ushort port)
    {
        switch ((VgaPort)port)
        {
            case VgaPort.AttributeIndexData:
                return _attributeIndex;
            case VgaPort.AttributeDataRead:
                return (_attributeIndex & AttributeIndexBits.IndexMask) < AttributeCount ? _attribute[_attributeIndex & AttributeIndexBits.IndexMask] : (byte)0xFF;
            case VgaPort.MiscOutputWrite:
                return 0; // input status 0: no switch sense, no CRT interrupt
            case VgaPort.SequencerIndex:
                return _sequencerIndex;
            case VgaPort.SequencerData:
                return _sequencerIndex < SequencerCount ? _sequencer[_sequencerIndex] : (byte)0xFF;
            case VgaPort.DacPelMask:
                return _pelMask;
            case VgaPort.DacReadIndex:
                return _dacReading ? (byte)0x03 : (byte)0x00; // DAC state
            case VgaPort.DacWriteIndex:
                return _dacWriteIndex;
            case VgaPort.DacData:
                return ReadDacData();
            case VgaPort.FeatureControlRead:
                return _featureControl;
            case VgaPort.MiscOutputRead:
                return _miscOutput;
            case VgaPort.GraphicsIndex:
                return _graphicsIndex;
            case VgaPort.GraphicsData:
                return _graphicsIndex < GraphicsCount ? _graphics[_graphicsIndex] : (byte)0xFF;
            case VgaPort.CrtcIndexColor or VgaPort.CrtcIndexMono when IsCrtcPort(port):
                return _crtcIndex;
            case VgaPort.CrtcDataColor or VgaPort.CrtcDataMono when IsCrtcPort(port):
                return _crtcIndex < CrtcCount ? _crtc[_crtcIndex] : (byte)0xFF;
            case VgaPort.InputStatus1Color or VgaPort.InputStatus1Mono when IsCrtcPort(port):
                return ReadInputStatus1();
            default:
                return 0xFF;
        }
    }

    /// <summary>A byte written to an I/O port; ports the current decode does not claim are ignored.</summary>
    public void WritePort(ushort port, byte value)
    {
        switch ((VgaPort)port)
        {
            case VgaPort.AttributeIndexData:
                WriteAttributeFlipFlop(value);
                break;
            case VgaPort.MiscOutputWrite:
                SetIfChanged(ref _miscOutput, value);
                break;
            case VgaPort.SequencerIndex:
                _sequencerIndex = (byte)(value & 0x07);
                break;
            case VgaPort.SequencerData:
                if (_sequencerIndex < SequencerCount)
                    SetIfChanged(ref _sequencer[_sequencerIndex], value);
                break;
            case VgaPort.DacPelMask:
                SetIfChanged(ref _pelMask, value);
                break;
            case VgaPort.DacReadIndex:
                _dacReadIndex = value;
                _dacComponent = 0;
                _dacReading = true;
                break;
            case VgaPort.DacWriteIndex:
                _dacWriteIndex = value;
                _dacComponent = 0;
                _dacReading = false;
                break;
            case VgaPort.DacData:
                WriteDacData(value);
                break;
            case VgaPort.GraphicsIndex:
                _graphicsIndex = (byte)(value & 0x0F);
                break;
            case VgaPort.GraphicsData:
                if (_graphicsIndex < GraphicsCount)
                    SetIfChanged(ref _graphics[_graphicsIndex], value);
                break;
            case VgaPort.CrtcIndexColor or VgaPort.CrtcIndexMono when IsCrtcPort(port):
                _crtcIndex = (byte)(value & 0x3F);
                break;
            case VgaPort.CrtcDataColor or VgaPort.CrtcDataMono when IsCrtcPort(port):
                WriteCrtc(value);
                break;
            case VgaPort.InputStatus1Color or VgaPort.InputStatus1Mono when IsCrtcPort(port):
                _featureControl = value; // feature control write
                break;
        }
    }

    /// <summary>Whether <paramref name="port"/> is the CRTC/status block the Misc Output I/OAS bit selects.</summary>
    private bool IsCrtcPort(ushort port) => ((port & 0xFFF0) == 0x3D0) == ColorIoAddress;

    private void WriteCrtc(byte value)
    {
        if (_crtcIndex >= CrtcCount)
            return;
        bool protect = (_crtc[(int)CrtcRegister.VerticalRetraceEnd] & CrtcBits.Protect) != 0;
        if (protect && _crtcIndex <= (int)CrtcRegister.Overflow)
        {
            if (_crtcIndex != (int)CrtcRegister.Overflow)
                return;
            // CR07 bit 4 (line compare bit 8) stays writable (FreeVGA, CR11 "Protect").
            value = (byte)((_crtc[(int)CrtcRegister.Overflow] & ~CrtcBits.OverflowLineCompare8) | (value & CrtcBits.OverflowLineCompare8));
        }
        SetIfChanged(ref _crtc[_crtcIndex], value);
    }

    /// <summary>
    /// 0x3C0: the flip-flop alternates between the index (with PAS in bit 5) and the data of
    /// the indexed register. Reading input status 1 puts it back on the index.
    /// </summary>
    private void WriteAttributeFlipFlop(byte value)
    {
        if (!_attributeFlipFlopData)
        {
            SetIfChanged(ref _attributeIndex, (byte)(value & (AttributeIndexBits.IndexMask | AttributeIndexBits.PaletteAddressSource)));
        }
        else
        {
            int index = _attributeIndex & AttributeIndexBits.IndexMask;
            if (index < AttributeCount)
            {
                byte stored = index <= (int)AttributeRegister.Palette15 ? (byte)(value & 0x3F) : value;
                if (index == (int)AttributeRegister.ColorPlaneEnable)
                    stored &= 0x3F;
                else if (index is (int)AttributeRegister.HorizontalPelPanning or (int)AttributeRegister.ColorSelect)
                    stored &= 0x0F;
                SetIfChanged(ref _attribute[index], stored);
            }
        }
        _attributeFlipFlopData = !_attributeFlipFlopData;
    }

    /// <summary>Whether the next 0x3C0 write is data (true) or an index (false).</summary>
    public bool AttributeFlipFlopAtData => _attributeFlipFlopData;

    private byte ReadInputStatus1()
    {
        _attributeFlipFlopData = false;
        return (byte)VgaTiming.InputStatus1At(_clock.NowNanoseconds);
    }

    private byte ReadDacData()
    {
        byte value = _dac[_dacReadIndex * 3 + _dacComponent];
        if (++_dacComponent == 3)
        {
            _dacComponent = 0;
            _dacReadIndex++;
        }
        return value;
    }

    private void WriteDacData(byte value)
    {
        _dacLatch[_dacComponent] = value;
        if (++_dacComponent < 3)
            return;
        _dacComponent = 0;
        int at = _dacWriteIndex * 3;
        for (int i = 0; i < 3; i++)
            SetIfChanged(ref _dac[at + i], _dacLatch[i]);
        _dacWriteIndex++;
    }

    private void SetIfChanged(ref byte register, byte value)
    {
        if (register == value)
            return;
        register = value;
        MarkDirty();
    }

    public VgaState SaveState() => new(
        VgaState.CurrentVersion,
        _miscOutput,
        _featureControl,
        (byte[])_sequencer.Clone(),
        (byte[])_crtc.Clone(),
        (byte[])_graphics.Clone(),
        (byte[])_attribute.Clone(),
        (byte[])_dac.Clone(),
        _sequencerIndex,
        _crtcIndex,
        _graphicsIndex,
        _attributeIndex,
        _attributeFlipFlopData,
        _pelMask,
        _dacReadIndex,
        _dacWriteIndex,
        _dacComponent,
        _dacReading,
        (byte[])_dacLatch.Clone(),
        (byte[])_latches.Clone(),
        (byte[])_planes.Clone(),
        Vbe.SaveState());

    public void LoadState(VgaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version > VgaState.CurrentVersion)
            throw new InvalidDataException($"VGA state version {state.Version} is newer than {VgaState.CurrentVersion}");
        _miscOutput = state.MiscOutput;
        _featureControl = state.FeatureControl;
        state.Sequencer.AsSpan(0, SequencerCount).CopyTo(_sequencer);
        state.Crtc.AsSpan(0, CrtcCount).CopyTo(_crtc);
        state.Graphics.AsSpan(0, GraphicsCount).CopyTo(_graphics);
        state.Attribute.AsSpan(0, AttributeCount).CopyTo(_attribute);
        state.Dac.AsSpan(0, _dac.Length).CopyTo(_dac);
        _sequencerIndex = state.SequencerIndex;
        _crtcIndex = state.CrtcIndex;
        _graphicsIndex = state.GraphicsIndex;
        _attributeIndex = state.AttributeIndex;
        _attributeFlipFlopData = state.AttributeFlipFlopData;
        _pelMask = state.PelMask;
        _dacReadIndex = state.DacReadIndex;
        _dacWriteIndex = state.DacWriteIndex;
        _dacComponent = Math.Clamp(state.DacComponent, 0, 2);
        _dacReading = state.DacReading;
        state.DacLatch.AsSpan(0, 3).CopyTo(_dacLatch);
        state.Latches.AsSpan(0, PlaneCount).CopyTo(_latches);
        state.Planes.AsSpan(0, _planes.Length).CopyTo(_planes);
        Vbe.LoadState(state.Vbe);
        MarkDirty();
    }
}
