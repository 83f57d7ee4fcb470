using PcEmu.Memory;

namespace PcEmu.Devices.Pci;

/// <summary>
/// PCI bus 0: up to 32 devices of up to 8 functions each, registered by the machine builder.
/// Configuration accesses arrive from a configuration mechanism (<see cref="PciConfigMechanism1"/>)
/// and go to the function's <see cref="PciConfigSpace"/>; an access to a slot nobody holds,
/// to functions 1-7 of a slot whose function 0 is absent, or to another bus reads all ones
/// (master abort) and is dropped when written. The bus knows nothing about any particular
/// device: interrupts go through <see cref="InterruptRouter"/>, BAR decoding is the config
/// space's. Bridges to further buses are not supported.
/// </summary>
public sealed class PciBus
{
    public const int DeviceCount = 32;
    public const int FunctionCount = 8;

    private readonly Slot?[] _slots = new Slot?[DeviceCount * FunctionCount];

    /// <summary>Where the INTx# pins go; the machine sets it (normally the PIIX3 ISA bridge).</summary>
    public IPciInterruptRouter? InterruptRouter { get; set; }

    /// <summary>
    /// Plugs <paramref name="function"/> in at device <paramref name="device"/>, function
    /// <paramref name="functionNumber"/>. Returns the wire the function drives as its INTx#
    /// (the pin it uses is its InterruptPin register); Set(true) asserts the pin.
    /// </summary>
    public IInterruptLine Register(int device, int functionNumber, IPciFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if ((uint)device >= DeviceCount)
            throw new ArgumentOutOfRangeException(nameof(device));
        if ((uint)functionNumber >= FunctionCount)
            throw new ArgumentOutOfRangeException(nameof(functionNumber));
        int index = device * FunctionCount + functionNumber;
        if (_slots[index] is { } other)
            throw new InvalidOperationException($"PCI 00:{device:X2}.{functionNumber} is already held by {other.Function.GetType().Name}");
        Slot slot = new(this, device, function);
        _slots[index] = slot;
        return slot;
    }

    /// <summary>The function at bus 0, <paramref name="device"/>.<paramref name="functionNumber"/>, or null.</summary>
    public IPciFunction? Find(int device, int functionNumber) =>
        (uint)device < DeviceCount && (uint)functionNumber < FunctionCount ? _slots[device * FunctionCount + functionNumber]?.Function : null;

    /// <summary>Every registered function, in device/function order.</summary>
    public IEnumerable<(int Device, int Function, IPciFunction Pci)> Functions
    {
        get
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] is { } slot)
                    yield return (i / FunctionCount, i % FunctionCount, slot.Function);
            }
        }
    }

    /// <summary>A configuration read of <paramref name="size"/> bytes; all ones for an absent function.</summary>
    public uint ReadConfig(int bus, int device, int functionNumber, int offset, int size)
    {
        Slot? slot = Decode(bus, device, functionNumber);
        if (slot is null || (uint)offset >= PciConfigSpace.Size)
            return size switch { 1 => 0xFFu, 2 => 0xFFFFu, _ => 0xFFFF_FFFFu };
        return slot.Function.Config.Read(offset, size);
    }

    public void WriteConfig(int bus, int device, int functionNumber, int offset, int size, uint value)
    {
        Slot? slot = Decode(bus, device, functionNumber);
        if (slot is null || (uint)offset >= PciConfigSpace.Size)
            return;
        slot.Function.Config.Write(offset, size, value);
        if (offset <= (int)PciConfigRegister.Command + 1 && offset + size > (int)PciConfigRegister.Command + 1)
            slot.UpdateIntx(); // Interrupt Disable may have changed
        slot.Function.ConfigWritten(offset, size);
    }

    private Slot? Decode(int bus, int device, int functionNumber)
    {
        if (bus != 0 || (uint)device >= DeviceCount || (uint)functionNumber >= FunctionCount)
            return null;
        if (functionNumber != 0 && _slots[device * FunctionCount] is null)
            return null;
        return _slots[device * FunctionCount + functionNumber];
    }

    /// <summary>A registered function and the INTx# wire it drives.</summary>
    private sealed class Slot(PciBus bus, int device, IPciFunction function) : IInterruptLine
    {
        private bool _level;
        private int _drivenPin = -1;

        public IPciFunction Function { get; } = function;

        public void Set(bool level)
        {
            _level = level;
            Function.Config.SetStatus(PciStatus.InterruptStatus, level);
            UpdateIntx();
        }

        /// <summary>Drives the router with the pin's effective level: asserted and not disabled by the command register.</summary>
        public void UpdateIntx()
        {
            int pin = Function.Config.InterruptPin - 1;
            bool effective = _level && pin >= 0 && (Function.Config.Command & PciCommand.InterruptDisable) == 0;
            int newPin = effective ? pin : -1;
            if (newPin == _drivenPin)
                return;
            if (_drivenPin >= 0)
                bus.InterruptRouter?.SetIntx(device, _drivenPin, false);
            _drivenPin = newPin;
            if (newPin >= 0)
                bus.InterruptRouter?.SetIntx(device, newPin, true);
        }
    }
}
