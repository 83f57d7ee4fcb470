namespace PcEmu.Devices.Tests.Vga;

/// <summary>The graphics controller's write modes 0-3, read modes 0-1, latches, bit mask, and the addressing modes, through the window.</summary>
public sealed class VgaMemoryTests
{
    private static VgaFixture Planar()
    {
        var f = new VgaFixture();
        f.SetMode12();
        return f;
    }

    private static byte ReadPlane(VgaFixture f, int plane, uint offset)
    {
        f.WriteIndexed(0x3CE, 0x05, 0x00); // read mode 0 (write mode 0)
        f.WriteIndexed(0x3CE, 0x04, (byte)plane);
        return f.Peek(offset);
    }

    private static void FillPlanes(VgaFixture f, uint offset, byte p0, byte p1, byte p2, byte p3)
    {
        byte[] values = { p0, p1, p2, p3 };
        f.WriteIndexed(0x3CE, 0x05, 0x00);
        f.WriteIndexed(0x3CE, 0x01, 0x00);
        f.WriteIndexed(0x3CE, 0x03, 0x00);
        f.WriteIndexed(0x3CE, 0x08, 0xFF);
        for (int p = 0; p < 4; p++)
        {
            f.WriteIndexed(0x3C4, 0x02, (byte)(1 << p));
            f.Poke(offset, values[p]);
        }
        f.WriteIndexed(0x3C4, 0x02, 0x0F);
    }

    [Fact]
    public void MapMaskSelectsPlanesInWriteMode0()
    {
        var f = Planar();
        f.WriteIndexed(0x3C4, 0x02, 0x05); // planes 0 and 2
        f.Poke(10, 0xA5);
        Assert.Equal(0xA5, ReadPlane(f, 0, 10));
        Assert.Equal(0x00, ReadPlane(f, 1, 10));
        Assert.Equal(0xA5, ReadPlane(f, 2, 10));
        Assert.Equal(0x00, ReadPlane(f, 3, 10));
    }

    [Fact]
    public void WriteMode0SetResetRotateLogicalOpAndBitMask()
    {
        var f = Planar();
        FillPlanes(f, 0, 0xF0, 0xF0, 0xF0, 0xF0);
        f.Peek(0); // load the latches
        f.WriteIndexed(0x3CE, 0x00, 0x05); // set/reset: planes 0 and 2 set
        f.WriteIndexed(0x3CE, 0x01, 0x03); // enable set/reset for planes 0 and 1
        f.WriteIndexed(0x3CE, 0x03, 0x01 | (byte)((int)PcEmu.Devices.Vga.VgaLogicalOperation.Xor << 3)); // rotate right 1, XOR
        f.WriteIndexed(0x3CE, 0x08, 0x3C); // bit mask
        f.Poke(0, 0x03); // rotated: 0x81

        // plane 0: set/reset 1 -> FF ^ F0 = 0F; masked: (0F & 3C) | (F0 & C3) = 0C | C0 = CC
        Assert.Equal(0xCC, ReadPlane(f, 0, 0));
        // plane 1: set/reset 0 -> 00 ^ F0 = F0; masked: 30 | C0 = F0
        Assert.Equal(0xF0, ReadPlane(f, 1, 0));
        // plane 2: data 81 ^ F0 = 71; masked: 30 | C0 = F0
        Assert.Equal(0xF0, ReadPlane(f, 2, 0));
        // plane 3: same as plane 2
        Assert.Equal(0xF0, ReadPlane(f, 3, 0));
    }

    [Fact]
    public void WriteMode0AndOrOperations()
    {
        var f = Planar();
        FillPlanes(f, 0, 0x0F, 0x0F, 0x0F, 0x0F);
        f.Peek(0);
        f.WriteIndexed(0x3CE, 0x03, 0x08); // AND
        f.Poke(0, 0x3C);
        Assert.Equal(0x0C, ReadPlane(f, 3, 0));

        f.Peek(0);
        f.WriteIndexed(0x3CE, 0x03, 0x10); // OR
        f.WriteIndexed(0x3CE, 0x05, 0x00);
        f.Poke(0, 0x30);
        Assert.Equal(0x3C, ReadPlane(f, 1, 0));
    }

    [Fact]
    public void WriteMode1CopiesTheLatches()
    {
        var f = Planar();
        FillPlanes(f, 0, 0x11, 0x22, 0x33, 0x44);
        f.WriteIndexed(0x3CE, 0x05, 0x01);
        f.Peek(0); // latches from offset 0
        f.Poke(200, 0xEE); // the CPU data is ignored
        Assert.Equal(0x11, ReadPlane(f, 0, 200));
        Assert.Equal(0x22, ReadPlane(f, 1, 200));
        Assert.Equal(0x33, ReadPlane(f, 2, 200));
        Assert.Equal(0x44, ReadPlane(f, 3, 200));
    }

