using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_IRQCTL: a driver registers for an IRQ line and re-enables it after each
/// notification. Reads P0 (request: IrqSetPolicy, IrqRemovePolicy, IrqEnable, IrqDisable)
/// and P1 (line). EPERM unless the line is in the caller's IRQ bitmap; EPERM too if another
/// process owns the line.
/// </summary>
internal static unsafe class IrqCtlCall
{
    public static int Do(Proc caller, Message* m)
    {
        int irq = m->P1;
        if (irq <= 0 || irq >= Irq.Lines || irq == 2)
            return Error.InvalidArgument;
        if ((caller.Priv.Irqs & (1u << irq)) == 0)
            return Error.PermissionDenied;
        Proc owner = Irq.Owners[irq];
        if (owner != null && owner != caller)
            return Error.PermissionDenied;
        switch (m->P0)
        {
            case KernelCall.IrqSetPolicy:
                Irq.Owners[irq] = caller;
                Pic.Unmask(irq);
                return Error.Ok;
            case KernelCall.IrqRemovePolicy:
                Irq.Owners[irq] = null;
                Pic.Mask(irq);
                return Error.Ok;
            case KernelCall.IrqEnable:
                if (owner == null)
                    return Error.InvalidArgument;
                Pic.Unmask(irq);
                return Error.Ok;
            case KernelCall.IrqDisable:
                if (owner == null)
                    return Error.InvalidArgument;
                Pic.Mask(irq);
                return Error.Ok;
            default:
                return Error.InvalidArgument;
        }
    }
}
