using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Tests.Support;
using PcEmu.Devices.Uart;
using PcEmu.Memory;

namespace PcEmu.Devices.Tests.Uart;

/// <summary>COM1 on a port bus, with a capture back end, a recorded IRQ line and a manual clock.</summary>
internal sealed class UartFixture
{
    public const ushort Base = Uart16550Isa.Com1Base;
    public const ushort Rbr = Base + 0, Thr = Base + 0, Dll = Base + 0, Ier = Base + 1, Dlm = Base + 1;
    public const ushort Iir = Base + 2, Fcr = Base + 2, Lcr = Base + 3, Mcr = Base + 4, Lsr = Base + 5, Msr = Base + 6, Scr = Base + 7;

    public UartFixture()
    {
        Uart = new Uart16550(Backend, Irq, Clock);
        Bus.Register(Base, Uart16550Isa.PortCount, new Uart16550Isa(Uart, Base));
    }

    public IoPortBus Bus { get; } = new();

    public CaptureSerialBackend Backend { get; } = new();

    public RecordingIrqLine Irq { get; } = new();

    public ManualClock Clock { get; } = new();

    public Uart16550 Uart { get; }

    public byte In(ushort port) => (byte)Bus.Read(port, 1);

    public void Out(ushort port, byte value) => Bus.Write(port, 1, value);

    public UartLsr Status => (UartLsr)In(Lsr);

    public byte InterruptId => (byte)(In(Iir) & 0x0F);
}
