using PcEmu.Devices.Backends.Audio;
using PcEmu.Devices.Backends.Disk;
using PcEmu.Devices.Backends.Serial;

namespace PcEmu.Machine;

/// <summary>What to put in the PC. The back ends belong to the caller, who disposes them.</summary>
public sealed record PcMachineOptions
{
    public const uint DefaultMemoryBytes = 128u * 1024 * 1024;

    /// <summary>RAM from address 0: at least 1 MiB, a whole number of 4 KiB pages.</summary>
    public uint MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>The host end of COM1 (0x3F8, IRQ 4).</summary>
    public ISerialBackend Com1 { get; init; } = new NullSerialBackend();

    /// <summary>The host end of COM2 (0x2F8, IRQ 3); null: no COM2 (its ports float), as QEMU without a second <c>-serial</c>.</summary>
    public ISerialBackend? Com2 { get; init; }

    /// <summary>The host end of COM3 (0x3E8, IRQ 4, shared with COM1 as on the PC); null: absent.</summary>
    public ISerialBackend? Com3 { get; init; }

    /// <summary>The host end of COM4 (0x2E8, IRQ 3, shared with COM2); null: absent.</summary>
    public ISerialBackend? Com4 { get; init; }

    /// <summary>
    /// What a guest reset request (0xCF9, port 0x92, 8042 command 0xFE) or a triple fault does.
    /// True: the machine resets the CPU and devices to power-on and loads the Multiboot kernel
    /// again, as QEMU does with <c>-kernel</c> (the pcemu CLI's default). False (the default
    /// here, QEMU's <c>-no-reboot</c>, what the test harnesses use): the run ends with
    /// <see cref="MachineExitKind.Shutdown"/> and the reason.
    /// </summary>
    public bool Reboot { get; init; }

    /// <summary>Where bytes written to the 0xE9 debug console go (dropped when null).</summary>
    public ISerialBackend? DebugConsole { get; init; }

    /// <summary>One-line messages from the CPU and the machine (unimplemented instruction, triple fault).</summary>
    public Action<string>? Diagnostics { get; init; }

    /// <summary>Virtual nanoseconds per retired instruction (1 = a nominal 1 GHz CPU).</summary>
    public long NanosecondsPerInstruction { get; init; } = 1;

    /// <summary>
    /// Pace virtual time to the host clock (interactive use): a halted CPU sleeps until the
    /// next device event is due in host time, and virtual time catches up with host time when
    /// the CPU runs slower than the nominal rate. Off by default: tests and benchmarks run in
    /// deterministic mode, where time follows retired instructions and HLT jumps to the next event.
    /// </summary>
    public bool Realtime { get; init; }

    /// <summary>What the RTC shows at power-on; null: <c>Mc146818Rtc.DefaultDeterministicStart</c>, or the host's local time in realtime mode.</summary>
    public DateTime? RtcStart { get; init; }

    /// <summary>Primary master hard disk (QEMU <c>-hda</c>); see <see cref="DiskImages"/>.</summary>
    public IBlockBackend? Hda { get; init; }

    /// <summary>Primary slave hard disk (QEMU <c>-hdb</c>).</summary>
    public IBlockBackend? Hdb { get; init; }

    /// <summary>ATAPI CD-ROM medium on the secondary master (QEMU <c>-cdrom</c>).</summary>
    public IBlockBackend? Cdrom { get; init; }

    /// <summary>The video card (QEMU <c>-vga</c>): the standard VGA by default, as on QEMU.</summary>
    public DisplayAdapter Display { get; init; } = DisplayAdapter.Std;

    /// <summary>
    /// Where the PC speaker's samples go (QEMU <c>-machine pcspk-audiodev=</c>), e.g. a
    /// <c>WavFileAudioSink</c>; null: no speaker output. Samples follow virtual time, so a
    /// deterministic run writes the same samples every time.
    /// </summary>
    public IAudioSink? Speaker { get; init; }

    /// <summary>RTL8139 network cards, in PCI slots 3 and up (<see cref="Platform.NetworkCards"/>); none by default, as QEMU with <c>-nic none</c>.</summary>
    public IReadOnlyList<NicOptions> Nics { get; init; } = Array.Empty<NicOptions>();
}
