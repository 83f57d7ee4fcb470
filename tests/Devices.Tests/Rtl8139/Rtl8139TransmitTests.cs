using PcEmu.Devices.Rtl8139;

namespace PcEmu.Devices.Tests.Rtl8139;

/// <summary>The four transmit descriptors: hand-over through OWN, TOK, reuse, errors, loopback.</summary>
public sealed class Rtl8139TransmitTests
{
    private static Rtl8139Register Tsd(int d) => Rtl8139Register.Tsd0 + 4 * d;

    private static Rtl8139Register Tsad(int d) => Rtl8139Register.Tsad0 + 4 * d;

    private static byte[] Put(Rtl8139Fixture f, uint address, int length, byte seed)
    {
        byte[] frame = Rtl8139Fixture.Frame(new byte[] { 0x02, 0, 0, 0, 0, 1 }, length, seed);
        f.Memory.WriteBlock(address, frame);
        return frame;
    }

    [Fact]
    public void Descriptors_start_owned_by_the_host()
    {
        var f = new Rtl8139Fixture();
        for (int d = 0; d < 4; d++)
            Assert.Equal((uint)Rtl8139Tsd.Own, f.Read32(Tsd(d)));
        Assert.Equal(0x000Fu, f.Read16(Rtl8139Register.TsadSummary));
    }

    [Fact]
    public void All_four_descriptors_in_turn_and_then_reused()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        var expected = new List<byte[]>();
        for (int i = 0; i < 8; i++)
        {
            int d = i % 4;
            uint buffer = Rtl8139Fixture.TxBufferAddress + (uint)(d * 0x800);
            expected.Add(Put(f, buffer, 100 + i, (byte)i));
            f.Write32(Tsad(d), buffer);
            f.Write32(Tsd(d), (uint)(100 + i) | (2u << 16)); // size, early threshold 64 bytes, OWN = 0

            uint tsd = f.Read32(Tsd(d));
            Assert.Equal((uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tok) | (uint)(100 + i) | (2u << 16), tsd);
            Assert.Equal(Rtl8139Interrupt.Tok, f.Isr);
            Assert.True(f.Irq.Level);
            f.Write16(Rtl8139Register.Isr, (ushort)Rtl8139Interrupt.Tok);
            Assert.False(f.Irq.Level);
        }
        Assert.Equal(expected, f.Backend.Sent);
        Assert.Equal(0xF00Fu, f.Read16(Rtl8139Register.TsadSummary)); // TOK and OWN of all four
    }

    [Fact]
    public void A_descriptor_handed_over_while_the_transmitter_is_off_leaves_when_te_is_set()
    {
        var f = new Rtl8139Fixture();
        byte[] frame = Put(f, Rtl8139Fixture.TxBufferAddress, 60, 3);
        f.Write32(Tsad(0), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Tsd(0), 60);
        Assert.Empty(f.Backend.Sent);
        Assert.Equal(60u, f.Read32(Tsd(0)));

        f.Write8(Rtl8139Register.Cr, (byte)Rtl8139Cr.Te);
        Assert.Equal(new[] { frame }, f.Backend.Sent);
    }

    [Fact]
    public void A_buffer_outside_ram_aborts_with_ter_and_clrabt_retransmits()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Write32(Tsad(1), 0xFFFF_FF00);
        f.Write32(Tsd(1), 1000);
        Assert.Equal((uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tabt) | 1000, f.Read32(Tsd(1)));
        Assert.Equal(Rtl8139Interrupt.Ter | Rtl8139Interrupt.Serr, f.Isr);
        Assert.Empty(f.Backend.Sent);

        byte[] frame = Put(f, Rtl8139Fixture.TxBufferAddress, 1000, 1);
        f.Write32(Tsad(1), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Rtl8139Register.Tcr, f.Read32(Rtl8139Register.Tcr) | (uint)Rtl8139Tcr.Clrabt);
        Assert.Equal(new[] { frame }, f.Backend.Sent);
        Assert.Equal((uint)(Rtl8139Tsd.Own | Rtl8139Tsd.Tok) | 1000, f.Read32(Tsd(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Rtl8139Chip.MaxTransmitBytes + 1)]
    public void Bad_sizes_abort(int size)
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Write32(Tsad(0), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Tsd(0), (uint)size);
        Assert.Equal(Rtl8139Interrupt.Ter, f.Isr);
        Assert.Empty(f.Backend.Sent);
    }

    [Fact]
    public void Tcr_keeps_the_hardware_version_and_crc_bit_strips_the_fcs()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        Assert.Equal(Rtl8139Chip.HardwareVersion, f.Read32(Rtl8139Register.Tcr) & (uint)Rtl8139Tcr.HwverIdMask);
        f.Write32(Rtl8139Register.Tcr, (uint)Rtl8139Tcr.Crc);
        Assert.Equal(Rtl8139Chip.HardwareVersion | (uint)Rtl8139Tcr.Crc, f.Read32(Rtl8139Register.Tcr));
        byte[] frame = Put(f, Rtl8139Fixture.TxBufferAddress, 64, 0);
        f.Write32(Tsad(0), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Tsd(0), 64);
        Assert.Equal(frame[..60], Assert.Single(f.Backend.Sent));
    }

    [Fact]
    public void Loopback_mode_receives_what_it_sends()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Aap);
        f.Write32(Rtl8139Register.Tcr, (uint)Rtl8139Tcr.LbkMask);
        byte[] frame = Put(f, Rtl8139Fixture.TxBufferAddress, 80, 9);
        f.Write32(Tsad(2), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Tsd(2), 80);
        Assert.Empty(f.Backend.Sent);
        Assert.Equal(Rtl8139Interrupt.Tok | Rtl8139Interrupt.Rok, f.Isr);
        Assert.Equal(frame, f.ReadMemory(Rtl8139Fixture.RingAddress + 4, 80));
    }

    [Fact]
    public void No_dma_without_bus_master()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Pci.Config.Write(4, 2, 1); // I/O only
        f.Pci.ConfigWritten(4, 2);
        Put(f, Rtl8139Fixture.TxBufferAddress, 60, 0);
        f.Write32(Tsad(0), Rtl8139Fixture.TxBufferAddress);
        f.Write32(Tsd(0), 60);
        Assert.Empty(f.Backend.Sent);
        Assert.Equal(Rtl8139Interrupt.Ter, f.Isr);
    }
}
