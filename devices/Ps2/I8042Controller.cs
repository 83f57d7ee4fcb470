using PcEmu.Devices.Common;
using PcEmu.Memory;

namespace PcEmu.Devices.Ps2;

/// <summary>
/// The 8042 keyboard controller of a PC/AT with PS/2 mouse support, with its keyboard and
/// mouse attached, as a pure chip model: data and status/command registers (the ISA glue,
/// <see cref="I8042Isa"/>, puts them at ports 0x60 and 0x64), IRQ 1 and IRQ 12, the output
/// port's A20 and reset lines as events. It is also the machine's <see cref="IPcInput"/>.
/// <para>
/// Implemented: status register (OBF, SYS, A2, INH, AUXB; IBF is always 0 because writes are
/// handled at once); controller RAM and the command byte (0x20-0x3F / 0x60-0x7F); 0xA7/0xA8
/// mouse interface disable/enable, 0xA9 mouse test, 0xAA self-test (0x55, sets SYS), 0xAB
/// keyboard test, 0xAD/0xAE keyboard interface disable/enable, 0xC0 input port, 0xD0/0xD1
/// output port (bit 1 = A20, bit 0 = 0 resets), 0xD2/0xD3 write keyboard/mouse output buffer,
/// 0xD4 write to mouse, 0xDD/0xDF A20 off/on, 0xE0 test inputs, 0xF0-0xFF pulse output
/// port (0xFE = reset); set 2 to set 1 translation of keyboard bytes (command byte bit 6),
/// the 0xF0 break prefix folding into bit 7; IRQ 1 / IRQ 12 while a keyboard / mouse byte
/// waits and its interrupt is enabled; a write to port 0x60 (or via 0xD4) re-enables the
/// keyboard (mouse) interface, as QEMU does.
/// </para>
/// <para>
/// Readings chosen: bytes move to the output buffer at once (no 1 ms serial transfer time);
/// the controller's own responses come first, then the keyboard, then the mouse. Reading port
/// 0x60 with OBF clear returns the last byte again. Power-on state is QEMU's: command byte
/// 0x03 (interrupts on, translation off), A20 enabled in the output port; a BIOS programs
/// the rest (<see cref="ApplyFirmwareDefaults"/> does it for a boot without firmware).
/// </para>
/// <para>Known gaps: the keyboard lock, parity and timeout errors never occur; password and
/// scan-code-set-3 controller features are absent.</para>
/// </summary>
public sealed class I8042Controller : IPcInput
{
    public const byte SelfTestPassed = 0x55;
    public const byte InterfaceTestPassed = 0x00;
    /// <summary>The command byte a BIOS leaves: translation, SYS, both interrupts enabled.</summary>
    public const I8042CommandByte FirmwareCommandByte =
        I8042CommandByte.Translate | I8042CommandByte.SystemFlag | I8042CommandByte.AuxiliaryInterrupt | I8042CommandByte.KeyboardInterrupt;

    private const int RamSize = 32;
    private const I8042CommandByte PowerOnCommandByte = I8042CommandByte.KeyboardInterrupt | I8042CommandByte.AuxiliaryInterrupt;
    private const I8042OutputPort PowerOnOutputPort =
        I8042OutputPort.SystemReset | I8042OutputPort.A20Gate | I8042OutputPort.KeyboardLines | I8042OutputPort.AuxiliaryLines;

    private readonly IInterruptLine _keyboardIrq;
    private readonly IInterruptLine _mouseIrq;
    private readonly byte[] _ram = new byte[RamSize];
    private readonly Queue<(byte Value, bool Aux)> _controllerQueue = new();
    private I8042Status _status;
    private byte _outputBuffer;
    private I8042OutputPort _outputPort;
    private byte _pendingCommand;
    private bool _pendingBreak;
    private bool _keyboardIrqLevel;
    private bool _mouseIrqLevel;
    private bool _filling;

