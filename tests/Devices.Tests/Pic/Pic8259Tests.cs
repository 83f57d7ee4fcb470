namespace PcEmu.Devices.Tests.Pic;

public sealed class Pic8259Tests
{
    [Fact]
    public void PowerOnPairIsMaskedAndNeverInterrupts()
    {
        PicFixture f = new();
        Assert.Equal(0xFF, f.In(PicFixture.MasterData));
        Assert.Equal(0xFF, f.In(PicFixture.SlaveData));
        f.Raise(0);
        f.Raise(12);
        Assert.False(f.Pic.InterruptPending);
        Assert.False(f.Intr.Level);
    }

    [Fact]
    public void LinuxInitialisationSequenceProgramsVectorsAndCascade()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        Assert.Equal(0x00, f.In(PicFixture.MasterData));
        Assert.Equal(0x00, f.In(PicFixture.SlaveData));

        f.Pulse(0);
        Assert.True(f.Pic.InterruptPending);
        Assert.True(f.Intr.Level);
        Assert.Equal(0x20, f.Pic.Acknowledge());
        Assert.False(f.Pic.InterruptPending);
        f.EoiMaster();

        f.Pulse(14);
        Assert.Equal(0x2E, f.Pic.Acknowledge());
    }

    [Fact]
    public void BiosVectorBasesDeliverIrq1AndIrq8()
    {
        PicFixture f = new();
        f.Initialize(0x08, 0x70);
        f.Pulse(1);
        Assert.Equal(0x09, f.Pic.Acknowledge());
        f.EoiMaster();
        f.Pulse(8);
        Assert.Equal(0x70, f.Pic.Acknowledge());
    }

    [Fact]
    public void InitialisationClearsPendingEdgesAndInService()
    {
        PicFixture f = new();
        f.Initialize(0x08, 0x70);
        f.Pulse(3);
        f.Pulse(4);
        Assert.Equal(0x0B, f.Pic.Acknowledge());
        f.Initialize(0x20, 0x28);
        Assert.Equal(0x00, f.MasterIsr());
        Assert.Equal(0x00, f.MasterIrr());
        Assert.False(f.Pic.InterruptPending);
    }

    [Fact]
    public void LowestNumberedLineWinsAndLowerOnesWaitForEoi()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(5);
        f.Pulse(3);
        f.Pulse(1);
        Assert.Equal(0x2A, f.MasterIrr());

        Assert.Equal(0x21, f.Pic.Acknowledge());
        Assert.False(f.Pic.InterruptPending); // 3 and 5 are lower than the level in service
        f.EoiMaster();
        Assert.Equal(0x23, f.Pic.Acknowledge());
        f.EoiMaster();
        Assert.Equal(0x25, f.Pic.Acknowledge());
        f.EoiMaster();
        Assert.False(f.Pic.InterruptPending);
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void HigherPriorityNestsAndNonSpecificEoiClearsTheHighestInService()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(5);
        Assert.Equal(0x25, f.Pic.Acknowledge());
        f.Pulse(1);
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x21, f.Pic.Acknowledge());
        Assert.Equal(0x22, f.MasterIsr());
        f.EoiMaster();
        Assert.Equal(0x20, f.MasterIsr());
        f.EoiMaster();
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void SpecificEoiClearsTheNamedLevel()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(5);
        f.Pic.Acknowledge();
        f.Pulse(1);
        f.Pic.Acknowledge();
        f.Out(PicFixture.MasterCommand, 0x65); // specific EOI, level 5
        Assert.Equal(0x02, f.MasterIsr());
        f.Out(PicFixture.MasterCommand, 0x61);
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void MaskedRequestWaitsInIrrUntilUnmasked()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.MasterData, 0x08);
        f.Pulse(3);
        Assert.False(f.Pic.InterruptPending);
        Assert.Equal(0x08, f.MasterIrr());
        Assert.Equal(0x08, f.In(PicFixture.MasterData));
        f.Out(PicFixture.MasterData, 0x00);
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x23, f.Pic.Acknowledge());
    }

    [Fact]
    public void MaskingTheCascadeLineHidesTheSlave()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.MasterData, 0x04);
        f.Pulse(12);
        Assert.False(f.Pic.InterruptPending);
        f.Out(PicFixture.MasterData, 0x00);
        Assert.Equal(0x2C, f.Pic.Acknowledge());
    }

    [Fact]
    public void Ocw3SelectsIrrOrIsrAndTheSelectionSticks()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(6);
        f.Pulse(7);
        Assert.Equal(0xC0, f.In(PicFixture.MasterCommand)); // IRR is selected after ICW1
        f.Pic.Acknowledge();
        f.Out(PicFixture.MasterCommand, PicFixture.ReadIsr);
        Assert.Equal(0x40, f.In(PicFixture.MasterCommand));
        Assert.Equal(0x40, f.In(PicFixture.MasterCommand));
        f.Out(PicFixture.MasterCommand, 0x08); // OCW3 without RR keeps the selection
        Assert.Equal(0x40, f.In(PicFixture.MasterCommand));
        f.Out(PicFixture.MasterCommand, PicFixture.ReadIrr);
        Assert.Equal(0x80, f.In(PicFixture.MasterCommand));
    }

    [Fact]
    public void AutoEoiLeavesIsrClearSoLowerLevelsFollowAtOnce()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28, icw4: 0x03);
        f.Pulse(4);
        f.Pulse(6);
        Assert.Equal(0x24, f.Pic.Acknowledge());
        Assert.Equal(0x00, f.MasterIsr());
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x26, f.Pic.Acknowledge());
        Assert.False(f.Pic.InterruptPending);
    }

    [Fact]
    public void EdgeTriggeredLineHeldHighInterruptsOnce()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Raise(10);
        Assert.Equal(0x2A, f.Pic.Acknowledge());
        f.EoiSlave();
        f.EoiMaster();
        Assert.False(f.Pic.InterruptPending);
        f.Lower(10);
        f.Raise(10);
        Assert.Equal(0x2A, f.Pic.Acknowledge());
    }

    [Fact]
    public void EdgeRequestIsLatchedEvenIfTheLineFallsBeforeInta()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(4);
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x24, f.Pic.Acknowledge());
    }

    [Fact]
    public void LevelTriggeredLineSelectedByElcrInterruptsAgainAfterEoiWhileHeld()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.Elcr2, 0x04); // IRQ 10 level-triggered
        Assert.Equal(0x04, f.In(PicFixture.Elcr2));
        f.Raise(10);
        Assert.Equal(0x2A, f.Pic.Acknowledge());
        Assert.False(f.Pic.InterruptPending);
        f.EoiSlave();
        f.EoiMaster();
        Assert.True(f.Pic.InterruptPending); // still asserted: interrupts again
        Assert.Equal(0x04, f.SlaveIrr());
        f.Lower(10);
        Assert.Equal(0x00, f.SlaveIrr());
        Assert.False(f.Pic.Slave.InterruptOutput);
        Assert.Equal(0x2F, f.Pic.Acknowledge()); // the master latched the cascade edge: spurious IRQ 15
    }

    [Fact]
    public void ElcrReservedBitsReadZeroAndWordAccessCoversBothRegisters()
    {
        PicFixture f = new();
        f.Bus.Write(PicFixture.Elcr1, 2, 0xFFFF);
        Assert.Equal(0xF8, f.In(PicFixture.Elcr1));
        Assert.Equal(0xDE, f.In(PicFixture.Elcr2));
        Assert.Equal(0xDEF8u, f.Bus.Read(PicFixture.Elcr1, 2));
    }

    [Fact]
    public void CascadedRequestGivesTheSlaveVectorAndSetsBothIsrs()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(12);
        Assert.Equal(0x04, f.MasterIrr());
        Assert.Equal(0x10, f.SlaveIrr());
        Assert.Equal(0x2C, f.Pic.Acknowledge());
        Assert.Equal(0x04, f.MasterIsr());
        Assert.Equal(0x10, f.SlaveIsr());

        f.Pulse(3); // lower than IRQ 2 in service on the master
        Assert.False(f.Pic.InterruptPending);
        f.EoiSlave();
        f.EoiMaster();
        Assert.Equal(0x23, f.Pic.Acknowledge());
    }

    [Fact]
    public void SecondSlaveRequestReachesTheMasterAfterTheSlaveEoi()
    {
        PicFixture f = new();
        f.Initialize(0x08, 0x70);
        f.Pulse(8);
        f.Pulse(14);
        Assert.Equal(0x70, f.Pic.Acknowledge());
        f.EoiSlave();
        f.EoiMaster();
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x76, f.Pic.Acknowledge());
    }

    [Fact]
    public void VanishedLevelRequestGivesSpuriousIrq7WithoutSettingIsr()
    {
        PicFixture f = new();
        f.Initialize(0x08, 0x70);
        f.Out(PicFixture.Elcr1, 0x20); // IRQ 5 level-triggered
        f.Raise(5);
        Assert.True(f.Pic.InterruptPending);
        f.Lower(5);
        Assert.Equal(0x0F, f.Pic.Acknowledge());
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void RequestMaskedBeforeIntaGivesSpuriousIrq7()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(3);
        Assert.True(f.Pic.InterruptPending);
        f.Out(PicFixture.MasterData, 0x08);
        Assert.Equal(0x27, f.Pic.Acknowledge());
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void VanishedSlaveRequestGivesSpuriousIrq15WithMasterIsr2Set()
    {
        PicFixture f = new();
        f.Initialize(0x08, 0x70);
        f.Out(PicFixture.Elcr2, 0x08); // IRQ 11 level-triggered (a PCI line)
        f.Raise(11);
        Assert.True(f.Pic.InterruptPending);
        f.Lower(11);
        Assert.Equal(0x77, f.Pic.Acknowledge());
        Assert.Equal(0x00, f.SlaveIsr());
        Assert.Equal(0x04, f.MasterIsr()); // the OS must EOI the master only
        f.EoiMaster();
        Assert.Equal(0x00, f.MasterIsr());
    }

    [Fact]
    public void PollCommandReturnsTheLevelAndActsAsAcknowledge()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(3);
        f.Pulse(6);
        f.Out(PicFixture.MasterCommand, PicFixture.PollCommand);
        Assert.Equal(0x83, f.In(PicFixture.MasterCommand));
        Assert.Equal(0x08, f.MasterIsr());
        Assert.Equal(0x40, f.MasterIrr());

        f.Out(PicFixture.MasterCommand, PicFixture.PollCommand);
        Assert.Equal(0x00, f.In(PicFixture.MasterCommand)); // IRQ 6 is below the level in service
        f.EoiMaster();
        f.Out(PicFixture.MasterCommand, PicFixture.PollCommand);
        Assert.Equal(0x86, f.In(PicFixture.MasterData)); // either address answers the poll
        Assert.Equal(0x00, f.In(PicFixture.MasterData)); // the poll is one-shot: IMR again
        Assert.Equal(0x40, f.MasterIsr());
    }

    [Fact]
    public void PollOfTheMasterReportsTheCascadeLineThenTheSlaveIsPolled()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.MasterData, 0xFF);
        f.Out(PicFixture.SlaveData, 0x00);
        f.Out(PicFixture.MasterData, 0xFB);
        f.Pulse(13);
        f.Out(PicFixture.MasterCommand, PicFixture.PollCommand);
        Assert.Equal(0x82, f.In(PicFixture.MasterCommand));
        f.Out(PicFixture.SlaveCommand, PicFixture.PollCommand);
        Assert.Equal(0x85, f.In(PicFixture.SlaveCommand));
        Assert.Equal(0x20, f.SlaveIsr());
    }

    [Fact]
    public void RotateOnNonSpecificEoiMakesTheServicedLevelLowest()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(1);
        Assert.Equal(0x21, f.Pic.Acknowledge());
        f.Out(PicFixture.MasterCommand, 0xA0); // rotate on non-specific EOI
        f.Pulse(1);
        f.Pulse(4);
        Assert.Equal(0x24, f.Pic.Acknowledge()); // priority now runs 2, 3, ..., 7, 0, 1
        f.Out(PicFixture.MasterCommand, 0xA0);
        Assert.Equal(0x21, f.Pic.Acknowledge());
    }

    [Fact]
    public void SetPriorityAndRotateOnSpecificEoi()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.MasterCommand, 0xC4); // IRQ 4 lowest, IRQ 5 highest
        f.Pulse(0);
        f.Pulse(5);
        Assert.Equal(0x25, f.Pic.Acknowledge());
        f.Out(PicFixture.MasterCommand, 0xE5); // rotate on specific EOI 5: 5 lowest, 6 highest
        Assert.Equal(0x00, f.MasterIsr());
        f.Pulse(6);
        Assert.Equal(0x26, f.Pic.Acknowledge());
    }

    [Fact]
    public void RotateInAutoEoiRotatesOnEveryAcknowledge()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28, icw4: 0x03);
        f.Out(PicFixture.MasterCommand, 0x80); // rotate in automatic EOI mode (set)
        f.Pulse(3);
        Assert.Equal(0x23, f.Pic.Acknowledge());
        f.Pulse(3);
        f.Pulse(5);
        Assert.Equal(0x25, f.Pic.Acknowledge());
        Assert.Equal(0x23, f.Pic.Acknowledge());
    }

    [Fact]
    public void SpecialMaskModeLetsLowerLevelsInterruptTheMaskedOne()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(1);
        Assert.Equal(0x21, f.Pic.Acknowledge());
        f.Pulse(4);
        Assert.False(f.Pic.InterruptPending);
        f.Out(PicFixture.MasterData, 0x02);
        f.Out(PicFixture.MasterCommand, 0x68); // OCW3: ESMM + SMM
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x24, f.Pic.Acknowledge());
        f.Out(PicFixture.MasterCommand, 0x64); // specific EOI 4
        f.Out(PicFixture.MasterCommand, 0x48); // leave special mask mode
        f.Out(PicFixture.MasterData, 0x00);
        Assert.Equal(0x02, f.MasterIsr());
    }

    [Fact]
    public void SpecialFullyNestedModeLetsAHigherSlaveRequestThrough()
    {
        PicFixture f = new();
        f.Out(PicFixture.MasterCommand, 0x11);
        f.Out(PicFixture.MasterData, 0x20);
        f.Out(PicFixture.MasterData, 0x04);
        f.Out(PicFixture.MasterData, 0x11); // 8086 mode + SFNM
        f.Out(PicFixture.SlaveCommand, 0x11);
        f.Out(PicFixture.SlaveData, 0x28);
        f.Out(PicFixture.SlaveData, 0x02);
        f.Out(PicFixture.SlaveData, 0x01);
        f.Out(PicFixture.MasterData, 0x00);
        f.Out(PicFixture.SlaveData, 0x00);
        f.Pulse(12);
        Assert.Equal(0x2C, f.Pic.Acknowledge());
        f.Pulse(9);
        Assert.True(f.Pic.InterruptPending);
        Assert.Equal(0x29, f.Pic.Acknowledge());
        f.Pulse(3);
        Assert.False(f.Pic.InterruptPending); // IRQ 2 in service still blocks IRQ 3
    }

    [Fact]
    public void SingleModeWithoutIcw4SkipsIcw3AndMasksAfterIcw2()
    {
        PicFixture f = new();
        f.Out(PicFixture.MasterCommand, 0x12); // single, no ICW4
        f.Out(PicFixture.MasterData, 0x40);
        f.Out(PicFixture.MasterData, 0xFE); // this is OCW1 already
        Assert.Equal(0xFE, f.In(PicFixture.MasterData));
        f.Pulse(0);
        Assert.Equal(0x40, f.Pic.Acknowledge());
        f.Pulse(2);
        f.EoiMaster();
        Assert.False(f.Pic.InterruptPending); // masked
    }

    [Fact]
    public void CpuIntrFollowsTheMasterOutput()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Pulse(0);
        Assert.True(f.Intr.Level);
        f.Pic.Acknowledge();
        Assert.False(f.Intr.Level);
        Assert.Equal(1, f.Intr.RisingEdges);
    }

    [Fact]
    public void Irq2IsTheSameWireAsIrq9()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        Assert.Same(f.Pic.Irq(9), f.Pic.Irq(2));
        f.Pulse(2);
        Assert.Equal(0x29, f.Pic.Acknowledge());
    }

    [Fact]
    public void GuestGarbageNeverThrows()
    {
        PicFixture f = new();
        Random random = new(1234);
        ushort[] ports = [0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1];
        for (int i = 0; i < 20_000; i++)
        {
            ushort port = ports[random.Next(ports.Length)];
            int size = 1 << random.Next(3);
            if (random.Next(3) == 0)
                f.Bus.Read(port, size);
            else
                f.Bus.Write(port, size, (uint)random.Next());
            f.Pic.Irq(random.Next(16)).Set(random.Next(2) == 0);
            if (f.Pic.InterruptPending || random.Next(8) == 0)
                f.Pic.Acknowledge();
        }
        Assert.Equal(0xFFu, f.Bus.Read(0x22, 1));
        Assert.Equal(0xFF00u, f.Bus.Read(0xA1, 2) & 0xFF00u); // the byte past 0xA1 floats
    }

    [Fact]
    public void SaveAndLoadStateRoundTrips()
    {
        PicFixture f = new();
        f.Initialize(0x20, 0x28);
        f.Out(PicFixture.Elcr2, 0x08);
        f.Pulse(12);
        f.Raise(11);
        f.Pic.Acknowledge();
        var state = f.Pic.SaveState();

        PicFixture g = new();
        g.Pic.LoadState(state);
        Assert.Equal(state, g.Pic.SaveState());
        Assert.Equal(0x18, g.SlaveIrr());
        Assert.Equal(0x08, g.SlaveIsr());
    }
}
