namespace PcEmu.Devices.Ps2;

/// <summary>
/// An IBM PS/2 (MF II) keyboard: the commands of the IBM PS/2 Hardware Interface Technical
/// Reference ("Keyboard Commands") and scan code sets 1 and 2 from the host's key events.
/// <para>
/// Implemented: 0xED set LEDs, 0xEE echo, 0xF0 get/set scan code set, 0xF2 identify (AB 83),
/// 0xF3 typematic rate/delay, 0xF4 enable, 0xF5 disable (and defaults), 0xF6 defaults,
/// 0xF7-0xFD (set 3 key types: acknowledged, no effect), 0xFE resend, 0xFF reset (FA AA).
/// An unknown command is answered with 0xFE. A 16-byte buffer; a key event that does not
/// fit is dropped.
/// </para>
/// <para>
/// Known gaps: typematic repeat is the host's (a repeated <see cref="KeyDown"/> sends the
/// make code again); the rate and delay are stored only. Scan code set 3 can be selected
/// and is reported, but keys are still sent in set 2. No power-on BAT code is sent (QEMU's
/// behaviour); the reset command sends it.
/// </para>
/// </summary>
public sealed class Ps2Keyboard : Ps2Device
{
    public const byte EchoResponse = 0xEE;
    public const byte IdFirst = 0xAB;
    public const byte IdSecond = 0x83;
    /// <summary>Typematic default: 10.9 characters per second, 500 ms delay.</summary>
    public const byte DefaultTypematic = 0x2B;
    private const int BufferSize = 16;

    private readonly List<byte> _scratch = new();
    private Ps2KeyboardCommand _pending;

    public Ps2Keyboard()
        : base(BufferSize)
    {
        SetDefaults();
        ScanningEnabled = true;
    }

    /// <summary>LED state from the last 0xED command: bit 0 Scroll Lock, bit 1 Num Lock, bit 2 Caps Lock.</summary>
    public byte Leds { get; private set; }

    /// <summary>Raised with the new LED bits on every 0xED.</summary>
    public event Action<byte>? LedsChanged;

    public bool ScanningEnabled { get; private set; }

    /// <summary>1, 2 or 3 (see the class notes for set 3).</summary>
    public int ScanCodeSet { get; private set; }

    /// <summary>The 0xF3 parameter: bits 6-5 delay, bits 4-0 rate.</summary>
    public byte Typematic { get; private set; }

    /// <summary>Power-on state: defaults, scanning enabled, LEDs off, nothing queued (no BAT code, as in QEMU).</summary>
    public void Reset()
    {
        ClearQueue();
        SetDefaults();
        ScanningEnabled = true;
        Leds = 0;
        _pending = Ps2KeyboardCommand.None;
    }

    public void KeyDown(PcKey key) => QueueKey(key, release: false);

    public void KeyUp(PcKey key) => QueueKey(key, release: true);

    public override void Write(byte value)
    {
        if (_pending != Ps2KeyboardCommand.None)
        {
            WriteParameter(value);
            return;
        }
        switch ((Ps2KeyboardCommand)value)
        {
            case Ps2KeyboardCommand.SetLeds:
            case Ps2KeyboardCommand.SetTypematic:
            case Ps2KeyboardCommand.ScanCodeSet:
                _pending = (Ps2KeyboardCommand)value;
                Respond(Ack);
                break;
            case Ps2KeyboardCommand.Echo:
                Respond(EchoResponse);
                break;
            case Ps2KeyboardCommand.Identify:
                Respond(Ack, IdFirst, IdSecond);
                break;
            case Ps2KeyboardCommand.Enable:
                ClearQueue();
                ScanningEnabled = true;
                Respond(Ack);
                break;
            case Ps2KeyboardCommand.DisableAndDefaults:
                SetDefaults();
                ScanningEnabled = false;
                Respond(Ack);
                break;
            case Ps2KeyboardCommand.SetDefaults:
                SetDefaults();
                Respond(Ack);
                break;
            case >= Ps2KeyboardCommand.SetAllTypematic and <= Ps2KeyboardCommand.SetKeyMakeOnly:
                Respond(Ack);
                break;
            case Ps2KeyboardCommand.Resend:
                Respond(LastSent);
                break;
            case Ps2KeyboardCommand.Reset:
                ClearQueue();
                SetDefaults();
                ScanningEnabled = true;
                Respond(Ack, SelfTestPassed);
                break;
            default:
                Respond(Resend);
                break;
        }
    }

    public Ps2KeyboardState SaveState() => new(Ps2KeyboardState.CurrentVersion, Leds, ScanningEnabled, ScanCodeSet, Typematic, (byte)_pending, QueuedBytes());

    public void LoadState(Ps2KeyboardState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Ps2KeyboardState.CurrentVersion)
            throw new InvalidDataException($"keyboard state version {state.Version} is not supported");
        Leds = (byte)(state.Leds & 0x07);
        ScanningEnabled = state.ScanningEnabled;
        ScanCodeSet = state.ScanCodeSet is >= 1 and <= 3 ? state.ScanCodeSet : 2;
        Typematic = (byte)(state.Typematic & 0x7F);
        _pending = (Ps2KeyboardCommand)state.PendingCommand;
        RestoreQueue(state.Queue);
    }

    private void WriteParameter(byte value)
    {
        Ps2KeyboardCommand command = _pending;
        _pending = Ps2KeyboardCommand.None;
        switch (command)
        {
            case Ps2KeyboardCommand.SetLeds:
                Leds = (byte)(value & 0x07);
                Respond(Ack);
                LedsChanged?.Invoke(Leds);
                break;
            case Ps2KeyboardCommand.SetTypematic:
                Typematic = (byte)(value & 0x7F);
                Respond(Ack);
                break;
            case Ps2KeyboardCommand.ScanCodeSet when value == 0:
                Respond(Ack, (byte)ScanCodeSet);
                break;
            case Ps2KeyboardCommand.ScanCodeSet when value <= 3:
                ScanCodeSet = value;
                Respond(Ack);
                break;
            default:
                Respond(Resend);
                break;
        }
    }

    private void SetDefaults()
    {
        ScanCodeSet = 2;
        Typematic = DefaultTypematic;
    }

    private void QueueKey(PcKey key, bool release)
    {
        if (!ScanningEnabled)
            return;
        _scratch.Clear();
        if (ScanCodeSet == 1)
            ScanCodes.AppendSet1(key, release, _scratch);
        else
            ScanCodes.AppendSet2(key, release, _scratch);
        TryQueueEvent(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch));
    }
}
