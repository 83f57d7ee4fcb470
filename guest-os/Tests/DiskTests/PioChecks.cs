using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// IDENTIFY DEVICE and the PIO data commands: READ/WRITE SECTOR(S), READ/WRITE MULTIPLE and
/// their EXT forms, CHS, LBA28 and LBA48 addressing, READ VERIFY and FLUSH CACHE (EXT).
/// Sector addresses are those of <see cref="Layout"/>.
/// </summary>
internal static unsafe class PioChecks
{
    public static void Run()
    {
        IdentifyFields();
        Reads();
        Multiple();
        Writes();
        Lba48();
        NonDataCommands();
    }

    /// <summary>
    /// Prints the IDENTIFY words a driver relies on and which both machines must agree on.
    /// Model, serial and firmware strings are model-specific ("QEMU HARDDISK" there, "PCEMU
    /// HARDDISK" here), so only their form is checked: ATA strings of printable ASCII.
    /// Words 60-61 are capped at 0FFFFFFFh for a disk beyond LBA28 (ATA/ATAPI-6 8.15.34).
    /// </summary>
    private static void IdentifyFields()
    {
        ushort* w = (ushort*)Program.Buffer;
        byte status = Ata.PioIn(Ata.Identify, Program.Buffer, 1, 1);
        Program.Check("identify device", (status & (Ata.Err | Ata.Drq | Ata.Bsy)) == 0);
        Program.Hex("identify: word 0 ", w[0], 4);
        Serial.Write(", chs ");
        Serial.WriteDecimal(w[1]);
        Serial.Write('/');
        Serial.WriteDecimal(w[3]);
        Serial.Write('/');
        Serial.WriteDecimal(w[6]);
        Program.Hex(", max multiple ", (uint)(w[47] & 0xFF), 2);
        Serial.Write((w[49] & 0x0200) != 0 ? ", lba" : ", no lba");
        Serial.Write((w[49] & 0x0100) != 0 ? ", dma" : ", no dma");
        Serial.Write((w[83] & 0x0400) != 0 ? ", lba48" : ", no lba48");
        Serial.WriteLine((w[83] & 0x3000) == 0x3000 ? ", flush cache (ext)" : ", no flush cache");
        Program.Hex("identify: lba48 sectors ", (uint)w[103] << 16 | w[102], 8);
        Program.Hex("", (uint)w[101] << 16 | w[100], 8);
        Program.Hex(", current chs ", w[54], 4);
        Program.Hex("/", w[55], 4);
        Program.Hex("/", w[56], 4);
        Program.Hex(", current capacity ", (uint)w[58] << 16 | w[57], 8);
        Serial.WriteLine("");
        Program.Check("identify: serial, firmware and model are printable ATA strings", Printable(w, 10, 10) && Printable(w, 23, 4) && Printable(w, 27, 20));
        Program.Hex("identify: lba28 sectors (words 60-61) ", (uint)w[61] << 16 | w[60], 8);
        Serial.WriteLine("");
    }

