using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Hardware interrupts. IRQ 0 is the clock. Any other line with a registered driver
/// (IRQCTL) is masked at the PIC, recorded in the driver's pending set and turned into a
/// notification from HARDWARE; the driver re-enables the line with IRQCTL when done.
/// </summary>
internal static class Irq
{
    public const int Lines = 16;
    public static readonly Proc[] Owners = new Proc[Lines];

    public static void Handle(int irq)
    {
        if (irq == 0)
        {
            Pic.EndOfInterruptFor(0);
            Clock.Tick();
            return;
        }
        Proc owner = Owners[irq];
        if (owner != null)
        {
            Pic.Mask(irq);
            owner.PendingIrqs |= 1u << irq;
            Ipc.NotifyFromKernel(Endpoint.Hardware, owner);
        }
        Pic.EndOfInterruptFor(irq);
    }
}