    [Fact]
    public void WriteMode2ExpandsColourBitsThroughTheBitMask()
    {
        var f = Planar();
        FillPlanes(f, 0, 0x00, 0xFF, 0x00, 0xFF);
        f.Peek(0);
        f.WriteIndexed(0x3CE, 0x05, 0x02);
        f.WriteIndexed(0x3CE, 0x08, 0x81);
        f.Poke(0, 0x05); // colour 0101: planes 0 and 2 set
        Assert.Equal(0x81, ReadPlane(f, 0, 0));
        Assert.Equal(0x7E, ReadPlane(f, 1, 0));
        Assert.Equal(0x81, ReadPlane(f, 2, 0));
        Assert.Equal(0x7E, ReadPlane(f, 3, 0));
    }

    [Fact]
    public void WriteMode3UsesRotatedDataAndBitMaskWithSetReset()
    {
        var f = Planar();
        FillPlanes(f, 0, 0x00, 0x00, 0x00, 0x00);
        f.Peek(0);
        f.WriteIndexed(0x3CE, 0x05, 0x03);
        f.WriteIndexed(0x3CE, 0x00, 0x0C); // colour 1100
        f.WriteIndexed(0x3CE, 0x08, 0xF0);
        f.Poke(0, 0x3C); // effective mask 3C & F0 = 30
        Assert.Equal(0x00, ReadPlane(f, 0, 0));
        Assert.Equal(0x00, ReadPlane(f, 1, 0));
        Assert.Equal(0x30, ReadPlane(f, 2, 0));
        Assert.Equal(0x30, ReadPlane(f, 3, 0));
    }

    [Fact]
    public void ReadMode1ComparesColoursWithDontCare()
    {
        var f = Planar();
        FillPlanes(f, 0, 0b1100_1100, 0b1010_1010, 0b1111_0000, 0b0000_0000);
        f.WriteIndexed(0x3CE, 0x05, 0x08); // read mode 1
        f.WriteIndexed(0x3CE, 0x02, 0x07); // colour 0111
        f.WriteIndexed(0x3CE, 0x07, 0x0F);
        // pixel colours (bit 7 first): p0 1100 1100, p1 1010 1010, p2 1111 0000, p3 0 -> 0111 at bit 7 only
        Assert.Equal(0b1000_0000, f.Peek(0));
        f.WriteIndexed(0x3CE, 0x07, 0x01); // only plane 0 matters
        Assert.Equal(0b1100_1100, f.Peek(0));
        f.WriteIndexed(0x3CE, 0x07, 0x00); // nothing matters: all match
        Assert.Equal(0xFF, f.Peek(0));
    }

    [Fact]
    public void ReadLoadsAllFourLatches()
    {
        var f = Planar();
        FillPlanes(f, 42, 1, 2, 3, 4);
        f.Peek(42);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, f.Adapter.Latches.ToArray());
    }

    [Fact]
    public void Chain4SelectsThePlaneWithTheLowAddressBits()
    {
        var f = new VgaFixture();
        f.SetMode13();
        for (uint i = 0; i < 8; i++)
            f.Poke(i, (byte)(0x10 + i));
        for (uint i = 0; i < 8; i++)
            Assert.Equal(0x10 + i, f.Peek(i));
        Assert.Equal(0x10, f.Adapter.Plane(0)[0]);
        Assert.Equal(0x13, f.Adapter.Plane(3)[0]);
        Assert.Equal(0x14, f.Adapter.Plane(0)[4]);
        Assert.Equal(0x00, f.Adapter.Plane(1)[1]);

        // Unchained ("mode X") access sees the same bytes at the plane addresses.
        f.WriteIndexed(0x3C4, 0x04, 0x06);
        Assert.Equal(0x15, ReadPlane(f, 1, 4));
    }

    [Fact]
    public void OddEvenSendsCharactersToPlane0AndAttributesToPlane1()
    {
        var f = new VgaFixture();
        f.SetMode03();
        f.Poke(VgaFixture.TextWindow + 4, (byte)'A');
        f.Poke(VgaFixture.TextWindow + 5, 0x1F);
        Assert.Equal((byte)'A', f.Adapter.Plane(0)[4]);
        Assert.Equal(0x1F, f.Adapter.Plane(1)[4]);
        Assert.Equal(0x00, f.Adapter.Plane(2)[4]); // the font is protected by the map mask
        Assert.Equal((byte)'A', f.Peek(VgaFixture.TextWindow + 4));
        Assert.Equal(0x1F, f.Peek(VgaFixture.TextWindow + 5));
    }

    [Fact]
    public void MemoryMapSelectDecodesOnlyItsWindow()
    {
        var f = new VgaFixture();
        f.SetMode03(); // B8000-BFFFF
        f.Poke(0x0000, 0x55);
        Assert.Equal(0xFF, f.Peek(0x0000));
        Assert.Equal(0xFF, f.Peek(0x10000)); // B0000 not decoded
        Assert.Equal(0x00, f.Adapter.Plane(0)[0]);
    }
}
