using System.Net;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Ps2;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests;

/// <summary>
/// Issue 3 acceptance, input: keys injected by the test (pcemu: <see cref="PcMachine.Input"/>;
/// QEMU: the monitor's sendkey) read by PlatformKeyboard on IRQ 1, and lines sent to COM1
/// (pcemu: its TCP server back end or an in-memory one; QEMU: <c>-serial tcp:...,server</c>)
/// echoed by PlatformSerialEcho. Both emulators must print the same.
/// </summary>
public sealed class PlatformInputTests
{
    private const int PassExitCode = (0x10 << 1) | 1;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly string[] MatchingQemuDevices =
    {
        "-vga", "none", "-machine", "acpi=off", "-icount", "shift=0,sleep=off",
    };

    /// <summary>QEMU sendkey combinations; each presses its keys in order and releases them in reverse.</summary>
    private static readonly string[] Keys = { "shift-h", "i", "up", "ret" };

    private static readonly Dictionary<string, PcKey> PcKeys = new()
    {
        ["shift"] = PcKey.LeftShift, ["h"] = PcKey.H, ["i"] = PcKey.I, ["up"] = PcKey.Up, ["ret"] = PcKey.Enter,
    };

    private static readonly string[] EchoLines = { "hello", "serial world", "" };

    [Fact]
    public void Keyboard_guest_prints_the_same_on_pcemu_and_qemu()
    {
        string image = GuestImages.Path("PlatformKeyboard");
        string qemuSerial;
        using (QemuSession qemu = QemuSession.Start(image, MatchingQemuDevices))
        {
            qemu.Serial.WaitFor("ready\n", Timeout);
            foreach (string combination in Keys)
                qemu.SendKey(combination);
            Assert.Equal(PassExitCode, qemu.WaitForExit(Timeout));
            qemuSerial = qemu.Serial.Text;
        }

        (MachineResult pcemu, string pcemuSerial) = RunKeyboardOnPcemu(image);

        Assert.Equal(MachineExitKind.GuestExit, pcemu.Kind);
        Assert.Equal(qemuSerial, pcemuSerial);
        Assert.Contains("scan 23 make 'h'\n", pcemuSerial);
        Assert.Contains("scan e0 extended\nscan 48\n", pcemuSerial);
    }

    [Fact]
    public void Injected_keys_give_the_same_run_twice()
    {
        string image = GuestImages.Path("PlatformKeyboard");

        (MachineResult first, string firstSerial) = RunKeyboardOnPcemu(image);
        (MachineResult second, string secondSerial) = RunKeyboardOnPcemu(image);

        Assert.Equal((uint)PassExitCode, first.ExitCode);
        Assert.Equal(firstSerial, secondSerial);
        Assert.Equal(first.RetiredInstructions, second.RetiredInstructions);
    }

    [Fact]
    public async Task Serial_echo_prints_the_same_on_pcemu_and_qemu_over_tcp()
    {
        string image = GuestImages.Path("PlatformSerialEcho");
        string qemuSerial;
        using (QemuSession qemu = QemuSession.Start(image, MatchingQemuDevices))
        {
            TypeLines(qemu.Serial);
            Assert.Equal(PassExitCode, qemu.WaitForExit(Timeout));
            qemuSerial = qemu.Serial.Text;
        }

        int port = QemuSession.FreeLoopbackPort();
        IPEndPoint endPoint = new(IPAddress.Loopback, port);
        Task<TcpServerSerialBackend> listening = Task.Run(() => new TcpServerSerialBackend(endPoint, waitForClient: true));
        using SerialConnection client = ConnectWithRetry(endPoint);
        using TcpServerSerialBackend backend = await listening.WaitAsync(Timeout);
        PcMachine machine = Boot(image, backend);
        Task<MachineResult> run = Task.Run(() => machine.Run(PcMachine.SliceInstructions * 1000));
        TypeLines(client);
        Task finished = await Task.WhenAny(run, Task.Delay(Timeout));
        if (finished != run)
        {
            machine.RequestStop();
            Assert.Fail("pcemu did not finish:\n" + client.Text);
        }
        MachineResult result = await run;
        backend.Dispose();
        client.WaitForEnd(TimeSpan.FromSeconds(10));

        Assert.Equal(MachineExitKind.GuestExit, result.Kind);
        Assert.Equal(qemuSerial, client.Text);
        Assert.Contains("echo: serial world (12 bytes)\n", qemuSerial);
    }