    public I8042Controller(IInterruptLine keyboardIrq, IInterruptLine mouseIrq)
    {
        ArgumentNullException.ThrowIfNull(keyboardIrq);
        ArgumentNullException.ThrowIfNull(mouseIrq);
        _keyboardIrq = keyboardIrq;
        _mouseIrq = mouseIrq;
        Keyboard.DataQueued += FillOutputBuffer;
        Mouse.DataQueued += FillOutputBuffer;
        Reset(ResetKind.PowerOn);
    }

    public Ps2Keyboard Keyboard { get; } = new();

    public Ps2Mouse Mouse { get; } = new();

    /// <summary>Raised with the new state when the guest opens or closes the A20 gate.</summary>
    public event Action<bool>? A20Changed;

    /// <summary>Raised when the guest pulses or drives the system reset line (0xFE, or 0xD1 with bit 0 clear).</summary>
    public event Action? ResetRequested;

    public bool A20Enabled => (_outputPort & I8042OutputPort.A20Gate) != 0;

    public I8042CommandByte CommandByte => (I8042CommandByte)_ram[0];

    /// <summary>
    /// The controller and devices at reset. The output port returns to its power-on value
    /// (A20 on) without raising <see cref="A20Changed"/>; the machine sets its gate to match.
    /// </summary>
    public void Reset(ResetKind kind)
    {
        Array.Clear(_ram);
        _ram[0] = (byte)PowerOnCommandByte;
        _status = I8042Status.KeyboardUnlocked;
        _outputBuffer = 0;
        _outputPort = PowerOnOutputPort;
        _pendingCommand = 0;
        _pendingBreak = false;
        _controllerQueue.Clear();
        Keyboard.Reset();
        Mouse.Reset();
        UpdateIrq();
    }

    /// <summary>What a BIOS leaves behind (self-test passed, <see cref="FirmwareCommandByte"/>), for booting without firmware.</summary>
    public void ApplyFirmwareDefaults()
    {
        _ram[0] = (byte)FirmwareCommandByte;
        _status |= I8042Status.SystemFlag;
        FillOutputBuffer();
    }

    public void KeyDown(PcKey key) => Keyboard.KeyDown(key);

    public void KeyUp(PcKey key) => Keyboard.KeyUp(key);

    public void MouseMove(int dx, int dy, PcMouseButtons buttons, int wheel = 0) => Mouse.Move(dx, dy, buttons, wheel);

    /// <summary>Port 0x60 read: the output buffer; clears OBF and lets the next byte in.</summary>
    public byte ReadData()
    {
        byte value = _outputBuffer;
        if ((_status & I8042Status.OutputBufferFull) != 0)
        {
            _status &= ~(I8042Status.OutputBufferFull | I8042Status.AuxiliaryData);
            UpdateIrq();
            FillOutputBuffer();
        }
        return value;
    }

    /// <summary>Port 0x64 read.</summary>
    public byte ReadStatus() => (byte)_status;

    /// <summary>Port 0x60 write: a parameter of the pending controller command, or a byte for the keyboard.</summary>
    public void WriteData(byte value)
    {
        _status &= ~I8042Status.CommandLast;
        byte command = _pendingCommand;
        _pendingCommand = 0;
        switch (command)
        {
            case >= (byte)I8042Command.WriteRam and < (byte)I8042Command.WriteRam + RamSize:
                WriteRam(command - (byte)I8042Command.WriteRam, value);
                break;
            case (byte)I8042Command.WriteOutputPort:
                WriteOutputPort((I8042OutputPort)value);
                break;
            case (byte)I8042Command.WriteKeyboardOutput:
                QueueFromController(value, aux: false);
                break;
            case (byte)I8042Command.WriteAuxiliaryOutput:
                QueueFromController(value, aux: true);
                break;
            case (byte)I8042Command.WriteAuxiliary:
                _ram[0] &= (byte)~I8042CommandByte.AuxiliaryDisabled;
                Mouse.Write(value);
                break;
            default:
                _ram[0] &= (byte)~I8042CommandByte.KeyboardDisabled;
                Keyboard.Write(value);
                break;
        }
        FillOutputBuffer();
    }

