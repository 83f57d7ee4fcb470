using PcEmu.Devices.Ps2;

namespace PcEmu.Devices.Tests.Ps2;

public sealed class I8042ControllerTests
{
    private const I8042CommandByte Translated = I8042CommandByte.Translate | I8042CommandByte.KeyboardInterrupt | I8042CommandByte.AuxiliaryInterrupt;
    private const I8042CommandByte Raw = I8042CommandByte.KeyboardInterrupt | I8042CommandByte.AuxiliaryInterrupt;

    [Fact]
    public void SelfTestAnswers55AndSetsSys()
    {
        Ps2Fixture f = new();
        Assert.Equal(I8042Status.KeyboardUnlocked, f.Status);
        f.Out(Ps2Fixture.Command, 0xAA);
        Assert.Equal(I8042Status.OutputBufferFull | I8042Status.SystemFlag | I8042Status.CommandLast | I8042Status.KeyboardUnlocked, f.Status);
        Assert.Equal(new byte[] { 0x55 }, f.Drain());
        f.Out(Ps2Fixture.Command, 0xAB);
        f.Out(Ps2Fixture.Command, 0xA9);
        Assert.Equal(new byte[] { 0x00, 0x00 }, f.Drain());
    }

    [Fact]
    public void CommandByteRoundTripsAndTracksInterfaceEnables()
    {
        Ps2Fixture f = new();
        f.ControllerCommand(0x60, 0x65);
        Assert.Equal(0, (int)(f.Status & I8042Status.CommandLast)); // the last write went to 0x60
        f.ControllerCommand(0x20);
        Assert.Equal(new byte[] { 0x65 }, f.Drain());
        f.ControllerCommand(0xA7);
        f.ControllerCommand(0xAE);
        f.ControllerCommand(0x20);
        Assert.Equal(new byte[] { 0x65 & ~0x10 | 0x20 }, f.Drain());
        f.ControllerCommand(0xA8);
        f.ControllerCommand(0xAD);
        f.ControllerCommand(0x20);
        Assert.Equal(new byte[] { 0x55 }, f.Drain()); // mouse enabled (bit 5 clear), keyboard disabled (bit 4 set)
    }

    [Fact]
    public void KeyboardResetAnswersAckAndBatAndRaisesIrq1()
    {
        Ps2Fixture f = new();
        f.Out(Ps2Fixture.Data, 0xFF);
        Assert.True(f.Irq1.Level);
        Assert.False(f.Irq12.Level);
        Assert.Equal(0xFA, f.In(Ps2Fixture.Data));
        Assert.True(f.Irq1.Level); // the next byte followed at once, as a new edge
        Assert.Equal(2, f.Irq1.RisingEdges);
        Assert.Equal(0xAA, f.In(Ps2Fixture.Data));
        Assert.False(f.Irq1.Level);
        Assert.Equal(0xAA, f.In(Ps2Fixture.Data)); // an empty buffer reads the last byte again
    }

