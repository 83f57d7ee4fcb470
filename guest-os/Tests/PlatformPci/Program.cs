using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Enumerates PCI bus 0 through configuration mechanism #1 (0xCF8/0xCFC, PCI 2.2 section
/// 3.2.2.3.2) and prints "bus:dev.fn vendor:device class" for every function, scanning
/// functions 1-7 only of multi-function devices. Also checks that an absent function reads
/// all ones. Needs no interrupts.
/// </summary>
internal static unsafe class Program
{
    private const ushort ConfigAddress = 0xCF8, ConfigData = 0xCFC;

    [UnmanagedCallersOnly(EntryPoint = "kmain")]
    private static void KernelMain(uint magic, uint multibootInfo)
    {
        Serial.Initialize();
        Serial.WriteLine("platform pci: bus 0");
        int functions = 0;
        for (int device = 0; device < 32; device++)
        {
            if ((ReadConfig(device, 0, 0) & 0xFFFF) == 0xFFFF)
                continue;
            bool multiFunction = (ReadConfig(device, 0, 0x0C) & 0x0080_0000) != 0;
            for (int function = 0; function < (multiFunction ? 8 : 1); function++)
            {
                uint id = ReadConfig(device, function, 0);
                if ((id & 0xFFFF) == 0xFFFF)
                    continue;
                uint classCode = ReadConfig(device, function, 0x08) >> 8;
                Serial.Write("00:");
                Serial.WriteHex((uint)device, 2);
                Serial.Write('.');
                Serial.WriteHex((uint)function, 1);
                Serial.Write(' ');
                Serial.WriteHex(id & 0xFFFF, 4);
                Serial.Write(':');
                Serial.WriteHex(id >> 16, 4);
                Serial.Write(" class ");
                Serial.WriteHex(classCode, 6);
                Serial.Write('\n');
                functions++;
            }
        }
        bool absentReadsOnes = ReadConfig(31, 7, 0) == 0xFFFF_FFFF;
        Serial.Write("functions: ");
        Serial.WriteDecimal((uint)functions);
        Serial.Write('\n');
        Serial.WriteLine(absentReadsOnes ? "absent function reads all ones: yes" : "absent function reads all ones: NO");
        DebugExit.Exit(functions >= 2 && absentReadsOnes ? DebugExit.Passed : DebugExit.Failed);
    }

    private static uint ReadConfig(int device, int function, int offset)
    {
        Cpu.Out32(ConfigAddress, 0x8000_0000u | (uint)device << 11 | (uint)function << 8 | (uint)(offset & 0xFC));
        return Cpu.In32(ConfigData);
    }
}