    /// <summary>Port 0x64 write: a controller command.</summary>
    public void WriteCommand(byte command)
    {
        _status |= I8042Status.CommandLast;
        _pendingCommand = 0;
        switch (command)
        {
            case >= (byte)I8042Command.ReadRam and < (byte)I8042Command.ReadRam + RamSize:
                QueueFromController(_ram[command - (byte)I8042Command.ReadRam], aux: false);
                break;
            case >= (byte)I8042Command.WriteRam and < (byte)I8042Command.WriteRam + RamSize:
            case (byte)I8042Command.WriteOutputPort:
            case (byte)I8042Command.WriteKeyboardOutput:
            case (byte)I8042Command.WriteAuxiliaryOutput:
            case (byte)I8042Command.WriteAuxiliary:
                _pendingCommand = command;
                break;
            case (byte)I8042Command.DisableAuxiliary:
                _ram[0] |= (byte)I8042CommandByte.AuxiliaryDisabled;
                break;
            case (byte)I8042Command.EnableAuxiliary:
                _ram[0] &= (byte)~I8042CommandByte.AuxiliaryDisabled;
                break;
            case (byte)I8042Command.TestAuxiliary:
            case (byte)I8042Command.TestKeyboard:
                QueueFromController(InterfaceTestPassed, aux: false);
                break;
            case (byte)I8042Command.SelfTest:
                _status |= I8042Status.SystemFlag;
                QueueFromController(SelfTestPassed, aux: false);
                break;
            case (byte)I8042Command.DisableKeyboard:
                _ram[0] |= (byte)I8042CommandByte.KeyboardDisabled;
                break;
            case (byte)I8042Command.EnableKeyboard:
                _ram[0] &= (byte)~I8042CommandByte.KeyboardDisabled;
                break;
            case (byte)I8042Command.ReadInputPort:
                QueueFromController(0x80, aux: false); // bit 7: keyboard not inhibited
                break;
            case (byte)I8042Command.ReadOutputPort:
                QueueFromController((byte)ReadOutputPort(), aux: false);
                break;
            case (byte)I8042Command.DisableA20:
                WriteOutputPort(_outputPort & ~I8042OutputPort.A20Gate);
                break;
            case (byte)I8042Command.EnableA20:
                WriteOutputPort(_outputPort | I8042OutputPort.A20Gate);
                break;
            case (byte)I8042Command.ReadTestInputs:
                QueueFromController(0x00, aux: false);
                break;
            case >= (byte)I8042Command.PulseOutputPort:
                // Bits 3-0 clear are pulsed low for 6 us; only bit 0 (reset) has an effect.
                if ((command & 0x01) == 0)
                    ResetRequested?.Invoke();
                break;
            default:
                break; // undefined commands are ignored
        }
        FillOutputBuffer();
    }

    public I8042State SaveState() => new(
        I8042State.CurrentVersion, (byte)_status, _outputBuffer, (byte[])_ram.Clone(), (byte)_outputPort, _pendingCommand, _pendingBreak,
        _controllerQueue.Select(e => e.Value).ToArray(), _controllerQueue.Select(e => e.Aux).ToArray(),
        Keyboard.SaveState(), Mouse.SaveState());

