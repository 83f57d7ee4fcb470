using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.DebugConsole;
using PcEmu.Devices.DebugExit;
using PcEmu.Devices.PostCode;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.DebugExit;

public sealed class DebugPortsTests
{
    [Theory]
    [InlineData(0x00u, 1, 0x01u)]
    [InlineData(0x10u, 1, 0x21u)]
    [InlineData(0x7Fu, 1, 0xFFu)]
    [InlineData(0x1FFu, 1, 0x1FFu)] // a byte write keeps only AL
    [InlineData(0x1234u, 2, 0x2469u)]
    public void DebugExitReportsValueShiftedLeftOrOne(uint value, int size, uint expected)
    {
        IoPortBus bus = new();
        DebugExitPort exit = new();
        bus.Register(DebugExitPort.DefaultBase, DebugExitPort.DefaultPortCount, exit);
        uint? raised = null;
        exit.ExitRequested += code => raised = code;

        bus.Write(DebugExitPort.DefaultBase, size, value);

        Assert.Equal(expected, exit.ExitCode);
        Assert.Equal(expected, raised);
    }

    [Fact]
    public void DebugExitAnswersOnAllFourPorts()
    {
        IoPortBus bus = new();
        DebugExitPort exit = new();
        bus.Register(DebugExitPort.DefaultBase, DebugExitPort.DefaultPortCount, exit);
        bus.Write(0xF7, 1, 2);
        Assert.Equal(5u, exit.ExitCode);
    }

    [Fact]
    public void DebugConsoleLogsBytesAndReadsBackE9()
    {
        IoPortBus bus = new();
        CaptureSerialBackend log = new();
        bus.Register(DebugConsolePort.Port, 1, new DebugConsolePort(log));
        bus.Write(0xE9, 1, 'h');
        bus.Write(0xE9, 1, 'i');
        Assert.Equal("hi", log.Text);
        Assert.Equal(0xE9u, bus.Read(0xE9, 1));
    }

    [Fact]
    public void PostCodePortKeepsTheLastCode()
    {
        IoPortBus bus = new();
        PostCodePort post = new();
        bus.Register(PostCodePort.Port, 1, post);
        Assert.Null(post.LastCode);
        bus.Write(0x80, 1, 0x55);
        bus.Write(0x80, 1, 0xAA);
        Assert.Equal((byte)0xAA, post.LastCode);
    }
}
