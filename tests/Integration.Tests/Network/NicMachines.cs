using System.Globalization;
using System.Net;
using PcEmu.Devices.Backends.Network;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests.Network;

/// <summary>Boots the NicTest guest with network cards on pcemu, or the same on QEMU.</summary>
public static class NicMachines
{
    public const string Guest = "NicTest";
    public const int PassExitCode = (0x10 << 1) | 1;
    public static readonly byte[] GuestMac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

    /// <summary>QEMU's PCI bus made to hold what pcemu's does (as in PlatformGuestTests), plus the card in slot 3 without its option ROM.</summary>
    public static string[] QemuArguments(string netdev, string mac = "52:54:00:12:34:56", string commandLine = "") => new[]
    {
        "-vga", "none", "-machine", "acpi=off",
        "-netdev", netdev + ",id=n0", "-device", $"rtl8139,netdev=n0,addr=03,romfile=,mac={mac}",
        "-append", commandLine,
    };

    public static string SocketNetdev(IPEndPoint remote, int localPort) =>
        string.Create(CultureInfo.InvariantCulture, $"socket,udp={remote.Address}:{remote.Port},localaddr=127.0.0.1:{localPort}");

    /// <summary>
    /// Runs the guest with one card per back end until it exits or <paramref name="timeout"/>
    /// of host time passes (the guest halts waiting for frames, so the run cannot be bounded by
    /// instructions alone).
    /// </summary>
    public static PcemuRunner.Result Run(string commandLine, TimeSpan timeout, params NicOptions[] nics)
    {
        string image = GuestImages.Path(Guest);
        var serial = new CaptureSerialBackend();
        var diagnostics = new List<string>();
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions
        {
            Com1 = serial,
            Diagnostics = diagnostics.Add,
            Display = DisplayAdapter.None, // as QEMU's -vga none in QemuArguments
            Nics = nics,
        });
        string name = Path.GetFileName(image);
        machine.BootMultiboot(File.ReadAllBytes(image), name, commandLine.Length == 0 ? name : name + " " + commandLine, Array.Empty<BootModule>());
        using var watchdog = new Timer(_ => machine.RequestStop(), null, timeout, Timeout.InfiniteTimeSpan);
        MachineResult result = machine.Run();
        return new PcemuRunner.Result(result, serial.Text, diagnostics);
    }

    public static NicOptions Udp(IPEndPoint remote, int localPort, byte[]? mac = null) =>
        new(new UdpSocketBackend(remote, new IPEndPoint(IPAddress.Loopback, localPort)), mac ?? GuestMac);
}
