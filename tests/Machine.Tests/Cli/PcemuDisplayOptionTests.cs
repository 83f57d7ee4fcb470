using BigGustave;
using Iced.Intel;
using PcEmu.Machine.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Machine.Tests.Cli;

/// <summary><c>pcemu run --vga</c> and <c>--screenshot</c>: the PNG shows the screen as the run ended.</summary>
public sealed class PcemuDisplayOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pcemu-cli-display-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Stderr) Run(params string[] args)
    {
        var (code, _, stderr) = PcemuInProcess.RunBinary(args);
        return (code, stderr);
    }

    /// <summary>Writes two cells at 0xB8000 (a space in white on blue, a full block in bright red on black), then exits with 0x10.</summary>
    private string WriteCellsKernel()
    {
        byte[] image = TestKernels.Build(a =>
        {
            a.mov(__word_ptr[0xB8000], 0x1F20);
            a.mov(__word_ptr[0xB8002], 0x0CDB);
            a.mov(dx, 0xF4);
            a.mov(al, 0x10);
            a.@out(dx, al);
            a.hlt();
        });
        string path = Path.Combine(_dir, "cells.elf");
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void ScreenshotIsTheMode3ScreenAsTheRunEnded()
    {
        string kernel = WriteCellsKernel();
        string png = Path.Combine(_dir, "screen.png");

        var (code, stderr) = Run("run", "--kernel", kernel, "--serial", "none", "--screenshot", png);

        Assert.True(code == 0x21, stderr);
        Png image = Png.Open(File.ReadAllBytes(png));
        Assert.Equal((720, 400), (image.Width, image.Height));
        Assert.Equal((0, 0, 0xA8), Rgb(image, 4, 8)); // cell 0: a space, blue background
        Assert.Equal((0xFF, 0x57, 0x57), Rgb(image, 9 + 4, 8)); // cell 1: full block in bright red (firmware font)
        Assert.Equal((0, 0, 0), Rgb(image, 4, 16 + 8)); // row 1: cleared to 0720h
    }

    [Fact]
    public void ScreenshotNeedsAVideoCard()
    {
        var (code, stderr) = Run("run", "--kernel", "k.elf", "--vga", "none", "--screenshot", Path.Combine(_dir, "x.png"));

        Assert.Equal(2, code);
        Assert.Contains("--vga none", stderr);
    }

    [Fact]
    public void UnknownVgaIsAUsageError()
    {
        var (code, stderr) = Run("run", "--kernel", "k.elf", "--vga", "cirrus");

        Assert.Equal(2, code);
        Assert.Contains("std or none", stderr);
    }

    private static (int R, int G, int B) Rgb(Png image, int x, int y)
    {
        Pixel p = image.GetPixel(x, y);
        return (p.R, p.G, p.B);
    }
}
