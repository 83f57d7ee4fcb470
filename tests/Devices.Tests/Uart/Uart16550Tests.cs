using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Tests.Support;
using PcEmu.Devices.Uart;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Uart;

public sealed class Uart16550Tests
{
    [Fact]
    public void PowerOnRegistersHaveTheirResetValues()
    {
        UartFixture f = new();
        Assert.Equal(0x60, f.In(UartFixture.Lsr));
        Assert.Equal(0x01, f.In(UartFixture.Iir));
        Assert.Equal(0x00, f.In(UartFixture.Ier));
        Assert.Equal(0x00, f.In(UartFixture.Lcr));
        Assert.Equal(0x00, f.In(UartFixture.Mcr));
        Assert.Equal(0xB0, f.In(UartFixture.Msr));
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void DivisorLatchIsReachedThroughDlabAndDoesNotDisturbIerOrThr()
    {
        UartFixture f = new();
        f.Out(UartFixture.Ier, 0x05);
        f.Out(UartFixture.Lcr, 0x83); // DLAB, 8N1
        f.Out(UartFixture.Dll, 0x03);
        f.Out(UartFixture.Dlm, 0x01);
        Assert.Equal(0x03, f.In(UartFixture.Dll));
        Assert.Equal(0x01, f.In(UartFixture.Dlm));
        Assert.Equal(1843200u / 16 / 0x103, f.Uart.BaudRate);
        Assert.Empty(f.Backend.Output);

        f.Out(UartFixture.Lcr, 0x03);
        Assert.Equal(0x05, f.In(UartFixture.Ier));
        f.Out(UartFixture.Thr, (byte)'A');
        Assert.Equal("A", f.Backend.Text);

        f.Out(UartFixture.Lcr, 0x80);
        f.Out(UartFixture.Dll, 0x01);
        f.Out(UartFixture.Dlm, 0x00);
        Assert.Equal(115200u, f.Uart.BaudRate);
    }

    [Fact]
    public void TransmittedBytesReachTheBackEndAndThreStaysSet()
    {
        UartFixture f = new();
        foreach (char c in "OK\n")
            f.Out(UartFixture.Thr, (byte)c);
        Assert.Equal("OK\n", f.Backend.Text);
        Assert.Equal(UartLsr.TransmitterHoldingEmpty | UartLsr.TransmitterEmpty, f.Status);
    }

    [Fact]
    public void ScratchRegisterHoldsAByte()
    {
        UartFixture f = new();
        f.Out(UartFixture.Scr, 0x5A);
        Assert.Equal(0x5A, f.In(UartFixture.Scr));
    }

    [Fact]
    public void LoopbackReturnsTransmittedBytesAndLoopsModemLines()
    {
        UartFixture f = new();
        f.In(UartFixture.Msr); // clear any deltas
        f.Out(UartFixture.Mcr, (byte)UartMcr.Loopback);
        Assert.Equal(0x00, f.In(UartFixture.Msr) & 0xF0);

        f.Out(UartFixture.Thr, 0x42);
        Assert.Empty(f.Backend.Output);
        Assert.True(f.Status.HasFlag(UartLsr.DataReady));
        Assert.Equal(0x42, f.In(UartFixture.Rbr));
        Assert.False(f.Status.HasFlag(UartLsr.DataReady));

        f.In(UartFixture.Msr);
        f.Out(UartFixture.Mcr, (byte)(UartMcr.Loopback | UartMcr.Rts | UartMcr.Dtr | UartMcr.Out1 | UartMcr.Out2));
        UartMsr msr = (UartMsr)f.In(UartFixture.Msr);
        Assert.Equal(UartMsr.Cts | UartMsr.Dsr | UartMsr.Ri | UartMsr.Dcd | UartMsr.DeltaCts | UartMsr.DeltaDsr | UartMsr.DeltaDcd, msr);
        Assert.Equal(UartMsr.Cts | UartMsr.Dsr | UartMsr.Ri | UartMsr.Dcd, (UartMsr)f.In(UartFixture.Msr));

        f.Out(UartFixture.Mcr, (byte)(UartMcr.Loopback | UartMcr.Rts | UartMcr.Dtr | UartMcr.Out2));
        Assert.Equal(UartMsr.Cts | UartMsr.Dsr | UartMsr.Dcd | UartMsr.TrailingEdgeRi, (UartMsr)f.In(UartFixture.Msr));
    }

    [Fact]
    public void LoopbackDisconnectsTheLineInput()
    {
        UartFixture f = new();
        f.Out(UartFixture.Mcr, (byte)UartMcr.Loopback);
        Assert.Equal(0, f.Uart.ReceiveSpace);
        f.Uart.Receive(0x33);
        Assert.False(f.Status.HasFlag(UartLsr.DataReady));
    }

    [Fact]
    public void FifoFillsToSixteenThenOverrunsAndDrainsInOrder()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0x07); // enable, clear both
        f.Out(UartFixture.Mcr, (byte)UartMcr.Loopback);
        for (int i = 0; i < 16; i++)
            f.Out(UartFixture.Thr, (byte)(0x30 + i));
        Assert.Equal(UartLsr.DataReady | UartLsr.TransmitterHoldingEmpty | UartLsr.TransmitterEmpty, f.Status);

