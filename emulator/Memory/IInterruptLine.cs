namespace PcEmu.Memory;

/// <summary>One interrupt request wire from a device to an interrupt controller.</summary>
public interface IInterruptLine
{
    /// <summary>Drives the line to <paramref name="level"/> (true = asserted).</summary>
    void Set(bool level);
}

/// <summary>What the CPU sees of the interrupt controller: the INTR pin and the acknowledge cycle.</summary>
public interface IInterruptController
{
    /// <summary>True while the controller asserts INTR.</summary>
    bool InterruptPending { get; }

    /// <summary>The INTA cycle: returns the vector to dispatch and updates the controller state.</summary>
    byte Acknowledge();
}