    [Fact]
    public void KeyboardEchoIdentifyAndUnknownCommands()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Raw);
        f.Out(Ps2Fixture.Data, 0xEE);
        Assert.Equal(new byte[] { 0xEE }, f.Drain());
        f.Out(Ps2Fixture.Data, 0xF2);
        Assert.Equal(new byte[] { 0xFA, 0xAB, 0x83 }, f.Drain());
        f.SetCommandByte(Translated);
        f.Out(Ps2Fixture.Data, 0xF2);
        Assert.Equal(new byte[] { 0xFA, 0xAB, 0x41 }, f.Drain()); // the 8042 translates the ID too
        f.Out(Ps2Fixture.Data, 0x42);
        Assert.Equal(new byte[] { 0xFE }, f.Drain());
    }

    [Fact]
    public void KeyAInScanCodeSet2AndTranslatedToSet1()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Raw);
        f.Input.KeyDown(PcKey.A);
        f.Input.KeyUp(PcKey.A);
        Assert.Equal(new byte[] { 0x1C, 0xF0, 0x1C }, f.Drain());

        f.SetCommandByte(Translated);
        f.Input.KeyDown(PcKey.A);
        f.Input.KeyUp(PcKey.A);
        Assert.Equal(new byte[] { 0x1E, 0x9E }, f.Drain());

        f.Input.KeyDown(PcKey.RightCtrl);
        f.Input.KeyUp(PcKey.RightCtrl);
        f.Input.KeyDown(PcKey.Escape);
        f.Input.KeyDown(PcKey.F7);
        Assert.Equal(new byte[] { 0xE0, 0x1D, 0xE0, 0x9D, 0x01, 0x41 }, f.Drain());
    }

    [Fact]
    public void KeyboardSwitchedToSet1SendsSet1WithoutTranslation()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Raw);
        f.Out(Ps2Fixture.Data, 0xF0);
        f.Out(Ps2Fixture.Data, 0x01);
        f.Out(Ps2Fixture.Data, 0xF0);
        f.Out(Ps2Fixture.Data, 0x00);
        Assert.Equal(new byte[] { 0xFA, 0xFA, 0xFA, 0xFA, 0x01 }, f.Drain());
        f.Input.KeyDown(PcKey.A);
        f.Input.KeyUp(PcKey.A);
        f.Input.KeyDown(PcKey.Left);
        Assert.Equal(new byte[] { 0x1E, 0x9E, 0xE0, 0x4B }, f.Drain());
    }

    [Fact]
    public void PrintScreenAndPauseSendTheirSequences()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Translated);
        f.Input.KeyDown(PcKey.PrintScreen);
        f.Input.KeyUp(PcKey.PrintScreen);
        Assert.Equal(new byte[] { 0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA }, f.Drain());
        f.Input.KeyDown(PcKey.Pause);
        Assert.Equal(new byte[] { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 }, f.Drain());
    }

    [Fact]
    public void SetLedsIsAcknowledgedTwiceAndReported()
    {
        Ps2Fixture f = new();
        byte? leds = null;
        f.Controller.Keyboard.LedsChanged += value => leds = value;
        f.Out(Ps2Fixture.Data, 0xED);
        Assert.Equal(new byte[] { 0xFA }, f.Drain());
        f.Out(Ps2Fixture.Data, 0x06);
        Assert.Equal(new byte[] { 0xFA }, f.Drain());
        Assert.Equal((byte)0x06, leds);
        f.Out(Ps2Fixture.Data, 0xF3);
        f.Out(Ps2Fixture.Data, 0x20);
        Assert.Equal(new byte[] { 0xFA, 0xFA }, f.Drain());
        Assert.Equal(0x20, f.Controller.Keyboard.Typematic);
    }

    [Fact]
    public void DisabledScanningDropsKeys()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Translated);
        f.Out(Ps2Fixture.Data, 0xF5);
        Assert.Equal(new byte[] { 0xFA }, f.Drain());
        f.Input.KeyDown(PcKey.B);
        Assert.Empty(f.Drain());
        f.Out(Ps2Fixture.Data, 0xF4);
        f.Input.KeyDown(PcKey.B);
        Assert.Equal(new byte[] { 0xFA, 0x30 }, f.Drain());
    }

    [Fact]
    public void KeyboardInterfaceDisableHoldsKeysUntilEnabled()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Translated);
        f.ControllerCommand(0xAD);
        f.Input.KeyDown(PcKey.Space);
        Assert.Empty(f.Drain());
        Assert.False(f.Irq1.Level);
        f.ControllerCommand(0xAE);
        Assert.True(f.Irq1.Level);
        Assert.Equal(new byte[] { 0x39 }, f.Drain());
    }

    [Fact]
    public void Irq1FollowsTheCommandByteEnable()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(I8042CommandByte.Translate);
        f.Input.KeyDown(PcKey.Enter);
        Assert.True((f.Status & I8042Status.OutputBufferFull) != 0);
        Assert.False(f.Irq1.Level);
        f.SetCommandByte(Translated);
        Assert.True(f.Irq1.Level);
        Assert.Equal(new byte[] { 0x1C }, f.Drain());
        Assert.False(f.Irq1.Level);
    }

    [Fact]
    public void MousePacketsArriveOnIrq12AfterEnable()
    {
        Ps2Fixture f = new();
        f.Input.MouseMove(10, 10, PcMouseButtons.None); // reporting is off: nothing
        f.ControllerCommand(0xD4, 0xF4);
        Assert.True(f.Irq12.Level);
        Assert.True((f.Status & I8042Status.AuxiliaryData) != 0);
        Assert.Equal(new byte[] { 0xFA }, f.Drain());
        Assert.False(f.Irq12.Level);

        f.Input.MouseMove(5, -3, PcMouseButtons.Left); // up the screen is +y for PS/2
        Assert.True(f.Irq12.Level);
        Assert.False(f.Irq1.Level);
        Assert.Equal(new byte[] { 0x09, 0x05, 0x03 }, f.Drain());
        f.Input.MouseMove(-5, 10, PcMouseButtons.Right);
        Assert.Equal(new byte[] { 0x08 | 0x02 | 0x10 | 0x20, 0xFB, 0xF6 }, f.Drain());
        f.Input.MouseMove(600, 0, PcMouseButtons.Right);
        Assert.Equal(new byte[] { 0x0A, 255, 0, 0x0A, 255, 0, 0x0A, 90, 0 }, f.Drain());
    }

    [Fact]
    public void MouseResetIdentifyAndIntelliMouseWheel()
    {
        Ps2Fixture f = new();
        f.ControllerCommand(0xD4, 0xFF);
        Assert.Equal(new byte[] { 0xFA, 0xAA, 0x00 }, f.Drain());
        foreach (byte rate in new byte[] { 200, 100, 80 })
        {
            f.ControllerCommand(0xD4, 0xF3);
            f.ControllerCommand(0xD4, rate);
        }
        f.ControllerCommand(0xD4, 0xF2);
        Assert.Equal(new byte[] { 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x03 }, f.Drain());
        f.ControllerCommand(0xD4, 0xE8);
        f.ControllerCommand(0xD4, 0x03);
        f.ControllerCommand(0xD4, 0xE9);
        Assert.Equal(new byte[] { 0xFA, 0xFA, 0xFA, 0x00, 0x03, 80 }, f.Drain());
        f.ControllerCommand(0xD4, 0xF4);
        f.Input.MouseMove(1, 1, PcMouseButtons.Middle, wheel: -1);
        Assert.Equal(new byte[] { 0xFA, 0x0C | 0x20, 0x01, 0xFF, 0xFF }, f.Drain());
    }

    [Fact]
    public void KeyboardBytesComeBeforeMouseBytes()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Translated);
        f.ControllerCommand(0xD4, 0xF4);
        Assert.Equal(new byte[] { 0xFA }, f.Drain());
        f.Input.MouseMove(1, 0, PcMouseButtons.None);
        f.Input.KeyDown(PcKey.Q); // the mouse byte already sits in the output buffer
        Assert.Equal(0x08, f.In(Ps2Fixture.Data));
        Assert.True(f.Irq1.Level);
        Assert.Equal(new byte[] { 0x10, 0x01, 0x00 }, f.Drain());
    }

    [Fact]
    public void WriteKeyboardAndMouseOutputBuffer()
    {
        Ps2Fixture f = new();
        f.ControllerCommand(0xD2, 0x42);
        Assert.True(f.Irq1.Level);
        Assert.Equal(new byte[] { 0x42 }, f.Drain());
        f.ControllerCommand(0xD3, 0x43);
        Assert.True(f.Irq12.Level);
        Assert.True((f.Status & I8042Status.AuxiliaryData) != 0);
        Assert.Equal(new byte[] { 0x43 }, f.Drain());
    }

    [Fact]
    public void OutputPortDrivesA20AndReset()
    {
        Ps2Fixture f = new();
        List<bool> a20 = new();
        int resets = 0;
        f.Controller.A20Changed += a20.Add;
        f.Controller.ResetRequested += () => resets++;
        Assert.True(f.Controller.A20Enabled);

        f.ControllerCommand(0xD1, 0xDD); // A20 off, reset line high
        Assert.False(f.Controller.A20Enabled);
        f.ControllerCommand(0xD0);
        Assert.Equal(new byte[] { 0xCD }, f.Drain()); // bit 4 reads the (empty) keyboard output buffer state
        f.ControllerCommand(0xD1, 0xDF);
        Assert.True(f.Controller.A20Enabled);
        Assert.Equal(new[] { false, true }, a20);
        Assert.Equal(0, resets);

        f.ControllerCommand(0xDD);
        f.ControllerCommand(0xDF);
        Assert.Equal(new[] { false, true, false, true }, a20);

        f.ControllerCommand(0xD1, 0xDE); // reset line low
        Assert.Equal(1, resets);
    }

    [Fact]
    public void CommandFEPulsesReset()
    {
        Ps2Fixture f = new();
        int resets = 0;
        f.Controller.ResetRequested += () => resets++;
        f.ControllerCommand(0xFF); // pulses nothing
        Assert.Equal(0, resets);
        f.ControllerCommand(0xFE);
        Assert.Equal(1, resets);
        Assert.True(f.Controller.A20Enabled);
    }

    [Fact]
    public void StateRoundTripsThroughSaveAndLoad()
    {
        Ps2Fixture f = new();
        f.SetCommandByte(Translated);
        f.Input.KeyDown(PcKey.A);
        f.Input.KeyDown(PcKey.B);
        I8042State state = f.Controller.SaveState();
        Ps2Fixture g = new();
        g.Controller.LoadState(state);
        Assert.Equal(new byte[] { 0x1E, 0x30 }, g.Drain());
    }
}