    [Fact]
    public void Serial_input_gives_the_same_run_twice()
    {
        string image = GuestImages.Path("PlatformSerialEcho");

        (MachineResult first, string firstSerial) = RunEchoOnPcemu(image);
        (MachineResult second, string secondSerial) = RunEchoOnPcemu(image);

        Assert.Equal((uint)PassExitCode, first.ExitCode);
        Assert.Contains("echo: hello (5 bytes)\necho: serial world (12 bytes)\necho:  (0 bytes)\nlines: 3, bytes: 25\n", firstSerial);
        Assert.Equal(firstSerial, secondSerial);
        Assert.Equal(first.RetiredInstructions, second.RetiredInstructions);
    }

    [Fact]
    public void Bytes_below_the_fifo_trigger_level_arrive_through_the_character_timeout()
    {
        // PlatformSerialEcho sets a trigger level of 4: two bytes raise no received-data
        // interrupt, only the timeout four character times later, while the CPU is halted.
        CaptureSerialBackend serial = new();
        PcMachine machine = Boot(GuestImages.Path("PlatformSerialEcho"), serial);
        RunUntil(machine, serial, "ready\n");

        serial.QueueInput("x\n");
        RunUntil(machine, serial, "echo: x (1 bytes)\n");
        serial.QueueInput("quit\n");
        MachineResult result = machine.Run(1_000_000_000);

        Assert.Equal((uint)PassExitCode, result.ExitCode);
        Assert.EndsWith("echo: x (1 bytes)\nlines: 1, bytes: 7\n", serial.Text);
    }

    private static void TypeLines(SerialConnection serial)
    {
        serial.WaitFor("ready\n", Timeout);
        foreach (string line in EchoLines)
            serial.Send(line + "\n");
        serial.Send("quit\n");
    }

    private static SerialConnection ConnectWithRetry(IPEndPoint endPoint)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return SerialConnection.Connect(endPoint);
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 200)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static PcMachine Boot(string image, ISerialBackend com1)
    {
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { Com1 = com1 });
        string name = Path.GetFileName(image);
        machine.BootMultiboot(File.ReadAllBytes(image), name, name, Array.Empty<BootModule>());
        return machine;
    }

    /// <summary>Runs in short slices until the guest says "ready", then presses the keys as QEMU's sendkey does.</summary>
    private static (MachineResult Result, string Serial) RunKeyboardOnPcemu(string image)
    {
        CaptureSerialBackend serial = new();
        PcMachine machine = Boot(image, serial);
        RunUntil(machine, serial, "ready\n");
        foreach (string combination in Keys)
        {
            PcKey[] keys = combination.Split('-').Select(k => PcKeys[k]).ToArray();
            foreach (PcKey key in keys)
                machine.Input.KeyDown(key);
            foreach (PcKey key in keys.Reverse())
                machine.Input.KeyUp(key);
        }
        MachineResult result = machine.Run(1_000_000_000);
        return (result, serial.Text);
    }

    private static (MachineResult Result, string Serial) RunEchoOnPcemu(string image)
    {
        CaptureSerialBackend serial = new();
        PcMachine machine = Boot(image, serial);
        RunUntil(machine, serial, "ready\n");
        foreach (string line in EchoLines)
            serial.QueueInput(line + "\n");
        serial.QueueInput("quit\n");
        MachineResult result = machine.Run(1_000_000_000);
        return (result, serial.Text);
    }

    private static void RunUntil(PcMachine machine, CaptureSerialBackend serial, string text)
    {
        for (int i = 0; i < 10_000 && !serial.Text.Contains(text, StringComparison.Ordinal); i++)
        {
            MachineResult slice = machine.Run(100_000);
            Assert.True(slice.Kind is MachineExitKind.InstructionLimit or MachineExitKind.HaltedForever, slice.ToString() + "\n" + serial.Text);
        }
        Assert.Contains(text, serial.Text);
    }
}
