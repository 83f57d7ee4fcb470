using PcEmu.Devices.Pci;

namespace PcEmu.Devices.Tests.Pci;

public sealed class PciBusTests
{
    [Fact]
    public void EnumeratingBusZeroFindsBothBridgesAndTheTestDevice()
    {
        PciFixture f = new();
        List<(int Device, int Function, uint Id, uint Class)> found = new();
        for (int device = 0; device < 32; device++)
        {
            for (int function = 0; function < 8; function++)
            {
                uint id = f.Read(device, function, 0x00);
                if (id == 0xFFFF_FFFF)
                {
                    if (function == 0)
                        break;
                    continue;
                }
                found.Add((device, function, id, f.Read(device, function, 0x08) >> 8));
                bool multi = (f.Read(device, function, 0x0C) >> 16 & 0x80) != 0;
                if (function == 0 && !multi)
                    break;
            }
        }
        Assert.Equal(
            new[]
            {
                (0, 0, 0x1237_8086u, 0x06_00_00u),
                (1, 0, 0x7000_8086u, 0x06_01_00u),
                (PciFixture.TestSlot, 0, 0x5678_1234u, 0x02_00_00u),
            },
            found);
        Assert.Equal(0x80u, f.Read(1, 0, 0x0E, 1));
        Assert.Equal(0x02u, f.Read(0, 0, 0x08, 1)); // i440FX revision
    }

    [Fact]
    public void AbsentFunctionsAndDisabledAccessesReadAllOnes()
    {
        PciFixture f = new();
        Assert.Equal(0xFFFF_FFFFu, f.Read(5, 0, 0x00));
        Assert.Equal(0xFFFF_FFFFu, f.Read(0, 1, 0x00));
        Assert.Equal(0xFFFFu, f.Read(9, 0, 0x02, 2));
        f.Ports.Write(0xCF8, 4, PciFixture.Address(0, 0, 0, bus: 1));
        Assert.Equal(0xFFFF_FFFFu, f.Ports.Read(0xCFC, 4));
        f.Ports.Write(0xCF8, 4, PciFixture.Address(0, 0, 0) & 0x7FFF_FFFF); // enable bit clear
        Assert.Equal(0xFFFF_FFFFu, f.Ports.Read(0xCFC, 4));
        f.Write(5, 0, 0x3C, 0x0B); // dropped, never throws
    }

    [Fact]
    public void ConfigAddressReadsBackWithoutTheReservedBits()
    {
        PciFixture f = new();
        f.Ports.Write(0xCF8, 4, 0xFFFF_FFFF);
        Assert.Equal(0x80FF_FFFCu, f.Ports.Read(0xCF8, 4));
        f.Ports.Write(0xCF8, 1, 0x00); // not a dword: does not reach CONFIG_ADDRESS
        Assert.Equal(0x80FF_FFFCu, f.Ports.Read(0xCF8, 4));
    }

    [Fact]
    public void ByteAndWordAccessesReachEveryOffset()
    {
        PciFixture f = new();
        Assert.Equal(0x8086u, f.Read(1, 0, 0x00, 2));
        Assert.Equal(0x7000u, f.Read(1, 0, 0x02, 2));
        Assert.Equal(0x06u, f.Read(1, 0, 0x0B, 1));
        Assert.Equal(0x01u, f.Read(1, 0, 0x0A, 1));
        Assert.Equal(0x0601u, f.Read(1, 0, 0x0A, 2));

        f.Write(PciFixture.TestSlot, 0, 0x3C, 0x0B, 1);
        Assert.Equal(0x0B, f.Test.Config.InterruptLine);
        f.Write(PciFixture.TestSlot, 0, 0x3D, 0x04, 1); // interrupt pin is read-only
        Assert.Equal(0x010Bu, f.Read(PciFixture.TestSlot, 0, 0x3C, 2));
        f.Write(PciFixture.TestSlot, 0, 0x00, 0xFFFF_FFFF); // IDs are read-only
        Assert.Equal(0x5678_1234u, f.Read(PciFixture.TestSlot, 0, 0x00));
    }

    [Fact]
    public void WritingAllOnesToABarReturnsItsSizeMask()
    {
        PciFixture f = new();
        int slot = PciFixture.TestSlot;
        Assert.Equal(0x1u, f.Read(slot, 0, 0x10));
        for (int bar = 0; bar < 6; bar++)
            f.Write(slot, 0, 0x10 + 4 * bar, 0xFFFF_FFFF);
        Assert.Equal(0xFFFF_FFE1u, f.Read(slot, 0, 0x10)); // 32 I/O ports
        Assert.Equal(0xFFFF_F000u, f.Read(slot, 0, 0x14)); // 4 KiB memory
        Assert.Equal(0xFFF0_0008u, f.Read(slot, 0, 0x18)); // 1 MiB prefetchable
        Assert.Equal(0u, f.Read(slot, 0, 0x1C)); // not implemented
        Assert.Equal(0u, f.Read(0, 0, 0x10)); // the host bridge has no BARs
    }

