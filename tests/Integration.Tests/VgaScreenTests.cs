using PcEmu.Machine;

namespace Integration.Tests;

/// <summary>
/// Issue 6 acceptance, the screenshot test: guest-os/Tests/VgaScreen on pcemu and on QEMU
/// (standard VGA, <c>-display none</c>, QMP <c>screendump</c>). The guest prints the VGA state
/// the firmware left (mode 3 from the VGA BIOS), loads its own 8x16 font, writes all 256
/// characters in all attributes with the cursor, then sets mode 13h by registers and draws.
/// pcemu's PNGs in the QEMU profile must equal QEMU's screendumps pixel for pixel: the text
/// screen at 720x400 (9-dot cells), mode 13h at the 640x400 QEMU scans it at; the native
/// profile's 320x200 mode 13h must equal QEMU's picture with its doubled pixels folded back.
/// QEMU blinks the cursor on its host clock (every 266 ms), so the text screen is dumped
/// several times 150 ms apart: every dump must equal pcemu's picture with the cursor pinned
/// on or pinned off, and at least one must show the cursor.
/// </summary>
public sealed class VgaScreenTests : IClassFixture<VgaScreenTests.Runs>
{
    private const string TextMarker = "screen text", GraphicsMarker = "screen mode13h";
    private const int PassExitCode = (0x10 << 1) | 1;

    private static readonly QemuScreens.Stop[] Stops =
    {
        new(TextMarker, Dumps: 6, Answer: (byte)'A'),
        new(GraphicsMarker, Dumps: 1, Answer: (byte)'B'),
    };

    private readonly Runs _runs;

    public VgaScreenTests(Runs runs) => _runs = runs;

    /// <summary>One run of the guest on each machine, shared by the tests.</summary>
    public sealed class Runs
    {
        private readonly Lazy<QemuScreens.Result> _qemu = new(() => QemuScreens.Run(GuestImages.Path("VgaScreen"), Stops));
        private readonly Lazy<PcemuScreens.Result> _pcemu = new(() => PcemuScreens.Run(GuestImages.Path("VgaScreen"), Stops));

        public QemuScreens.Result Qemu => _qemu.Value;

        public PcemuScreens.Result Pcemu => _pcemu.Value;
    }

    [Fact]
    public void The_guest_passes_on_both_machines()
    {
        Assert.True(_runs.Pcemu.Machine.Kind == MachineExitKind.GuestExit, $"{_runs.Pcemu.Machine}\n{_runs.Pcemu.Serial}");
        Assert.Equal((uint)PassExitCode, _runs.Pcemu.Machine.ExitCode);
        Assert.Equal(PassExitCode, _runs.Qemu.ExitCode);
        Assert.Equal(_runs.Qemu.Serial, _runs.Pcemu.Serial);
    }

    [Fact]
    public void Firmware_leaves_mode_3_registers_dac_vbe_and_pci_bar_as_on_qemu()
    {
        string qemu = BeforeMarker(_runs.Qemu.Serial);
        string pcemu = BeforeMarker(_runs.Pcemu.Serial);

        Assert.Contains("misc 67\n", pcemu);
        Assert.Contains("pci 00:02.0 id 11111234 class 03000002 command 0103 bar0 fd000008\n", pcemu);
        Assert.Equal(qemu, pcemu);
    }

    [Fact]
    public void Text_screen_matches_qemu_screendump_pixel_for_pixel()
    {
        PcemuScreens.Screens ours = _runs.Pcemu.Captured[TextMarker];
        IReadOnlyList<RgbImage> dumps = _runs.Qemu.Screens[TextMarker];

        Assert.Equal((720, 400), (ours.QemuCursorOn.Width, ours.QemuCursorOn.Height));
        Assert.False(ours.QemuCursorOn.SameAs(ours.QemuCursorOff), "the cursor changes the picture");
        for (int i = 0; i < dumps.Count; i++)
        {
            Assert.True(
                dumps[i].SameAs(ours.QemuCursorOn) || dumps[i].SameAs(ours.QemuCursorOff),
                $"QEMU dump {i}: vs cursor on: {ours.QemuCursorOn.Difference(dumps[i])}; vs cursor off: {ours.QemuCursorOff.Difference(dumps[i])}");
        }
        Assert.Contains(dumps, d => d.SameAs(ours.QemuCursorOn));
    }

    [Fact]
    public void Mode_13h_matches_qemu_screendump_pixel_for_pixel()
    {
        PcemuScreens.Screens ours = _runs.Pcemu.Captured[GraphicsMarker];
        RgbImage qemu = _runs.Qemu.Screens[GraphicsMarker][0];

        Assert.Equal((640, 400), (qemu.Width, qemu.Height));
        Assert.True(ours.QemuCursorOn.SameAs(qemu), ours.QemuCursorOn.Difference(qemu));
        Assert.Equal((320, 200), (ours.Native.Width, ours.Native.Height));
        RgbImage folded = qemu.FoldDoubled();
        Assert.True(ours.Native.SameAs(folded), ours.Native.Difference(folded));
    }

    private static string BeforeMarker(string serial)
    {
        int end = serial.IndexOf(TextMarker + "\n", StringComparison.Ordinal);
        Assert.True(end > 0, serial);
        return serial[..end];
    }
}
