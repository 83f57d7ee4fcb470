using System.Collections.Concurrent;
using PcEmu.Devices.Ps2;

namespace PcEmu.Machine;

/// <summary>
/// The machine's host-input API (<see cref="PcMachine.Input"/>): the CLI, the desktop window
/// and tests call it from any thread; the run loop hands the events to the 8042's keyboard and
/// mouse only between CPU runs, which end at device events, so the guest sees input at the
/// same points of a run however the host thread was scheduled. An event is handed over only
/// once its device has passed every byte of the previous one to the controller, as keys
/// typed at human speed would arrive; the keyboard's own 16-byte buffer therefore never
/// drops an injected key. At most <see cref="Capacity"/> events wait; more are dropped.
/// </summary>
public sealed class HostInputQueue : IPcInput
{
    public const int Capacity = 1024;

    private readonly ConcurrentQueue<InputEvent> _events = new();
    private readonly Action _arrived;

    internal HostInputQueue(Action arrived)
    {
        _arrived = arrived;
    }

    /// <summary>
    /// True while a host source (a window) may deliver input at any time: a CPU halted with
    /// interrupts enabled then waits for it instead of ending the run as halted forever.
    /// </summary>
    public bool SourceAttached { get; set; }

    /// <summary>Events not yet handed to the devices.</summary>
    public int Pending => _events.Count;

    public void KeyDown(PcKey key) => Enqueue(new InputEvent(InputKind.KeyDown, key, 0, 0, PcMouseButtons.None, 0));

    public void KeyUp(PcKey key) => Enqueue(new InputEvent(InputKind.KeyUp, key, 0, 0, PcMouseButtons.None, 0));

    /// <summary>A key pressed and released.</summary>
    public void Tap(PcKey key)
    {
        KeyDown(key);
        KeyUp(key);
    }

    public void MouseMove(int dx, int dy, PcMouseButtons buttons, int wheel = 0) =>
        Enqueue(new InputEvent(InputKind.Mouse, PcKey.None, dx, dy, buttons, wheel));

    /// <summary>Hands waiting events to the controller in order while their device is drained; true if any was handed over.</summary>
    internal bool Deliver(I8042Controller controller)
    {
        bool delivered = false;
        while (_events.TryPeek(out InputEvent next))
        {
            Ps2Device device = next.Kind == InputKind.Mouse ? controller.Mouse : controller.Keyboard;
            if (device.QueuedCount > 0)
                break;
            _events.TryDequeue(out _);
            switch (next.Kind)
            {
                case InputKind.KeyDown:
                    controller.KeyDown(next.Key);
                    break;
                case InputKind.KeyUp:
                    controller.KeyUp(next.Key);
                    break;
                default:
                    controller.MouseMove(next.Dx, next.Dy, next.Buttons, next.Wheel);
                    break;
            }
            delivered = true;
        }
        return delivered;
    }

    private void Enqueue(InputEvent e)
    {
        if (_events.Count >= Capacity)
            return;
        _events.Enqueue(e);
        _arrived();
    }

    private enum InputKind : byte
    {
        KeyDown,
        KeyUp,
        Mouse,
    }

    private readonly record struct InputEvent(InputKind Kind, PcKey Key, int Dx, int Dy, PcMouseButtons Buttons, int Wheel);
}
