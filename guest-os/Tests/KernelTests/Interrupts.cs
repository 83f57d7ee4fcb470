using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// IRQs become notifications. Boot: 0 = irq-driver calls=user+devio+irqctl io=0x3f8:8 irq=4.
/// The driver may not register IRQ 1 (not in its bitmap); it registers IRQ 4 (COM1) and
/// enables the UART's transmitter-empty interrupt, which fires at once because the
/// transmitter is idle (16550A datasheet, IER bit 1). The kernel masks the line and sends a
/// notification from HARDWARE whose P0 names IRQ 4; the driver turns the UART interrupt off
/// and re-enables the line.
/// </summary>
internal static class Interrupts
{
    private const int Com1Irq = 4;
    private const int InterruptEnablePort = 0x3F9;
    private const int TransmitterEmptyInterrupt = 0x02;

    public static void Driver()
    {
        Check.Equal(Error.PermissionDenied, Sys.IrqCtl(KernelCall.IrqSetPolicy, 1), "IRQ 1 is outside the IRQ bitmap");
        Check.Equal(Error.Ok, Sys.IrqCtl(KernelCall.IrqSetPolicy, Com1Irq), "register IRQ 4");
        Check.Equal(Error.Ok, Sys.OutByte(InterruptEnablePort, TransmitterEmptyInterrupt), "enable the UART interrupt");
        Message m = default;
        Check.Equal(Error.Ok, Ipc.Receive(Endpoint.Hardware, ref m), "receive from HARDWARE");
        Check.Equal(Message.Notification, m.Type, "a notification");
        Check.Equal(Endpoint.Hardware, m.Source, "from HARDWARE");
        Check.Equal(1 << Com1Irq, m.P0, "pending IRQ set names IRQ 4");
        Sys.OutByte(InterruptEnablePort, 0);
        Check.Equal(Error.Ok, Sys.IrqCtl(KernelCall.IrqEnable, Com1Irq), "re-enable the line");
        Check.Equal(Error.Ok, Sys.IrqCtl(KernelCall.IrqRemovePolicy, Com1Irq), "release the line");
        Check.Finish("irq");
    }
}
