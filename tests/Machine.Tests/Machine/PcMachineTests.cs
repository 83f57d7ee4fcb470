using System.Buffers.Binary;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine.Boot;
using PcEmu.Machine.Tests.Support;

namespace PcEmu.Machine.Tests.Machine;

public sealed class PcMachineTests
{
    private static (PcMachine Machine, CaptureSerialBackend Serial, CaptureSerialBackend DebugConsole, List<string> Diagnostics) Boot(byte[] kernel)
    {
        CaptureSerialBackend serial = new(), debugConsole = new();
        List<string> diagnostics = new();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
        {
            MemoryBytes = 16 * 1024 * 1024,
            Com1 = serial,
            DebugConsole = debugConsole,
            Diagnostics = diagnostics.Add,
        });
        machine.BootMultiboot(kernel, "test.elf", "test.elf", Array.Empty<BootModule>());
        return (machine, serial, debugConsole, diagnostics);
    }

    [Fact]
    public void KernelPrintsOnCom1AndExitsThroughDebugExit()
    {
        var (machine, serial, _, _) = Boot(TestKernels.PrintAndExit("OK\n", 0x10));

        MachineResult result = machine.Run(1_000_000);

        Assert.Equal(MachineExitKind.GuestExit, result.Kind);
        Assert.Equal(0x21u, result.ExitCode);
        Assert.Equal("OK\n", serial.Text);
        Assert.InRange(result.RetiredInstructions, 8ul, 20ul);
    }

    [Fact]
    public void KernelIsEnteredWithTheMultibootMagicAndInfoAddress()
    {
        var (machine, _, debugConsole, _) = Boot(TestKernels.ReportRegisters());

        MachineResult result = machine.Run(1_000_000);

        Assert.Equal(MachineExitKind.GuestExit, result.Kind);
        byte[] bytes = debugConsole.Output;
        Assert.Equal(8, bytes.Length);
        Assert.Equal(MultibootInfo.BootloaderMagic, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(MultibootLoader.InfoAreaStart, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void InstructionLimitStopsASpinningGuest()
    {
        var (machine, _, _, _) = Boot(TestKernels.Spin());

        MachineResult result = machine.Run(5000);

        Assert.Equal(MachineExitKind.InstructionLimit, result.Kind);
        Assert.Equal(5000ul, result.RetiredInstructions);
    }

    [Fact]
    public void HaltWithInterruptsOffIsReportedAsHaltedForever()
    {
        var (machine, _, _, _) = Boot(TestKernels.HaltWithInterruptsOff());

        MachineResult result = machine.Run(1_000_000);

        Assert.Equal(MachineExitKind.HaltedForever, result.Kind);
        Assert.Contains("interrupts disabled", result.Reason);
    }

    [Fact]
    public void TripleFaultIsReportedWithItsReason()
    {
        var (machine, _, _, _) = Boot(TestKernels.TripleFault());

        MachineResult result = machine.Run(1_000_000);

        Assert.Equal(MachineExitKind.Shutdown, result.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void HostSerialInputReachesTheReceiveFifo()
    {
        var (machine, serial, _, _) = Boot(TestKernels.Spin());
        serial.QueueInput("hi");

        machine.Run(10);

        Assert.Equal(1, machine.Com1.ReceiveSpace == 0 ? 1 : 0); // 16450 mode: one byte waits in RBR
        Assert.Equal((byte)'h', (byte)machine.Ports.Read(0x3F8, 1));
    }

    [Fact]
    public void SerialInputRaisesIrq4ThroughThePicAndWakesAHaltedCpu()
    {
        var (machine, serial, _, diagnostics) = Boot(TestKernels.InterruptEcho());
        serial.QueueInput("ab!");

        MachineResult result = machine.Run(10_000_000);

        Assert.True(result.Kind == MachineExitKind.GuestExit, $"{result.Kind} {result.Reason} {string.Join("; ", diagnostics)}");
        Assert.Equal(0x21u, result.ExitCode);
        Assert.Equal("ab!", serial.Text);
    }

    [Fact]
    public void HaltWithInterruptsOnAndNoInputIsHaltedForever()
    {
        var (machine, serial, _, _) = Boot(TestKernels.InterruptEcho());
        serial.QueueInput("x");

        MachineResult result = machine.Run(10_000_000);

        Assert.Equal(MachineExitKind.HaltedForever, result.Kind);
        Assert.Contains("no interrupt source", result.Reason);
        Assert.Equal("x", serial.Text);
    }

    [Fact]
    public void VirtualClockFollowsRetiredInstructions()
    {
        var (machine, _, _, _) = Boot(TestKernels.Spin());

        machine.Run(12345);

        Assert.Equal(12345L, machine.Clock.NowNanoseconds);
    }
}
