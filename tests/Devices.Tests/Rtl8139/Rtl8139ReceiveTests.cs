using System.Buffers.Binary;
using PcEmu.Devices.Rtl8139;

namespace PcEmu.Devices.Tests.Rtl8139;

/// <summary>The receive ring: header, CRC, alignment, CAPR/CBR, wrap with WRAP = 0 and 1, overflow, accept filters.</summary>
public sealed class Rtl8139ReceiveTests
{
    private const Rtl8139Rcr AcceptAll = Rtl8139Rcr.Ab | Rtl8139Rcr.Apm | Rtl8139Rcr.Am;

    [Fact]
    public void A_received_frame_gets_header_crc_and_dword_alignment()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        Assert.Equal((byte)Rtl8139Cr.Bufe, (byte)(f.Read8(Rtl8139Register.Cr) & (byte)Rtl8139Cr.Bufe));
        byte[] frame = Rtl8139Fixture.Broadcast(101);

        Assert.Equal(1, f.Deliver(frame));

        byte[] ring = f.ReadMemory(Rtl8139Fixture.RingAddress, 4 + 101 + 4);
        Assert.Equal((ushort)(Rtl8139RxStatus.Rok | Rtl8139RxStatus.Bar), BinaryPrimitives.ReadUInt16LittleEndian(ring));
        Assert.Equal(101 + 4, BinaryPrimitives.ReadUInt16LittleEndian(ring.AsSpan(2)));
        Assert.Equal(frame, ring[4..105]);
        Assert.Equal(EthernetCrc.Fcs(frame), BinaryPrimitives.ReadUInt32LittleEndian(ring.AsSpan(105)));
        Assert.Equal(112, f.Read16(Rtl8139Register.Cbr)); // 4 + 101 + 4 = 109, rounded up to a dword
        Assert.Equal(0, f.Read8(Rtl8139Register.Cr) & (byte)Rtl8139Cr.Bufe);
        Assert.Equal(Rtl8139Interrupt.Rok, f.Isr);
        Assert.True(f.Irq.Level);
    }

    [Fact]
    public void Crc_is_the_ieee_frame_check_sequence()
    {
        Assert.Equal(0xCBF43926u, EthernetCrc.Fcs("123456789"u8));
    }

    [Fact]
    public void Short_frames_are_padded_to_the_minimum()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        f.Deliver(Rtl8139Fixture.Broadcast(20));
        byte[] header = f.ReadMemory(Rtl8139Fixture.RingAddress, 4);
        Assert.Equal(64, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2)));
        Assert.Equal(68, f.Read16(Rtl8139Register.Cbr));
    }

    [Fact]
    public void Capr_reads_back_minus_16_and_empties_the_ring()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        Assert.Equal(0xFFF0, f.Read16(Rtl8139Register.Capr)); // read pointer 0 minus 16
        f.Deliver(Rtl8139Fixture.Broadcast(100));
        f.Deliver(Rtl8139Fixture.Broadcast(100));
        Assert.Equal(216, f.Read16(Rtl8139Register.Cbr));

        f.Consume(108);
        Assert.Equal(108 - 16, f.Read16(Rtl8139Register.Capr));
        Assert.Equal(0, f.Read8(Rtl8139Register.Cr) & (byte)Rtl8139Cr.Bufe);
        f.Consume(216);
        Assert.Equal((byte)Rtl8139Cr.Bufe, f.Read8(Rtl8139Register.Cr) & (byte)Rtl8139Cr.Bufe);

        f.Deliver(Rtl8139Fixture.Broadcast(100, seed: 7));
        byte[] third = f.ReadMemory(Rtl8139Fixture.RingAddress + 216 + 4, 100);
        Assert.Equal(Rtl8139Fixture.Broadcast(100, seed: 7), third);
        Assert.Equal(324, f.Read16(Rtl8139Register.Cbr));
    }

    /// <summary>Eight 1000-byte frames (1008 bytes each) bring CBR to 8064, 128 bytes before the end of an 8 KiB ring.</summary>
    private static Rtl8139Fixture FillToNearEnd(Rtl8139Rcr rcr)
    {
        var f = new Rtl8139Fixture();
        f.Start(rcr);
        for (int i = 0; i < 8; i++)
        {
            f.Deliver(Rtl8139Fixture.Broadcast(1000, (byte)i));
            f.Consume(f.Read16(Rtl8139Register.Cbr));
        }
        Assert.Equal(8064, f.Read16(Rtl8139Register.Cbr));
        return f;
    }

    [Fact]
    public void Without_wrap_bit_a_packet_continues_at_the_start_of_the_ring()
    {
        var f = FillToNearEnd(AcceptAll);
        f.Memory.WriteBlock(Rtl8139Fixture.RingAddress + 8192, new byte[1000]); // past the end stays untouched
        byte[] frame = Rtl8139Fixture.Broadcast(1000, 0x55);

        f.Deliver(frame);

        byte[] packet = new byte[1008];
        f.Memory.ReadBlock(Rtl8139Fixture.RingAddress + 8064, packet.AsSpan(0, 128));
        f.Memory.ReadBlock(Rtl8139Fixture.RingAddress, packet.AsSpan(128));
        Assert.Equal(1004, BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(2)));
        Assert.Equal(frame, packet[4..1004]);
        Assert.Equal(EthernetCrc.Fcs(frame), BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(1004)));
        Assert.All(f.ReadMemory(Rtl8139Fixture.RingAddress + 8192, 1000), b => Assert.Equal(0, b));
        Assert.Equal(1008 - 128, f.Read16(Rtl8139Register.Cbr));
    }

    [Fact]
    public void With_wrap_bit_a_packet_runs_on_past_the_end()
    {
        var f = FillToNearEnd(AcceptAll | Rtl8139Rcr.Wrap);
        byte[] start = f.ReadMemory(Rtl8139Fixture.RingAddress, 1008);
        byte[] frame = Rtl8139Fixture.Broadcast(1000, 0x66);

        f.Deliver(frame);

        byte[] packet = f.ReadMemory(Rtl8139Fixture.RingAddress + 8064, 1008);
        Assert.Equal(frame, packet[4..1004]);
        Assert.Equal(start, f.ReadMemory(Rtl8139Fixture.RingAddress, 1008)); // the ring start is not touched
        Assert.Equal(1008 - 128, f.Read16(Rtl8139Register.Cbr)); // CBR still wraps
    }

    [Fact]
    public void A_64k_ring_wraps_even_with_the_wrap_bit()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll | Rtl8139Rcr.Wrap | (Rtl8139Rcr)(3 << 11));
        Assert.Equal(65536, f.Nic.RxBufferSize);
        for (int i = 0; i < 65; i++)
        {
            f.Deliver(Rtl8139Fixture.Broadcast(1000, (byte)i));
            f.Consume(f.Read16(Rtl8139Register.Cbr));
        }
        Assert.Equal(65 * 1008, f.Read16(Rtl8139Register.Cbr)); // 16 bytes before the end
        byte[] frame = Rtl8139Fixture.Broadcast(1000, 0x77);

        f.Deliver(frame);

        Assert.Equal(66 * 1008 - 65536, f.Read16(Rtl8139Register.Cbr));
        Assert.Equal(frame[12..], f.ReadMemory(Rtl8139Fixture.RingAddress, 1000 - 12)); // header + 12 bytes at the end, the rest at the start
    }

    [Fact]
    public void Ring_overflow_raises_rxovw_and_counts_a_missed_packet()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        for (int i = 0; i < 8; i++)
            f.Deliver(Rtl8139Fixture.Broadcast(1000, (byte)i)); // not consumed: 128 bytes left
        f.Write16(Rtl8139Register.Isr, 0xFFFF);

        f.Deliver(Rtl8139Fixture.Broadcast(1000));

        Assert.Equal(Rtl8139Interrupt.Rxovw, f.Isr);
        Assert.Equal(1u, f.Read32(Rtl8139Register.Mpc));
        Assert.Equal(8064, f.Read16(Rtl8139Register.Cbr));
        f.Write32(Rtl8139Register.Mpc, 0);
        Assert.Equal(0u, f.Read32(Rtl8139Register.Mpc));
    }

    [Fact]
    public void With_rxovw_masked_frames_wait_in_the_back_end_until_the_driver_frees_the_ring()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll, masked: Rtl8139Interrupt.Rxovw);
        for (int i = 0; i < 7; i++)
            Assert.Equal(1, f.Deliver(Rtl8139Fixture.Broadcast(1000, (byte)i)));
        Assert.Equal(7056, f.Read16(Rtl8139Register.Cbr)); // 1136 bytes left: less than a maximal frame

        Assert.Equal(0, f.Deliver(Rtl8139Fixture.Broadcast(1000, 9)));
        Assert.Equal(1, f.Backend.Pending);
        Assert.Equal(0u, f.Read32(Rtl8139Register.Mpc));

        f.Consume(7056);
        Assert.Equal(1, f.Nic.PollBackend());
        Assert.Equal(0, f.Backend.Pending);
    }

    [Fact]
    public void Broadcast_needs_ab()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Apm);
        f.Deliver(Rtl8139Fixture.Broadcast(64));
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
        Assert.Equal(0, f.Read16(Rtl8139Register.Cbr));
    }

    [Fact]
    public void Physical_match_needs_apm_and_sets_pam()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Ab);
        f.Deliver(Rtl8139Fixture.Frame(Rtl8139Fixture.Mac, 60));
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);

        f.Write32(Rtl8139Register.Rcr, (uint)Rtl8139Rcr.Apm);
        f.Deliver(Rtl8139Fixture.Frame(Rtl8139Fixture.Mac, 60));
        f.Deliver(Rtl8139Fixture.Frame(new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 }, 60)); // someone else
        Assert.Equal(Rtl8139Interrupt.Rok, f.Isr);
        Assert.Equal((ushort)(Rtl8139RxStatus.Rok | Rtl8139RxStatus.Pam), BinaryPrimitives.ReadUInt16LittleEndian(f.ReadMemory(Rtl8139Fixture.RingAddress, 2)));
        Assert.Equal(68, f.Read16(Rtl8139Register.Cbr));
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 }, 31)] // Linux ether_crc(6, addr) >> 26
    [InlineData(new byte[] { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 }, 62)]
    [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, 15)]
    public void Multicast_needs_am_and_its_hash_bit(byte[] group, int hashBit)
    {
        Assert.Equal(hashBit, EthernetCrc.MulticastHashIndex(group));
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Am);
        f.Deliver(Rtl8139Fixture.Frame(group, 64));
        Assert.Equal(Rtl8139Interrupt.None, f.Isr); // hash bit clear

        var mar = (Rtl8139Register)((int)Rtl8139Register.Mar0 + hashBit / 8);
        f.Write8(mar, (byte)(1 << (hashBit % 8)));
        f.Deliver(Rtl8139Fixture.Frame(group, 64));
        Assert.Equal(Rtl8139Interrupt.Rok, f.Isr);
        Assert.Equal((ushort)(Rtl8139RxStatus.Rok | Rtl8139RxStatus.Mar), BinaryPrimitives.ReadUInt16LittleEndian(f.ReadMemory(Rtl8139Fixture.RingAddress, 2)));

        f.Write32(Rtl8139Register.Rcr, (uint)Rtl8139Rcr.Ab); // AM off: the hash alone does not accept
        f.Write16(Rtl8139Register.Isr, 0xFFFF);
        f.Deliver(Rtl8139Fixture.Frame(group, 64));
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
    }

    [Fact]
    public void Promiscuous_accepts_every_frame()
    {
        var f = new Rtl8139Fixture();
        f.Start(Rtl8139Rcr.Aap);
        f.Deliver(Rtl8139Fixture.Frame(new byte[] { 0x02, 0, 0, 0, 0, 9 }, 60));
        f.Deliver(Rtl8139Fixture.Frame(new byte[] { 0x01, 0, 0x5E, 0, 0, 9 }, 60));
        f.Deliver(Rtl8139Fixture.Broadcast(60));
        Assert.Equal(3 * 68, f.Read16(Rtl8139Register.Cbr));
        Assert.Equal((ushort)Rtl8139RxStatus.Rok, BinaryPrimitives.ReadUInt16LittleEndian(f.ReadMemory(Rtl8139Fixture.RingAddress, 2)));
        Assert.Equal((ushort)(Rtl8139RxStatus.Rok | Rtl8139RxStatus.Mar), BinaryPrimitives.ReadUInt16LittleEndian(f.ReadMemory(Rtl8139Fixture.RingAddress + 68, 2)));
        Assert.Equal((ushort)(Rtl8139RxStatus.Rok | Rtl8139RxStatus.Bar), BinaryPrimitives.ReadUInt16LittleEndian(f.ReadMemory(Rtl8139Fixture.RingAddress + 136, 2)));
    }

    [Fact]
    public void Receiver_off_drops_frames()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        f.Write8(Rtl8139Register.Cr, (byte)Rtl8139Cr.Te);
        Assert.Equal(1, f.Deliver(Rtl8139Fixture.Broadcast(64)));
        Assert.Equal(0, f.Read16(Rtl8139Register.Cbr));
        Assert.Equal(0, f.Backend.Pending);
    }

    [Fact]
    public void A_ring_outside_ram_raises_serr_without_a_host_exception()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        f.Write32(Rtl8139Register.Rbstart, 0xFFFF_F000);
        f.Deliver(Rtl8139Fixture.Broadcast(1000));
        Assert.Equal(Rtl8139Interrupt.Serr, f.Isr);
        Assert.Equal(0, f.Read16(Rtl8139Register.Cbr));
    }

    [Fact]
    public void Oversized_frames_are_dropped()
    {
        var f = new Rtl8139Fixture();
        f.Start(AcceptAll);
        f.Deliver(Rtl8139Fixture.Broadcast(Rtl8139Chip.MaxFrameLength + 1));
        Assert.Equal(Rtl8139Interrupt.None, f.Isr);
    }
}
