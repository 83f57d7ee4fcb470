using System.Net;
using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Rtl8139;
using PcEmu.Devices.Tests.Rtl8139;

namespace PcEmu.Devices.Tests.Network;

/// <summary>Two RTL8139s cabled through the UDP back end on 127.0.0.1, as two emulators would be.</summary>
public sealed class Rtl8139OverUdpTests
{
    [Fact]
    public void A_frame_sent_by_one_nic_lands_in_the_other_nics_ring()
    {
        int portA = UdpSocketBackendTests.FreeUdpPort(), portB = UdpSocketBackendTests.FreeUdpPort();
        using var backendA = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, portB), new IPEndPoint(IPAddress.Loopback, portA));
        using var backendB = new UdpSocketBackend(new IPEndPoint(IPAddress.Loopback, portA), new IPEndPoint(IPAddress.Loopback, portB));
        byte[] macB = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0B };
        var a = new Rtl8139Fixture(backendA);
        var b = new Rtl8139Fixture(backendB, macB);
        a.Start(Rtl8139Rcr.Apm | Rtl8139Rcr.Ab);
        b.Start(Rtl8139Rcr.Apm | Rtl8139Rcr.Ab);
        using var arrived = new ManualResetEventSlim();
        backendB.FrameArrived += arrived.Set;

        byte[] frame = Rtl8139Fixture.Frame(macB, 200, 42);
        a.Memory.WriteBlock(Rtl8139Fixture.TxBufferAddress, frame);
        a.Write32(Rtl8139Register.Tsad0, Rtl8139Fixture.TxBufferAddress);
        a.Write32(Rtl8139Register.Tsd0, 200);
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(5)));

        Assert.Equal(1, b.Nic.PollBackend());
        Assert.Equal(Rtl8139Interrupt.Rok, b.Isr);
        Assert.Equal(frame, b.ReadMemory(Rtl8139Fixture.RingAddress + 4, 200));
    }
}
