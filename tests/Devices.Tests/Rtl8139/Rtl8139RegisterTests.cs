using PcEmu.Devices.Rtl8139;

namespace PcEmu.Devices.Tests.Rtl8139;

/// <summary>ISR/IMR and the interrupt line, reset, 9346CR and CONFIG, media status, the timer.</summary>
public sealed class Rtl8139RegisterTests
{
    [Fact]
    public void Isr_is_write_one_to_clear_and_imr_masks_the_line()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab | Rtl8139Rcr.Aap);
        f.Write16(Rtl8139Register.Imr, 0);
        f.Write32(Rtl8139Register.Tcr, (uint)Rtl8139Tcr.LbkMask);
        f.Write32(Rtl8139Register.Tsad0, Rtl8139Fixture.TxBufferAddress);
        f.Memory.WriteBlock(Rtl8139Fixture.TxBufferAddress, Rtl8139Fixture.Broadcast(60));
        f.Write32(Rtl8139Register.Tsd0, 60);
        Assert.Equal(Rtl8139Interrupt.Tok | Rtl8139Interrupt.Rok, f.Isr);
        Assert.False(f.Irq.Level); // masked

        f.Write16(Rtl8139Register.Imr, (ushort)Rtl8139Interrupt.Tok);
        Assert.True(f.Irq.Level);
        f.Write8(Rtl8139Register.Isr + 1, 0xFF); // high byte only: ROK and TOK untouched
        Assert.Equal(Rtl8139Interrupt.Tok | Rtl8139Interrupt.Rok, f.Isr);
        f.Write16(Rtl8139Register.Isr, (ushort)Rtl8139Interrupt.Tok);
        Assert.Equal(Rtl8139Interrupt.Rok, f.Isr);
        Assert.False(f.Irq.Level); // ROK pending but masked
        f.Write16(Rtl8139Register.Imr, (ushort)Rtl8139Interrupt.All);
        Assert.True(f.Irq.Level);
        Assert.Equal((ushort)Rtl8139Interrupt.All, f.Read16(Rtl8139Register.Imr));
        f.Write16(Rtl8139Register.Isr, 0xFFFF);
        Assert.False(f.Irq.Level);
        Assert.Equal(2, f.Irq.RisingEdges);
    }

    [Fact]
    public void Software_reset_clears_the_engine_and_keeps_addresses_and_configuration()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab | Rtl8139Rcr.Wrap);
        f.Write8(Rtl8139Register.Mar0 + 3, 0x80);
        f.Write8(Rtl8139Register.Idr0 + 5, 0x99);
        f.Write32(Rtl8139Register.Tsad0, 0x1234);
        f.Deliver(Rtl8139Fixture.Broadcast(100));
        f.Write32(Rtl8139Register.Tsd1, 0); // aborted: size 0
        Assert.True(f.Irq.Level);

        f.Write8(Rtl8139Register.Cr, (byte)Rtl8139Cr.Rst);

        Assert.Equal((byte)Rtl8139Cr.Bufe, f.Read8(Rtl8139Register.Cr)); // RST done, RE/TE off, ring empty
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
        Assert.Equal(0, f.Read16(Rtl8139Register.Imr));
        Assert.False(f.Irq.Level);
        Assert.Equal(0, f.Read16(Rtl8139Register.Cbr));
        Assert.Equal(0xFFF0, f.Read16(Rtl8139Register.Capr));
        Assert.Equal((uint)Rtl8139Tsd.Own, f.Read32(Rtl8139Register.Tsd1));
        Assert.Equal(0x99, f.Read8(Rtl8139Register.Idr0 + 5));
        Assert.Equal(0x80, f.Read8(Rtl8139Register.Mar0 + 3));
        Assert.Equal(Rtl8139Fixture.RingAddress, f.Read32(Rtl8139Register.Rbstart));
        Assert.Equal(0x1234u, f.Read32(Rtl8139Register.Tsad0));
        Assert.Equal((uint)(Rtl8139Rcr.Ab | Rtl8139Rcr.Wrap), f.Read32(Rtl8139Register.Rcr));
    }

    [Fact]
    public void Idr_holds_the_eeprom_mac_and_auto_load_restores_it()
    {
        var f = new Rtl8139Fixture();
        Assert.Equal(0x12005452u, f.Read32(Rtl8139Register.Idr0));
        Assert.Equal(0x5634u, f.Read16(Rtl8139Register.Idr4));
        f.Write32(Rtl8139Register.Idr0, 0xAABBCCDD);
        Assert.Equal(0xAABBCCDDu, f.Read32(Rtl8139Register.Idr0));

        f.Write8(Rtl8139Register.Cr9346, (byte)Rtl8139Cr9346.AutoLoad);

        Assert.Equal(Rtl8139Fixture.Mac, Enumerable.Range(0, 6).Select(i => f.Read8(Rtl8139Register.Idr0 + i)).ToArray());
        Assert.Equal(0, f.Read8(Rtl8139Register.Cr9346));
    }

    /// <summary>Linux 8139too read_eeprom: bit-bangs a READ of one word through 9346CR.</summary>
    private static ushort ReadEeprom(Rtl8139Fixture f, int location, int addressLength)
    {
        const byte enable = (byte)(Rtl8139Cr9346.Programming | Rtl8139Cr9346.Eecs);
        const byte clock = (byte)Rtl8139Cr9346.Eesk, dataWrite = (byte)Rtl8139Cr9346.Eedi;
        int command = location | (6 << addressLength);
        f.Write8(Rtl8139Register.Cr9346, (byte)Rtl8139Cr9346.Programming);
        f.Write8(Rtl8139Register.Cr9346, enable);
        for (int i = 4 + addressLength; i >= 0; i--)
        {
            byte data = (command & (1 << i)) != 0 ? dataWrite : (byte)0;
            f.Write8(Rtl8139Register.Cr9346, (byte)(enable | data));
            f.Write8(Rtl8139Register.Cr9346, (byte)(enable | data | clock));
        }
        f.Write8(Rtl8139Register.Cr9346, enable);
        int value = 0;
        for (int i = 16; i > 0; i--)
        {
            f.Write8(Rtl8139Register.Cr9346, (byte)(enable | clock));
            value = (value << 1) | (f.Read8(Rtl8139Register.Cr9346) & (byte)Rtl8139Cr9346.Eedo);
            f.Write8(Rtl8139Register.Cr9346, enable);
        }
        f.Write8(Rtl8139Register.Cr9346, 0);
        return (ushort)value;
    }

    [Fact]
    public void The_eeprom_reads_out_bit_banged_like_linux_does()
    {
        var f = new Rtl8139Fixture();
        Assert.NotEqual(0x8129, ReadEeprom(f, 0, 8)); // so Linux picks 6-bit addresses (a 93C46)
        Assert.Equal(0x8129, ReadEeprom(f, 0, 6));
        Assert.Equal(0x10EC, ReadEeprom(f, 1, 6));
        Assert.Equal(0x8139, ReadEeprom(f, 2, 6));
        byte[] mac = new byte[6];
        for (int i = 0; i < 3; i++)
        {
            ushort word = ReadEeprom(f, 7 + i, 6);
            mac[2 * i] = (byte)word;
            mac[2 * i + 1] = (byte)(word >> 8);
        }
        Assert.Equal(Rtl8139Fixture.Mac, mac);
    }

    [Fact]
    public void Config_registers_change_only_with_config_write_enabled()
    {
        var f = new Rtl8139Fixture();
        byte config1 = f.Read8(Rtl8139Register.Config1);
        f.Write8(Rtl8139Register.Config1, (byte)Rtl8139Config1.Dvrload);
        f.Write8(Rtl8139Register.Config3, (byte)Rtl8139Config3.Magic);
        Assert.Equal(config1, f.Read8(Rtl8139Register.Config1));
        Assert.Equal(0, f.Read8(Rtl8139Register.Config3));

        f.Write8(Rtl8139Register.Cr9346, (byte)Rtl8139Cr9346.ConfigWriteEnable);
        f.Write8(Rtl8139Register.Config1, (byte)Rtl8139Config1.Dvrload);
        f.Write8(Rtl8139Register.Config3, (byte)Rtl8139Config3.Magic);
        f.Write8(Rtl8139Register.Config4, (byte)Rtl8139Config4.RxFifoAutoClr);
        f.Write8(Rtl8139Register.Cr9346, 0);
        Assert.Equal((byte)(Rtl8139Config1.Dvrload | Rtl8139Config1.Iomap | Rtl8139Config1.Memmap), f.Read8(Rtl8139Register.Config1));
        Assert.Equal((byte)Rtl8139Config3.Magic, f.Read8(Rtl8139Register.Config3));
        Assert.Equal((byte)Rtl8139Config4.RxFifoAutoClr, f.Read8(Rtl8139Register.Config4));
    }

    [Fact]
    public void Media_status_follows_the_link_and_a_change_raises_linkchg()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        Assert.Equal(0, f.Read8(Rtl8139Register.Msr)); // link up, 100 Mb/s
        var bmsr = (Rtl8139Bmsr)f.Read16(Rtl8139Register.Bmsr);
        Assert.True(bmsr.HasFlag(Rtl8139Bmsr.LinkStatus | Rtl8139Bmsr.AutoNegComplete | Rtl8139Bmsr.Base100TxFullDuplex));
        var bmcr = (Rtl8139Bmcr)f.Read16(Rtl8139Register.Bmcr);
        Assert.True(bmcr.HasFlag(Rtl8139Bmcr.Speed100 | Rtl8139Bmcr.Duplex | Rtl8139Bmcr.AutoNegEnable));

        f.Backend.LinkUp = false;
        f.Nic.PollBackend();
        Assert.Equal(Rtl8139Interrupt.PunLinkChg, f.Isr);
        Assert.True(f.Irq.Level);
        Assert.Equal((byte)Rtl8139Msr.Linkb, f.Read8(Rtl8139Register.Msr));
        Assert.False(((Rtl8139Bmsr)f.Read16(Rtl8139Register.Bmsr)).HasFlag(Rtl8139Bmsr.LinkStatus));
    }

    [Fact]
    public void Tctr_counts_pci_clocks_and_timerint_raises_timeout()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Write32(Rtl8139Register.Tctr, 0);
        f.Advance(1_000); // 1 us = 33 clocks
        Assert.Equal(33u, f.Read32(Rtl8139Register.Tctr));

        f.Write32(Rtl8139Register.TimerInt, 33_000); // 1 ms after the restart
        f.Advance(998_000);
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
        f.Advance(1_000);
        Assert.Equal(Rtl8139Interrupt.TimeOut, f.Isr);
        Assert.True(f.Irq.Level);

        f.Write16(Rtl8139Register.Isr, (ushort)Rtl8139Interrupt.TimeOut);
        f.Write32(Rtl8139Register.TimerInt, 0); // disabled
        f.Advance(200_000_000_000);
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
    }

    [Fact]
    public void Mpc_and_snapshot_round_trip()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Deliver(Rtl8139Fixture.Broadcast(100));
        Rtl8139State state = f.Nic.SaveState();
        f.Write8(Rtl8139Register.Cr, (byte)Rtl8139Cr.Rst);
        f.Nic.LoadState(state);
        Assert.Equal(108, f.Read16(Rtl8139Register.Cbr));
        Assert.Equal(Rtl8139Interrupt.Rok, f.Isr);
        Assert.True(f.Irq.Level);
        Assert.Equal(Rtl8139Fixture.RingAddress, f.Read32(Rtl8139Register.Rbstart));
    }

    [Fact]
    public void Accesses_past_the_window_read_all_ones()
    {
        var f = new Rtl8139Fixture();
        Assert.Equal(Rtl8139Chip.Revision, f.Read8(Rtl8139Register.Rerid));
        Assert.Equal(0xFFFF_FF00u | f.Nic.Read(0xFF, 1), f.Nic.Read(0xFF, 4));
    }
}
