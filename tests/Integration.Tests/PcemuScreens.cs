using System.Text;
using BigGustave;
using PcEmu.Devices.Backends.Display;
using PcEmu.Devices.Backends.Serial;
using PcEmu.Devices.Vga;
using PcEmu.Machine;
using PcEmu.Machine.Boot;

namespace Integration.Tests;

/// <summary>
/// pcemu's side of the screenshot handshake (<see cref="QemuScreens"/>): when the guest prints a
/// marker line on COM1, the frames are rendered there and then (QEMU profile with the cursor
/// pinned on and off, and the native profile), each written as a PNG and read back, and the
/// answer byte is queued for the guest.
/// </summary>
public static class PcemuScreens
{
    public sealed record Screens(RgbImage QemuCursorOn, RgbImage QemuCursorOff, RgbImage Native);

    public sealed record Result(MachineResult Machine, string Serial, IReadOnlyDictionary<string, Screens> Captured);

    public static Result Run(string kernelPath, IReadOnlyList<QemuScreens.Stop> stops, ulong maxInstructions = 2_000_000_000)
    {
        var captured = new Dictionary<string, Screens>();
        VgaRenderer? qemuRenderer = null, nativeRenderer = null;
        var serial = new MarkerSerialBackend();
        serial.LineWritten += line =>
        {
            foreach (QemuScreens.Stop stop in stops)
            {
                if (line != stop.Marker)
                    continue;
                qemuRenderer!.CursorPhase = true;
                RgbImage on = ThroughPng(qemuRenderer.Capture());
                qemuRenderer.CursorPhase = false;
                RgbImage off = ThroughPng(qemuRenderer.Capture());
                captured[stop.Marker] = new Screens(on, off, ThroughPng(nativeRenderer!.Capture()));
                serial.QueueInput(stop.Answer);
            }
        };
        PcMachine machine = PcMachineBuilder.Build(new PcMachineOptions { Com1 = serial });
        VgaAdapter vga = machine.Platform.Vga?.Adapter ?? throw new InvalidOperationException("the machine has no VGA");
        qemuRenderer = new VgaRenderer(vga, VgaRenderProfile.Qemu);
        nativeRenderer = new VgaRenderer(vga, VgaRenderProfile.Native);
        byte[] kernel = File.ReadAllBytes(kernelPath);
        machine.BootMultiboot(kernel, Path.GetFileName(kernelPath), Path.GetFileName(kernelPath), Array.Empty<BootModule>());
        MachineResult result = machine.Run(maxInstructions);
        return new Result(result, serial.Text, captured);
    }

    /// <summary>The frame as our PNG back end writes it, decoded again.</summary>
    private static RgbImage ThroughPng(VgaFrame frame)
    {
        using var stream = new MemoryStream();
        PngScreenshot.Save(frame, stream);
        stream.Position = 0;
        Png png = Png.Open(stream);
        uint[] pixels = new uint[png.Width * png.Height];
        for (int y = 0; y < png.Height; y++)
        {
            for (int x = 0; x < png.Width; x++)
            {
                Pixel p = png.GetPixel(x, y);
                pixels[y * png.Width + x] = (uint)(p.R << 16 | p.G << 8 | p.B);
            }
        }
        return new RgbImage(png.Width, png.Height, pixels);
    }

    /// <summary>Keeps the guest's output, reports each completed line, and feeds queued input.</summary>
    private sealed class MarkerSerialBackend : ISerialBackend
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _line = new();
        private readonly Queue<byte> _input = new();

        public event Action<string>? LineWritten;

        public string Text => _text.ToString();

        public void QueueInput(byte value) => _input.Enqueue(value);

        public void Write(byte value)
        {
            char c = (char)value;
            _text.Append(c);
            if (c != '\n')
            {
                _line.Append(c);
                return;
            }
            string line = _line.ToString();
            _line.Clear();
            LineWritten?.Invoke(line);
        }

        public int Read(Span<byte> destination)
        {
            int count = 0;
            while (count < destination.Length && _input.TryDequeue(out byte b))
                destination[count++] = b;
            return count;
        }

        public bool InputMayArrive => _input.Count > 0;

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