    [Fact]
    public void CommandRegisterDecodeEnablesMapAndUnmapTheBars()
    {
        PciFixture f = new();
        int slot = PciFixture.TestSlot;
        List<PciBarMapping> seen = f.Test.Mappings;
        f.Write(slot, 0, 0x10, 0xC000);
        f.Write(slot, 0, 0x14, 0xFEB0_0000);
        Assert.Empty(seen);

        f.Write(slot, 0, 0x04, 0x0001, 2); // I/O space
        Assert.Equal(new PciBarMapping(0, f.Test.Config.GetBar(0)!, null, 0xC000u), Assert.Single(seen));
        f.Write(slot, 0, 0x04, 0x0003, 2); // and memory space
        Assert.Equal((1, (uint?)null, (uint?)0xFEB0_0000u), (seen[1].Bar, seen[1].OldAddress, seen[1].NewAddress));
        Assert.Equal(2, seen.Count); // BAR2 is still at 0: not decoded

        f.Write(slot, 0, 0x10, 0xC101); // moved; the low bits stay hard-wired
        Assert.Equal((0, (uint?)0xC000u, (uint?)0xC100u), (seen[2].Bar, seen[2].OldAddress, seen[2].NewAddress));
        Assert.Equal(0xC101u, f.Read(slot, 0, 0x10));

        f.Write(slot, 0, 0x14, 0xFFFF_FFFF); // sizing while enabled: not decoded
        Assert.Equal((1, (uint?)0xFEB0_0000u, (uint?)null), (seen[3].Bar, seen[3].OldAddress, seen[3].NewAddress));
        f.Write(slot, 0, 0x14, 0xFEB0_0000);
        Assert.Equal(0xFEB0_0000u, seen[4].NewAddress);

        f.Write(slot, 0, 0x04, 0x0000, 2);
        Assert.Equal(new uint?[] { null, null }, seen.Skip(5).Select(m => m.NewAddress).ToArray());
        Assert.Null(f.Test.Config.DecodedAddress(0));
        Assert.Equal(7, seen.Count);
    }

    [Fact]
    public void CommandRegisterKeepsOnlyImplementedBits()
    {
        PciFixture f = new();
        f.Write(PciFixture.TestSlot, 0, 0x04, 0xFFFF, 2);
        Assert.Equal(0x0547u, f.Read(PciFixture.TestSlot, 0, 0x04, 2));
    }

    [Fact]
    public void IntaOfSlot3ReachesTheIsaIrqThatPirqcIsRoutedTo()
    {
        PciFixture f = new();
        Assert.Equal(2, Piix3IsaBridge.Swizzle(PciFixture.TestSlot, 0)); // PIRQC#
        Assert.Equal(0x80u, f.Read(1, 0, 0x62, 1)); // routing disabled at reset
        f.TestIntA.Set(true);
        Assert.All(f.Irqs, irq => Assert.False(irq.Level));
        Assert.Equal(0x08u, f.Read(PciFixture.TestSlot, 0, 0x06, 2) & 0x08); // interrupt status

        f.Write(1, 0, 0x62, 0x0B, 1); // PIRQC# -> IRQ 11
        Assert.True(f.Irqs[11].Level);
        f.TestIntA.Set(false);
        Assert.False(f.Irqs[11].Level);

        f.TestIntA.Set(true);
        f.Write(PciFixture.TestSlot, 0, 0x04, 0x0400, 2); // Interrupt Disable
        Assert.False(f.Irqs[11].Level);
        f.Write(PciFixture.TestSlot, 0, 0x04, 0x0000, 2);
        Assert.True(f.Irqs[11].Level);

        f.Write(1, 0, 0x60, 0x0B0B0B0Au); // A->10, B->11, C->11, D->11 as one dword
        Assert.True(f.Irqs[11].Level);
        f.Write(1, 0, 0x62, 0x05, 1);
        Assert.False(f.Irqs[11].Level);
        Assert.True(f.Irqs[5].Level);
        f.Write(1, 0, 0x62, 0x0D, 1); // IRQ 13 is reserved: routes nowhere
        Assert.All(f.Irqs, irq => Assert.False(irq.Level));
    }

    [Fact]
    public void HostBridgePamRegistersAreWritableAndReported()
    {
        PciFixture f = new();
        List<int> pam = new();
        f.HostBridge.PamWritten += pam.Add;
        f.Write(0, 0, 0x59, 0x30, 1);
        f.Write(0, 0, 0x5C, 0x33333333);
        Assert.Equal(0x30, f.HostBridge.Pam(0x59));
        Assert.Equal(0x33333333u, f.Read(0, 0, 0x5C));
        Assert.Equal(new[] { 0x59, 0x5C, 0x5D, 0x5E, 0x5F }, pam);
    }

    [Fact]
    public void RegisteringTwoFunctionsInOnePlaceIsRejected()
    {
        PciFixture f = new();
        Assert.Throws<InvalidOperationException>(() => f.Bus.Register(0, 0, new TestPciDevice()));
    }
}
