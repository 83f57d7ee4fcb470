using PcEmu.Devices.Vga;

namespace PcEmu.Devices.Tests.Vga;

/// <summary>Register semantics of each VGA controller, through the ports only (FreeVGA register descriptions).</summary>
public sealed class VgaRegisterTests
{
    [Fact]
    public void MiscOutputIsWrittenAt3C2AndReadAt3CC()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x67);
        Assert.Equal(0x67, f.In(0x3CC));
        Assert.Equal(0x00, f.In(0x3C2)); // input status 0
    }

    [Fact]
    public void SequencerIndexSelectsTheDataRegister()
    {
        var f = new VgaFixture();
        f.WriteIndexed(0x3C4, 0x02, 0x05);
        f.WriteIndexed(0x3C4, 0x03, 0x2D);
        f.WriteIndexed(0x3C4, 0x04, 0x0E);
        Assert.Equal(0x05, f.ReadIndexed(0x3C4, 0x02));
        Assert.Equal(0x2D, f.ReadIndexed(0x3C4, 0x03));
        Assert.Equal(0x0E, f.ReadIndexed(0x3C4, 0x04));
        Assert.Equal(0x04, f.In(0x3C4));
    }

    [Fact]
    public void SixteenBitOutWritesIndexThenData()
    {
        var f = new VgaFixture();
        f.Bus.Write(0x3CE, 2, 0xA508); // bit mask = 0xA5
        Assert.Equal(0xA5, f.ReadIndexed(0x3CE, 0x08));
    }

    [Fact]
    public void CrtcFollowsTheMiscOutputAddressSelect()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x67); // colour: 0x3D4
        f.WriteIndexed(0x3D4, 0x0E, 0x12);
        Assert.Equal(0x12, f.ReadIndexed(0x3D4, 0x0E));
        Assert.Equal(0xFF, f.In(0x3B5));

        f.Out(0x3C2, 0x66); // monochrome: 0x3B4
        Assert.Equal(0x12, f.ReadIndexed(0x3B4, 0x0E));
        f.WriteIndexed(0x3D4, 0x0E, 0x34); // not decoded
        Assert.Equal(0x12, f.ReadIndexed(0x3B4, 0x0E));
        Assert.Equal(0xFF, f.In(0x3D5));
    }

    [Fact]
    public void CrtcProtectBitLocksRegisters0To7ExceptLineCompareBit8()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x67);
        f.WriteIndexed(0x3D4, 0x00, 0x5F);
        f.WriteIndexed(0x3D4, 0x07, 0x00);
        f.WriteIndexed(0x3D4, 0x11, 0x8E); // protect
        f.WriteIndexed(0x3D4, 0x00, 0x11);
        f.WriteIndexed(0x3D4, 0x07, 0xFF);
        f.WriteIndexed(0x3D4, 0x09, 0x4F); // not protected
        Assert.Equal(0x5F, f.ReadIndexed(0x3D4, 0x00));
        Assert.Equal(0x10, f.ReadIndexed(0x3D4, 0x07));
        Assert.Equal(0x4F, f.ReadIndexed(0x3D4, 0x09));

        f.WriteIndexed(0x3D4, 0x11, 0x0E);
        f.WriteIndexed(0x3D4, 0x00, 0x11);
        Assert.Equal(0x11, f.ReadIndexed(0x3D4, 0x00));
    }

    [Fact]
    public void GraphicsControllerRegistersReadBack()
    {
        var f = new VgaFixture();
        byte[] values = { 0x0A, 0x05, 0x03, 0x1B, 0x02, 0x4B, 0x0D, 0x0C, 0x3C };
        for (byte i = 0; i < values.Length; i++)
            f.WriteIndexed(0x3CE, i, values[i]);
        for (byte i = 0; i < values.Length; i++)
            Assert.Equal(values[i], f.ReadIndexed(0x3CE, i));
    }

    [Fact]
    public void AttributeFlipFlopAlternatesAndInputStatusResetsIt()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x67);
        f.In(0x3DA);
        f.Out(0x3C0, 0x10); // index: mode control, PAS clear
        f.Out(0x3C0, 0x41); // data
        Assert.Equal(0x41, f.In(0x3C1));
        Assert.Equal(0x10, f.In(0x3C0));

        f.Out(0x3C0, 0x33); // index again (PAS set, register 0x13)
        Assert.Equal(0x33, f.In(0x3C0));
        Assert.True(f.Adapter.AttributeFlipFlopAtData);
        f.In(0x3DA); // reset to index state
        Assert.False(f.Adapter.AttributeFlipFlopAtData);
        f.Out(0x3C0, 0x21); // index: palette 1, PAS set
        f.Out(0x3C0, 0xFF); // palette entries hold 6 bits
        Assert.Equal(0x3F, f.In(0x3C1));
        Assert.True(f.Adapter.PaletteAddressSource);
    }

    [Fact]
    public void DacWriteAndReadAutoIncrementAfterBlue()
    {
        var f = new VgaFixture();
        f.Out(0x3C8, 5);
        foreach (byte b in new byte[] { 1, 2, 3, 4, 5, 6 })
            f.Out(0x3C9, b);
        Assert.Equal(7, f.In(0x3C8));
        Assert.Equal(0x00, f.In(0x3C7)); // DAC state: write mode

        f.Out(0x3C7, 5);
        Assert.Equal(0x03, f.In(0x3C7)); // read mode
        byte[] read = new byte[6];
        for (int i = 0; i < 6; i++)
            read[i] = f.In(0x3C9);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, read);
        Assert.Equal((byte)4, f.Adapter.GetDacEntry(6).Red);

        f.Out(0x3C6, 0x0F);
        Assert.Equal(0x0F, f.In(0x3C6));
    }

    [Fact]
    public void DacWriteIndexRestartsTheComponentCount()
    {
        var f = new VgaFixture();
        f.Out(0x3C8, 9);
        f.Out(0x3C9, 0x3F);
        f.Out(0x3C8, 9); // abandon the partial triplet
        f.Out(0x3C9, 1);
        f.Out(0x3C9, 2);
        f.Out(0x3C9, 3);
        Assert.Equal(((byte)1, (byte)2, (byte)3), f.Adapter.GetDacEntry(9));
    }

    [Fact]
    public void InputStatus1RetraceBitsFollowVirtualTime()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x67);
        f.Clock.NowNanoseconds = 0;
        Assert.Equal(0x00, f.In(0x3DA) & 0x09);

        f.Clock.NowNanoseconds = VgaTiming.LineNanoseconds * 9 / 10; // horizontal blanking
        Assert.Equal(0x01, f.In(0x3DA) & 0x09);

        f.Clock.NowNanoseconds = VgaTiming.LineNanoseconds * 485; // vertical blanking, no retrace yet
        Assert.Equal(0x01, f.In(0x3DA) & 0x09);

        f.Clock.NowNanoseconds = VgaTiming.LineNanoseconds * 490 + 10; // vertical retrace
        Assert.Equal(0x09, f.In(0x3DA) & 0x09);

        f.Clock.NowNanoseconds = VgaTiming.FrameNanoseconds + 10; // the next frame begins
        Assert.Equal(0x00, f.In(0x3DA) & 0x09);

        // A poll loop sees exactly one retrace per 60 Hz frame.
        int edges = 0;
        bool previous = false;
        for (long t = 0; t < VgaTiming.FrameNanoseconds * 3; t += 20_000)
        {
            f.Clock.NowNanoseconds = t;
            bool retrace = (f.In(0x3DA) & 0x08) != 0;
            if (retrace && !previous)
                edges++;
            previous = retrace;
        }
        Assert.Equal(3, edges);
    }

    [Fact]
    public void MonochromeStatusPortAnswersOnlyInMonochromeDecode()
    {
        var f = new VgaFixture();
        f.Out(0x3C2, 0x66);
        f.Clock.NowNanoseconds = VgaTiming.LineNanoseconds * 490 + 10;
        Assert.Equal(0x08, f.In(0x3BA) & 0x08);
        Assert.Equal(0xFF, f.In(0x3DA));
    }

    [Fact]
    public void SnapshotRoundTripsRegistersAndMemory()
    {
        var f = new VgaFixture();
        f.SetMode13();
        f.SetDac(7, 1, 2, 3);
        f.Poke(100, 0x77);
        VgaState state = f.Adapter.SaveState();

        var g = new VgaFixture();
        g.Adapter.LoadState(state);
        Assert.Equal(0x77, g.Peek(100));
        Assert.Equal(((byte)1, (byte)2, (byte)3), g.Adapter.GetDacEntry(7));
        Assert.Equal(0x63, g.In(0x3CC));
    }
}
