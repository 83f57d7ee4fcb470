namespace PcEmu.Devices.Ps2;

/// <summary>
/// A PS/2 mouse with the IntelliMouse wheel extension (IBM PS/2 Hardware Interface Technical
/// Reference, "Auxiliary Device"; Microsoft's IntelliMouse protocol note).
/// <para>
/// Implemented: reset (FA AA 00), defaults, enable/disable data reporting, stream and remote
/// mode with 0xEB read data, wrap (echo) mode, set resolution, set sample rate, scaling
/// (stored), status request, get device ID (0x00, or 0x03 after the 200-100-80 sample rate
/// sequence, which turns on 4-byte packets with the wheel), resend. Motion accumulates while
/// packets cannot be sent and is sent in packets of at most -256..255 counts per axis, so no
/// overflow bit is ever set and no motion is lost.
/// </para>
/// <para>Known gaps: 2:1 scaling is stored but not applied; the sample rate does not pace packets (each host event makes packets at once); resolution does not scale motion.</para>
/// </summary>
public sealed class Ps2Mouse : Ps2Device
{
    public const byte StandardId = 0x00;
    public const byte IntelliMouseId = 0x03;
    private const int BufferSize = 64;
    private const byte DefaultSampleRate = 100;
    private const byte DefaultResolution = 2;
    /// <summary>Packet byte 0 bit 3 is always 1 (it lets the driver find packet boundaries).</summary>
    private const byte AlwaysOne = 0x08;
    private const byte XSign = 0x10;
    private const byte YSign = 0x20;

    private readonly byte[] _recentRates = new byte[3];
    private Ps2MouseCommand _pending;
    private int _dx;
    private int _dy;
    private int _wheel;
    private bool _buttonsChanged;

    public Ps2Mouse()
        : base(BufferSize)
    {
        SetDefaults();
    }

    public bool ReportingEnabled { get; private set; }

    public bool RemoteMode { get; private set; }

    public bool WrapMode { get; private set; }

    public bool Scaling2To1 { get; private set; }

    /// <summary>0-3: 1, 2, 4 or 8 counts per millimetre.</summary>
    public byte Resolution { get; private set; }

    public byte SampleRate { get; private set; }

    public byte DeviceId { get; private set; }

    public PcMouseButtons Buttons { get; private set; }

    /// <summary>Power-on state: defaults (stream mode, reporting off), standard ID, nothing queued.</summary>
    public void Reset()
    {
        ClearQueue();
        SetDefaults();
        DeviceId = StandardId;
        Buttons = PcMouseButtons.None;
        Array.Clear(_recentRates);
    }

    /// <summary>Host motion (screen convention: <paramref name="dy"/> positive is down) and the buttons now held.</summary>
    public void Move(int dx, int dy, PcMouseButtons buttons, int wheel = 0)
    {
        buttons &= PcMouseButtons.Left | PcMouseButtons.Right | PcMouseButtons.Middle;
        _buttonsChanged |= buttons != Buttons;
        Buttons = buttons;
        _dx = Saturate((long)_dx + dx);
        _dy = Saturate((long)_dy - dy); // PS/2 counts up the screen
        if (DeviceId == IntelliMouseId)
            _wheel = Saturate((long)_wheel + wheel);
        if (StreamReporting)
            SendPackets(quietly: false);
        else if (!RemoteMode)
        {
            DiscardMotion(); // reporting disabled in stream mode: motion is not kept
        }
    }

    public override void Write(byte value)
    {
        if (WrapMode && value != (byte)Ps2MouseCommand.ResetWrapMode && value != (byte)Ps2MouseCommand.Reset)
        {
            Respond(value);
            return;
        }
        if (_pending != Ps2MouseCommand.None)
        {
            WriteParameter(value);
            return;
        }
        switch ((Ps2MouseCommand)value)
        {
            case Ps2MouseCommand.SetScaling1To1:
                Scaling2To1 = false;
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetScaling2To1:
                Scaling2To1 = true;
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetResolution:
            case Ps2MouseCommand.SetSampleRate:
                _pending = (Ps2MouseCommand)value;
                Respond(Ack);
                break;
            case Ps2MouseCommand.StatusRequest:
                Respond(Ack, StatusByte(), Resolution, SampleRate);
                break;
            case Ps2MouseCommand.SetStreamMode:
                RemoteMode = false;
                DiscardMotion();
                Respond(Ack);
                break;
            case Ps2MouseCommand.ReadData:
                Respond(Ack);
                Respond(NextPacket());
                break;
            case Ps2MouseCommand.ResetWrapMode:
                WrapMode = false;
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetWrapMode:
                WrapMode = true;
                DiscardMotion();
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetRemoteMode:
                RemoteMode = true;
                DiscardMotion();
                Respond(Ack);
                break;
            case Ps2MouseCommand.GetDeviceId:
                Respond(Ack, DeviceId);
                break;
            case Ps2MouseCommand.EnableReporting:
                ReportingEnabled = true;
                DiscardMotion();
                Respond(Ack);
                break;
            case Ps2MouseCommand.DisableReporting:
                ReportingEnabled = false;
                DiscardMotion();
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetDefaults:
                SetDefaults();
                Respond(Ack);
                break;
            case Ps2MouseCommand.Resend:
                Respond(LastSent);
                break;
            case Ps2MouseCommand.Reset:
                ClearQueue();
                SetDefaults();
                DeviceId = StandardId;
                Respond(Ack, SelfTestPassed, DeviceId);
                break;
            default:
                Respond(Resend);
                break;
        }
    }