    public void LoadState(I8042State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > I8042State.CurrentVersion)
            throw new InvalidDataException($"8042 state version {state.Version} is not supported");
        if (state.Ram.Length != RamSize || state.ControllerQueue.Length != state.ControllerQueueIsAux.Length)
            throw new InvalidDataException("8042 state is malformed");
        _status = (I8042Status)state.Status & ~I8042Status.InputBufferFull;
        _outputBuffer = state.OutputBuffer;
        state.Ram.CopyTo(_ram, 0);
        _outputPort = (I8042OutputPort)state.OutputPort;
        _pendingCommand = state.PendingCommand;
        _pendingBreak = state.PendingBreak;
        _controllerQueue.Clear();
        for (int i = 0; i < state.ControllerQueue.Length; i++)
            _controllerQueue.Enqueue((state.ControllerQueue[i], state.ControllerQueueIsAux[i]));
        Keyboard.LoadState(state.Keyboard);
        Mouse.LoadState(state.Mouse);
        UpdateIrq();
    }

    private void WriteRam(int index, byte value)
    {
        _ram[index] = value;
        if (index == 0)
        {
            // The command byte's SYS bit is copied to the status register.
            if ((value & (byte)I8042CommandByte.SystemFlag) != 0)
                _status |= I8042Status.SystemFlag;
            else
                _status &= ~I8042Status.SystemFlag;
            UpdateIrq();
        }
    }

    private I8042OutputPort ReadOutputPort()
    {
        I8042OutputPort value = _outputPort & ~(I8042OutputPort.KeyboardBufferFull | I8042OutputPort.AuxiliaryBufferFull);
        if ((_status & I8042Status.OutputBufferFull) != 0)
            value |= (_status & I8042Status.AuxiliaryData) != 0 ? I8042OutputPort.AuxiliaryBufferFull : I8042OutputPort.KeyboardBufferFull;
        return value;
    }

    private void WriteOutputPort(I8042OutputPort value)
    {
        bool a20Before = A20Enabled;
        _outputPort = value | I8042OutputPort.SystemReset;
        if (A20Enabled != a20Before)
            A20Changed?.Invoke(A20Enabled);
        if ((value & I8042OutputPort.SystemReset) == 0)
            ResetRequested?.Invoke();
    }

    private void QueueFromController(byte value, bool aux) => _controllerQueue.Enqueue((value, aux));

    /// <summary>Moves the next waiting byte into the output buffer if it is empty: controller first, then keyboard, then mouse.</summary>
    private void FillOutputBuffer()
    {
        if (_filling)
            return;
        _filling = true;
        try
        {
            while ((_status & I8042Status.OutputBufferFull) == 0)
            {
                if (_controllerQueue.TryDequeue(out var entry))
                {
                    Load(entry.Value, entry.Aux);
                }
                else if ((CommandByte & I8042CommandByte.KeyboardDisabled) == 0 && Keyboard.TryDequeue(out byte key))
                {
                    if (!TranslateKeyboardByte(ref key))
                        continue;
                    Load(key, aux: false);
                }
                else if ((CommandByte & I8042CommandByte.AuxiliaryDisabled) == 0 && Mouse.TryDequeue(out byte mouse))
                {
                    Load(mouse, aux: true);
                }
                else
                {
                    break;
                }
            }
        }
        finally
        {
            _filling = false;
        }
        UpdateIrq();
    }

    /// <summary>Command byte bit 6: set 2 bytes become set 1; an 0xF0 prefix is swallowed and sets bit 7 of the next byte.</summary>
    private bool TranslateKeyboardByte(ref byte value)
    {
        if ((CommandByte & I8042CommandByte.Translate) == 0)
            return true;
        if (value == ScanCodes.BreakPrefix)
        {
            _pendingBreak = true;
            return false;
        }
        value = (byte)(ScanCodes.TranslateToSet1(value) | (_pendingBreak ? ScanCodes.Set1BreakBit : 0));
        _pendingBreak = false;
        return true;
    }

    private void Load(byte value, bool aux)
    {
        _outputBuffer = value;
        _status |= I8042Status.OutputBufferFull;
        if (aux)
            _status |= I8042Status.AuxiliaryData;
        else
            _status &= ~I8042Status.AuxiliaryData;
    }

    /// <summary>The only code that drives IRQ 1 and IRQ 12: a byte waits and its interrupt is enabled.</summary>
    private void UpdateIrq()
    {
        bool full = (_status & I8042Status.OutputBufferFull) != 0;
        bool aux = (_status & I8042Status.AuxiliaryData) != 0;
        bool keyboard = full && !aux && (CommandByte & I8042CommandByte.KeyboardInterrupt) != 0;
        bool mouse = full && aux && (CommandByte & I8042CommandByte.AuxiliaryInterrupt) != 0;
        if (keyboard != _keyboardIrqLevel)
        {
            _keyboardIrqLevel = keyboard;
            _keyboardIrq.Set(keyboard);
        }
        if (mouse != _mouseIrqLevel)
        {
            _mouseIrqLevel = mouse;
            _mouseIrq.Set(mouse);
        }
    }
}