    private static bool Printable(ushort* words, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            int hi = words[i] >> 8, lo = words[i] & 0xFF;
            if (hi < 0x20 || hi > 0x7E || lo < 0x20 || lo > 0x7E)
                return false;
        }
        return true;
    }

    private static void Reads()
    {
        ReadAndCheck("pio read sectors lba28, 1 at 0", Ata.ReadSectors, 0, 1, 1, 0);
        ReadAndCheck("pio read sectors lba28, 3 at 5 (three drq blocks)", Ata.ReadSectors, 5, 3, 1, 0);
        ReadAndCheck("pio read sectors lba28, count 0 = 256 at 100", Ata.ReadSectors, 100, 256, 1, 0);

        // CHS in the default translation (16 heads, 63 sectors a track): LBA 1000 is 0/15/56.
        Pattern.Clear(Program.Buffer, 1);
        Ata.SetChs(0, 15, 56, 1);
        byte status = Ata.PioIn(Ata.ReadSectors, Program.Buffer, 1, 1);
        Program.Check("pio read sectors chs 0/15/56 = lba 1000", (status & Ata.Err) == 0 && Pattern.Check(Program.Buffer, 1000, 1, 0));
        Ata.SelectMaster();
    }

    private static void Multiple()
    {
        // The block size at power-on is vendor specific (QEMU starts at 16), so the checks set it:
        // a count that is not a power of two is refused, and 0 turns READ MULTIPLE off (ABRT).
        Cpu.Out8(Ata.Count, 3);
        byte status = Ata.NonData(Ata.SetMultipleMode);
        Program.Status("set multiple mode 3: status ", status);
        Program.Hex(" error ", Cpu.In8(Ata.Error), 2);
        Serial.WriteLine("");
        Cpu.Out8(Ata.Count, 0);
        Ata.NonData(Ata.SetMultipleMode);
        Ata.SetLba28(200, 1);
        status = Ata.NonData(Ata.ReadMultiple);
        Program.Status("read multiple with multiple mode off: status ", status);
        Program.Hex(" error ", Cpu.In8(Ata.Error), 2);
        Serial.WriteLine("");

        Ata.SelectMaster();
        Cpu.Out8(Ata.Count, 8);
        status = Ata.NonData(Ata.SetMultipleMode);
        Ata.PioIn(Ata.Identify, Program.Buffer, 1, 1);
        Program.Status("set multiple mode 8: status ", status);
        Serial.WriteLine("");

        // Word 59 shows the block size in force (ATA/ATAPI-6 8.15.29); QEMU computes its
        // IDENTIFY data once and keeps showing the value from the first IDENTIFY.
        Program.Hex("hw identify word 59 after set multiple mode 8: ", ((ushort*)Program.Buffer)[59], 4);
        Serial.WriteLine("");

        ReadAndCheck("pio read multiple, 20 at 200 (blocks of 8, 8, 4)", Ata.ReadMultiple, 200, 20, 8, 0);
    }

    private static void Writes()
    {
        WriteAndCheck("pio write sectors, 2 at 300", Ata.WriteSectors, Ata.ReadSectors, Layout.PioWriteLba, Layout.PioWriteCount, 1, Layout.PioWriteTag);
        WriteAndCheck("pio write multiple, 12 at 320", Ata.WriteMultiple, Ata.ReadMultiple, Layout.MultipleWriteLba, Layout.MultipleWriteCount, 8, Layout.MultipleWriteTag);
    }

    private static void Lba48()
    {
        ReadAndCheck("pio read sectors ext, 4 at 10000010", Ata.ReadSectorsExt, Layout.Lba28Limit + 0x10, 4, 1, 0);
        ReadAndCheck("pio read sectors ext, 4 at 0ffffffe (across 2^28)", Ata.ReadSectorsExt, Layout.Lba28Limit - 2, 4, 1, 0);
        ReadAndCheck("pio read sectors ext, count 0100h = 256 at 1000", Ata.ReadSectorsExt, 1000, 256, 1, 0);
        ReadAndCheck("pio read multiple ext, 20 at 10000100", Ata.ReadMultipleExt, Layout.Lba28Limit + 0x100, 20, 8, 0);
        WriteAndCheck("pio write sectors ext, 2 at 10000064", Ata.WriteSectorsExt, Ata.ReadSectorsExt, Layout.ExtWriteLba, Layout.ExtWriteCount, 1, Layout.ExtWriteTag);
        WriteAndCheck("pio write multiple ext, 10 at 100000c8", Ata.WriteMultipleExt, Ata.ReadMultipleExt, Layout.MultipleExtWriteLba, Layout.MultipleExtWriteCount, 8, Layout.MultipleExtWriteTag);
    }

    private static void NonDataCommands()
    {
        Ata.SetLba28(50, 8);
        Program.Status("read verify, 8 at 50: status ", Ata.NonData(Ata.ReadVerify));
        Serial.WriteLine("");
        Ata.SetLba48(Layout.Lba28Limit, 8);
        Program.Status("read verify ext, 8 at 10000000: status ", Ata.NonData(Ata.ReadVerifyExt));
        Serial.WriteLine("");
        Ata.SelectMaster();
        Program.Status("flush cache: status ", Ata.NonData(Ata.FlushCache));
        Serial.WriteLine("");
        Program.Status("flush cache ext: status ", Ata.NonData(Ata.FlushCacheExt));
        Serial.WriteLine("");
    }

    /// <summary>Reads with a PIO data-in command (an EXT one when it is one) and checks the pattern.</summary>
    public static void ReadAndCheck(string what, byte command, ulong lba, int sectors, int block, uint tag)
    {
        Pattern.Clear(Program.Buffer, sectors);
        SetAddress(command, lba, sectors);
        byte status = Ata.PioIn(command, Program.Buffer, sectors, block);
        Program.Check(what, (status & (Ata.Err | Ata.Drq)) == 0 && Pattern.Check(Program.Buffer, lba, sectors, tag));
    }

    private static void WriteAndCheck(string what, byte write, byte read, ulong lba, int sectors, int block, uint tag)
    {
        Pattern.Fill(Program.Buffer, lba, sectors, tag);
        SetAddress(write, lba, sectors);
        byte status = Ata.PioOut(write, Program.Buffer, sectors, block);
        bool written = (status & (Ata.Err | Ata.Drq)) == 0;
        ReadAndCheck(what + ", read back", read, lba, sectors, block, tag);
        if (!written)
            Program.Check(what + " (status)", false);
    }

    public static void SetAddress(byte command, ulong lba, int sectors)
    {
        bool ext = command is Ata.ReadSectorsExt or Ata.ReadMultipleExt or Ata.WriteSectorsExt or Ata.WriteMultipleExt
            or Ata.ReadDmaExt or Ata.WriteDmaExt or Ata.ReadVerifyExt;
        if (ext)
            Ata.SetLba48(lba, sectors);
        else
            Ata.SetLba28((uint)lba, sectors & 0xFF);
    }
}