    public Ps2MouseState SaveState() => new(
        Ps2MouseState.CurrentVersion, ReportingEnabled, RemoteMode, WrapMode, Scaling2To1, Resolution, SampleRate,
        DeviceId, Buttons, _dx, _dy, _wheel, (byte)_pending, (byte[])_recentRates.Clone(), QueuedBytes());

    public void LoadState(Ps2MouseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version < 1 || state.Version > Ps2MouseState.CurrentVersion)
            throw new InvalidDataException($"mouse state version {state.Version} is not supported");
        ReportingEnabled = state.ReportingEnabled;
        RemoteMode = state.RemoteMode;
        WrapMode = state.WrapMode;
        Scaling2To1 = state.Scaling2To1;
        Resolution = (byte)(state.Resolution & 0x03);
        SampleRate = state.SampleRate;
        DeviceId = state.DeviceId == IntelliMouseId ? IntelliMouseId : StandardId;
        Buttons = state.Buttons;
        _dx = state.PendingDx;
        _dy = state.PendingDy;
        _wheel = state.PendingWheel;
        _pending = (Ps2MouseCommand)state.PendingCommand;
        state.RecentSampleRates.AsSpan(0, Math.Min(3, state.RecentSampleRates.Length)).CopyTo(_recentRates);
        RestoreQueue(state.Queue);
    }

    protected override void OnQueueEmpty()
    {
        if (StreamReporting)
            SendPackets(quietly: true);
    }

    private bool StreamReporting => ReportingEnabled && !RemoteMode && !WrapMode;

    private int PacketSize => DeviceId == IntelliMouseId ? 4 : 3;

    private void WriteParameter(byte value)
    {
        Ps2MouseCommand command = _pending;
        _pending = Ps2MouseCommand.None;
        switch (command)
        {
            case Ps2MouseCommand.SetResolution:
                Resolution = (byte)(value & 0x03);
                Respond(Ack);
                break;
            case Ps2MouseCommand.SetSampleRate:
                SampleRate = value;
                _recentRates[0] = _recentRates[1];
                _recentRates[1] = _recentRates[2];
                _recentRates[2] = value;
                if (_recentRates is [200, 100, 80])
                    DeviceId = IntelliMouseId;
                Respond(Ack);
                break;
        }
    }

    /// <summary>Sends as many packets as fit and motion requires; returns how many.</summary>
    private int SendPackets(bool quietly)
    {
        int sent = 0;
        while ((_dx != 0 || _dy != 0 || _wheel != 0 || _buttonsChanged) && FreeSpace >= PacketSize)
        {
            byte[] packet = NextPacket();
            if (quietly)
                QueueQuietly(packet);
            else
                TryQueueEvent(packet);
            sent++;
        }
        return sent;
    }

    /// <summary>Takes up to one packet's worth of the accumulated motion.</summary>
    private byte[] NextPacket()
    {
        int dx = Math.Clamp(_dx, -256, 255);
        int dy = Math.Clamp(_dy, -256, 255);
        int wheel = Math.Clamp(_wheel, -8, 7);
        _dx -= dx;
        _dy -= dy;
        _wheel -= wheel;
        _buttonsChanged = false;
        byte first = (byte)((byte)Buttons | AlwaysOne | (dx < 0 ? XSign : 0) | (dy < 0 ? YSign : 0));
        return PacketSize == 4
            ? [first, (byte)dx, (byte)dy, (byte)wheel]
            : [first, (byte)dx, (byte)dy];
    }

    /// <summary>Status request byte 1: bit 6 remote, 5 enabled, 4 scaling 2:1, 2 left, 1 middle, 0 right.</summary>
    private byte StatusByte()
    {
        int value = (RemoteMode ? 0x40 : 0) | (ReportingEnabled ? 0x20 : 0) | (Scaling2To1 ? 0x10 : 0);
        if ((Buttons & PcMouseButtons.Left) != 0)
            value |= 0x04;
        if ((Buttons & PcMouseButtons.Middle) != 0)
            value |= 0x02;
        if ((Buttons & PcMouseButtons.Right) != 0)
            value |= 0x01;
        return (byte)value;
    }

    private void SetDefaults()
    {
        SampleRate = DefaultSampleRate;
        Resolution = DefaultResolution;
        Scaling2To1 = false;
        RemoteMode = false;
        WrapMode = false;
        ReportingEnabled = false;
        _pending = Ps2MouseCommand.None;
        DiscardMotion();
    }

    private void DiscardMotion()
    {
        _dx = 0;
        _dy = 0;
        _wheel = 0;
        _buttonsChanged = false;
    }

    private static int Saturate(long value) => (int)Math.Clamp(value, int.MinValue / 2, int.MaxValue / 2);
}