        f.Out(UartFixture.Thr, 0xEE); // seventeenth: lost
        Assert.Equal(UartLsr.DataReady | UartLsr.OverrunError | UartLsr.TransmitterHoldingEmpty | UartLsr.TransmitterEmpty, f.Status);
        Assert.False(f.Status.HasFlag(UartLsr.OverrunError)); // reading LSR cleared it

        for (int i = 0; i < 16; i++)
        {
            Assert.True(f.Status.HasFlag(UartLsr.DataReady));
            Assert.Equal(0x30 + i, f.In(UartFixture.Rbr));
        }
        Assert.False(f.Status.HasFlag(UartLsr.DataReady));
    }

    [Fact]
    public void HostInputFillsFifoUpToItsFreeSpace()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0x01);
        Assert.Equal(16, f.Uart.ReceiveSpace);
        for (int i = 0; i < 10; i++)
            f.Uart.Receive((byte)i);
        Assert.Equal(6, f.Uart.ReceiveSpace);
        Assert.Equal(0, f.In(UartFixture.Rbr));
        Assert.Equal(7, f.Uart.ReceiveSpace);
    }

    [Fact]
    public void Mode16450HoldsOneByteAndOverrunOverwritesIt()
    {
        UartFixture f = new();
        Assert.Equal(1, f.Uart.ReceiveSpace);
        f.Uart.Receive(0x11);
        Assert.Equal(0, f.Uart.ReceiveSpace);
        f.Uart.Receive(0x22);
        Assert.Equal(UartLsr.DataReady | UartLsr.OverrunError | UartLsr.TransmitterHoldingEmpty | UartLsr.TransmitterEmpty, f.Status);
        Assert.Equal(0x22, f.In(UartFixture.Rbr));
    }

    [Fact]
    public void FcrClearsTheReceiveFifoAndIirShowsFifoMode()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0x01);
        Assert.Equal(0xC1, f.In(UartFixture.Iir));
        f.Uart.Receive(1);
        f.Uart.Receive(2);
        f.Out(UartFixture.Fcr, 0x03);
        Assert.False(f.Status.HasFlag(UartLsr.DataReady));
        f.Out(UartFixture.Fcr, 0x00);
        Assert.Equal(0x01, f.In(UartFixture.Iir));
    }

    [Fact]
    public void ReceivedDataInterruptWaitsForTheTriggerLevel()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0xC1); // FIFO on, trigger 14
        f.Out(UartFixture.Ier, (byte)UartIer.ReceivedData);
        for (int i = 0; i < 13; i++)
            f.Uart.Receive((byte)i);
        Assert.False(f.Irq.Level);
        Assert.Equal(0xC1, f.In(UartFixture.Iir));

        f.Uart.Receive(13);
        Assert.True(f.Irq.Level);
        Assert.Equal(0xC4, f.In(UartFixture.Iir));

        f.In(UartFixture.Rbr);
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void CharacterTimeoutFiresAfterFourCharacterTimes()
    {
        UartFixture f = new();
        f.Out(UartFixture.Lcr, 0x80);
        f.Out(UartFixture.Dll, 1); // 115200 baud: 10 bits take 86.8 us
        f.Out(UartFixture.Dlm, 0);
        f.Out(UartFixture.Lcr, 0x03);
        f.Out(UartFixture.Fcr, 0xC1);
        f.Out(UartFixture.Ier, (byte)UartIer.ReceivedData);
        f.Uart.Receive((byte)'x');

        f.Clock.Advance(300_000);
        f.Uart.Synchronize();
        Assert.False(f.Irq.Level);

        f.Clock.Advance(50_000);
        f.Uart.Synchronize();
        Assert.True(f.Irq.Level);
        Assert.Equal(0xCC, f.In(UartFixture.Iir));

        Assert.Equal((byte)'x', f.In(UartFixture.Rbr));
        Assert.False(f.Irq.Level);
        Assert.Equal(0xC1, f.In(UartFixture.Iir));
    }

    [Fact]
    public void CharacterTimeoutIsAVirtualTimeEventWhenTheChipHasTimers()
    {
        ManualClock clock = new();
        VirtualTimerQueue timers = new(clock);
        RecordingIrqLine irq = new();
        Uart16550 uart = new(new CaptureSerialBackend(), irq, timers);
        uart.Write(Uart16550Register.LineControl, 0x80);
        uart.Write(Uart16550Register.Data, 1);           // divisor 1: 115200 baud, 10 bits = 86805 ns
        uart.Write(Uart16550Register.InterruptEnable, 0);
        uart.Write(Uart16550Register.LineControl, 0x03);
        uart.Write(Uart16550Register.InterruptIdentFifoControl, 0xC1); // FIFOs on, trigger level 14
        uart.Write(Uart16550Register.InterruptEnable, (byte)UartIer.ReceivedData);
        Assert.Null(timers.NextDeadline);

        clock.Advance(1_000);
        uart.Receive((byte)'x');
        Assert.Equal(1_000 + 4 * 86_805, timers.NextDeadline);
        Assert.True(uart.TimeoutArmed);

        clock.Advance(4 * 86_805);
        timers.RunDue(clock.NowNanoseconds);
        Assert.True(irq.Level);
        Assert.Equal(0xCC, uart.Read(Uart16550Register.InterruptIdentFifoControl));
        Assert.False(uart.TimeoutArmed);

        Assert.Equal((byte)'x', uart.Read(Uart16550Register.Data));
        Assert.False(irq.Level);
        Assert.Null(timers.NextDeadline);
    }

    [Fact]
    public void ThreInterruptRisesWhenEnabledClearsOnIirReadAndRearmsAfterWrite()
    {
        UartFixture f = new();
        Assert.False(f.Irq.Level);
        f.Out(UartFixture.Ier, (byte)UartIer.TransmitterEmpty);
        Assert.True(f.Irq.Level);
        Assert.Equal(0x02, f.In(UartFixture.Iir));
        Assert.False(f.Irq.Level);
        Assert.Equal(0x01, f.In(UartFixture.Iir));

        f.Out(UartFixture.Thr, (byte)'z');
        Assert.True(f.Irq.Level);
        Assert.Equal(2, f.Irq.RisingEdges);

        f.Out(UartFixture.Ier, 0);
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void InterruptIdentificationFollowsThePriorityOrder()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0x07); // FIFO on, trigger level 1
        f.Out(UartFixture.Mcr, (byte)(UartMcr.Loopback | UartMcr.Rts)); // CTS changes: modem status
        for (int i = 0; i < 17; i++) // the seventeenth overruns: line status
            f.Out(UartFixture.Thr, (byte)i);
        f.Out(UartFixture.Ier, (byte)UartIer.Mask); // THRE pending on enable
        Assert.True(f.Irq.Level);

        Assert.Equal((byte)UartInterruptId.ReceiverLineStatus, f.InterruptId);
        f.In(UartFixture.Lsr);
        Assert.Equal((byte)UartInterruptId.ReceivedData, f.InterruptId);
        for (int i = 0; i < 16; i++)
            f.In(UartFixture.Rbr);
        Assert.Equal((byte)UartInterruptId.TransmitterEmpty, f.InterruptId); // this read clears it
        Assert.Equal((byte)UartInterruptId.ModemStatus, f.InterruptId);
        f.In(UartFixture.Msr);
        Assert.Equal((byte)UartInterruptId.None, f.InterruptId);
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void LineStatusInterruptNeedsElsiAndClearsOnLsrRead()
    {
        UartFixture f = new();
        f.Out(UartFixture.Ier, (byte)UartIer.ReceiverLineStatus);
        f.Uart.Receive(1);
        Assert.False(f.Irq.Level);
        f.Uart.Receive(2); // 16450 overrun
        Assert.True(f.Irq.Level);
        Assert.Equal(0x06, f.In(UartFixture.Iir));
        f.In(UartFixture.Lsr);
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void ModemStatusInterruptFollowsHostLines()
    {
        UartFixture f = new();
        f.Out(UartFixture.Ier, (byte)UartIer.ModemStatus);
        f.Uart.SetModemLines(UartMsr.Dsr | UartMsr.Cts);
        Assert.True(f.Irq.Level);
        Assert.Equal((UartMsr.Dsr | UartMsr.Cts | UartMsr.DeltaDcd), (UartMsr)f.In(UartFixture.Msr));
        Assert.False(f.Irq.Level);
    }

    [Fact]
    public void WordAccessIsSplitIntoConsecutiveRegisters()
    {
        UartFixture f = new();
        f.Out(UartFixture.Scr, 0x77);
        uint word = f.Bus.Read(UartFixture.Msr, 2);
        Assert.Equal(0x77B0u, word);
        f.Bus.Write(UartFixture.Lcr, 2, 0x0003);
        Assert.Equal(0x03, f.In(UartFixture.Lcr));
        Assert.Equal(0x00, f.In(UartFixture.Mcr));
    }

    [Fact]
    public void SnapshotRoundTripsTheReceiveFifoAndRegisters()
    {
        UartFixture f = new();
        f.Out(UartFixture.Fcr, 0x41);
        f.Out(UartFixture.Ier, 0x01);
        f.Out(UartFixture.Scr, 0x99);
        f.Uart.Receive(0xAB);
        Uart16550State state = f.Uart.SaveState();

        UartFixture g = new();
        g.Uart.LoadState(state);
        Assert.Equal(0x99, g.In(UartFixture.Scr));
        Assert.Equal(0x01, g.In(UartFixture.Ier));
        Assert.Equal(0xAB, g.In(UartFixture.Rbr));
    }
}
