using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// The x87 conformance guest: runs every case group and prints the results as hex on COM1. The output is
/// the evidence: pcemu and qemu-system-i386 must print the same lines (tests/Integration.Tests/X87GuestTests).
/// Status words are printed with DE and C1 masked except where noted: QEMU never reports denormal
/// operands and leaves C1 alone after rounding (see emulator/Cpu/README.md, x87 differences).
/// </summary>
internal static unsafe class Program
{
    private const uint Cr0Ne = 1u << 5;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("x87 conformance");
        byte* tables = stackalloc byte[8192];
        Interrupts.Initialize(tables);

        byte* area = stackalloc byte[16384];
        byte* aligned = (byte*)(((uint)area + 4095) & ~4095u);
        byte* code = aligned;                     // 4 KiB of generated code
        byte* data = aligned + 4096;              // 512 bytes of operands, outputs and images
        byte* handler = aligned + 4096 + 1024;    // the #MF handler
        uint* handlerData = (uint*)(aligned + 4096 + 1024 + 128);
        ulong* idt = (ulong*)(aligned + 8192);    // our own IDT: the stub table plus vector 16
        handlerData[0] = 0;
        handlerData[1] = 0;

        uint* entries = Cpu.InterruptEntryTable();
        for (int vector = 0; vector < 256; vector++)
        {
            uint h = entries[vector];
            idt[vector] = (h & 0xFFFFUL) | (0x08UL << 16) | (0x8E00UL << 32) | ((ulong)(h >> 16) << 48);
        }
        ExceptionCases.Install(handler, idt, handlerData);
        byte* descriptor = stackalloc byte[8];
        *(ushort*)descriptor = 256 * 8 - 1;
        *(uint*)(descriptor + 2) = (uint)idt;
        ControlRegisters.LoadIdt(descriptor);
        ControlRegisters.WriteCr0(ControlRegisters.ReadCr0() | Cr0Ne);

        X87Code.Initialize(code, data);
        ArithmeticCases.Run();
        ConversionCases.Run();
        CompareCases.Run();
        SpecialCases.Run();
        IntegralCases.Run();
        StateCases.Run();
        ExceptionCases.Run();
        TranscendentalCases.Run();

        Serial.WriteLine("x87 conformance done");
        DebugExit.Exit(DebugExit.Passed);
    }
}
