namespace GuestOs.Tests.Platform;

/// <summary>
/// Prints the VGA state as hex lines: misc output, sequencer, CRTC (without the cursor
/// location CR0E/CR0F, which follows whatever text the firmware printed), graphics
/// controller, attribute controller, the 256 DAC entries (not the pel mask: QEMU reads
/// 0x3C6 as 00h, the IBM VGA returns the mask), the Bochs VBE ID, memory
/// size and enable registers, and the PCI function 00:02.0 (IDs, class, command, BAR0).
/// </summary>
internal static class VgaDump
{
    public static void Print()
    {
        Serial.Write("misc ");
        Serial.WriteHex(Cpu.In8(Vga.MiscRead), 2);
        Serial.Write("\nseq");
        for (int i = 0; i < 5; i++)
            Hex(Vga.ReadIndexed(Vga.SequencerIndex, i));
        Serial.Write("\ncrtc");
        for (int i = 0; i < 0x19; i++)
        {
            if (i != 0x0E && i != 0x0F)
                Hex(Vga.ReadIndexed(Vga.CrtcIndex, i));
        }
        Serial.Write("\ngc");
        for (int i = 0; i < 9; i++)
            Hex(Vga.ReadIndexed(Vga.GraphicsIndex, i));
        Serial.Write("\nattr");
        for (int i = 0; i < 0x15; i++)
            Hex(Vga.ReadAttribute(i));
        Cpu.Out8(Vga.DacReadIndex, 0);
        for (int entry = 0; entry < 256; entry++)
        {
            if (entry % 16 == 0)
            {
                Serial.Write("\ndac ");
                Serial.WriteHex((uint)entry, 2);
                Serial.Write(':');
            }
            Serial.Write(' ');
            for (int component = 0; component < 3; component++)
                Serial.WriteHex(Cpu.In8(Vga.DacData), 2);
        }
        Serial.Write("\nvbe id ");
        Serial.WriteHex(ReadVbe(0), 4);
        Serial.Write(" memory64k ");
        Serial.WriteHex(ReadVbe(0x0A), 4);
        Serial.Write(" enable ");
        Serial.WriteHex(ReadVbe(4), 4);
        Serial.Write("\npci 00:02.0 id ");
        Serial.WriteHex(ReadPciConfig(0x00), 8);
        Serial.Write(" class ");
        Serial.WriteHex(ReadPciConfig(0x08), 8);
        Serial.Write(" command ");
        Serial.WriteHex(ReadPciConfig(0x04) & 0xFFFF, 4);
        Serial.Write(" bar0 ");
        Serial.WriteHex(ReadPciConfig(0x10), 8);
        Serial.Write('\n');
    }

    private static void Hex(byte value)
    {
        Serial.Write(' ');
        Serial.WriteHex(value, 2);
    }

    private static uint ReadVbe(int index)
    {
        Cpu.Out16(0x1CE, (ushort)index);
        return Cpu.In16(0x1CF);
    }

    private static uint ReadPciConfig(int offset)
    {
        Cpu.Out32(0xCF8, 0x8000_0000u | 2u << 11 | (uint)offset);
        return Cpu.In32(0xCFC);
    }
}
