using PcEmu.Devices.Common;
using PcEmu.Devices.Pci;
using PcEmu.Devices.Rtl8139;
using PcEmu.Memory;

namespace PcEmu.Machine.Platform;

/// <summary>
/// The RTL8139 cards of <see cref="PcMachineOptions.Nics"/> on PCI bus 0: card n in slot
/// <see cref="FirstSlot"/> + n, function 0, as <c>-device rtl8139,addr=03</c> and up on QEMU
/// (slot 2 is the VGA's). INTA# goes through the PIIX3 PIRQ swizzle (slot 3 reaches PIRQC#,
/// IRQ 11 after the firmware defaults); DMA goes to <see cref="PhysicalMemory"/>. The run loop
/// calls <see cref="Poll"/> between CPU slices to move frames the back ends received into the
/// cards' rings; <see cref="FrameArrived"/> fires on a back end's thread so a halted machine
/// can wake up and poll.
/// </summary>
public sealed class NetworkCards
{
    public const int FirstSlot = 3;
    public const int MaxCards = 8;

    private readonly List<Rtl8139Pci> _cards = new();

    public NetworkCards(IReadOnlyList<NicOptions> nics, PhysicalMemory memory, IoPortBus ports, IVirtualClock clock, IVirtualTimers timers, PciBus bus)
    {
        ArgumentNullException.ThrowIfNull(nics);
        if (nics.Count > MaxCards)
            throw new ArgumentException($"at most {MaxCards} network cards (PCI slots {FirstSlot}-{FirstSlot + MaxCards - 1})", nameof(nics));
        for (int i = 0; i < nics.Count; i++)
        {
            NicOptions nic = nics[i];
            byte[] mac = nic.Mac ?? NicOptions.DefaultMac(i);
            Rtl8139Pci card = new(memory, ports, clock, timers, nic.Backend, Rtl8139Chip.DefaultEeprom(mac));
            card.ConnectInterrupt(bus.Register(FirstSlot + i, 0, card));
            nic.Backend.FrameArrived += () => FrameArrived?.Invoke();
            _cards.Add(card);
        }
    }

    public IReadOnlyList<Rtl8139Pci> Cards => _cards;

    /// <summary>Raised on a back end's thread when a frame waits to be polled in.</summary>
    public event Action? FrameArrived;

    /// <summary>Whether a halted CPU may still be woken by a frame (some card has a back end that can receive).</summary>
    public bool FramesMayArrive => _cards.Count > 0;

    /// <summary>Moves received frames into the cards' rings (machine thread); true if any card took one.</summary>
    public bool Poll()
    {
        bool any = false;
        foreach (Rtl8139Pci card in _cards)
            any |= card.Chip.PollBackend() > 0;
        return any;
    }

    /// <summary>Power-on state for every card's chip (the PCI configuration is the bus's).</summary>
    public void Reset()
    {
        foreach (Rtl8139Pci card in _cards)
            card.Reset(ResetKind.Hard);
    }
}
