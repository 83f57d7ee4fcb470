using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// READ/WRITE DMA (EXT) through the bus master (PIIX3 datasheet 2.7 and table 17): one PRD,
/// several, a PRD of byte count 0 (64 KiB), and PRD tables longer and shorter than the
/// transfer. The bus-master status after each is printed (bits Active, Error, Interrupt).
/// </summary>
internal static unsafe class DmaChecks
{
    public const uint Eot = 0x8000_0000;

    public static void Run()
    {
        // READ DMA: 16 sectors into two 4 KiB regions.
        SetPrd(0, (uint)Program.Buffer, 4096, false);
        SetPrd(1, (uint)Program.Buffer + 4096, 4096, true);
        ReadAndCheck("dma read, 16 at 0 (two prds)", Ata.ReadDma, 0, 16);

        // READ DMA EXT: 128 sectors into one PRD whose byte count 0 means 64 KiB.
        SetPrd(0, (uint)Program.Buffer, 0, true);
        ReadAndCheck("dma read ext, 128 at 10000400 (one 64 KiB prd)", Ata.ReadDmaExt, Layout.Lba28Limit + 0x400, 128);

        SetPrd(0, (uint)Program.Buffer, (uint)Layout.DmaWriteCount * 512, true);
        WriteAndCheck("dma write, 8 at 400", Ata.WriteDma, Layout.DmaWriteLba, Layout.DmaWriteCount, Layout.DmaWriteTag);

        // Three PRDs of unequal sizes (1 KiB, 3 KiB, 4 KiB) for 16 sectors.
        SetPrd(0, (uint)Program.Buffer, 1024, false);
        SetPrd(1, (uint)Program.Buffer + 1024, 3072, false);
        SetPrd(2, (uint)Program.Buffer + 4096, 4096, true);
        WriteAndCheck("dma write ext, 16 at 1000012c (three prds)", Ata.WriteDmaExt, Layout.DmaExtWriteLba, Layout.DmaExtWriteCount, Layout.DmaExtWriteTag);

        // PRDs longer than the transfer: the drive finishes, the bus master stays Active with
        // Interrupt set until the driver stops it (PIIX3 table 17, "Interrupt 1, Active 1").
        SetPrd(0, (uint)Program.Buffer, 8192, true);
        ReadAndCheck("dma read, 4 at 8 with an 8 KiB prd", Ata.ReadDma, 8, 4);

        // PRDs shorter than the transfer: Active drops without an interrupt ("Interrupt 0,
        // Active 0"). The drive is left mid-command on a PIIX (pcemu keeps DRQ); QEMU ends the
        // command instead; so the drive's status goes on an hw line, and SRST recovers either way.
        SetPrd(0, (uint)Program.Buffer, 1024, true);
        Ata.SetLba28(16, 4);
        byte bm = Ata.Dma(Ata.ReadDma, (uint)Program.Prd, true, out byte drive);
        Program.Hex("dma read, 4 at 16 with a 1 KiB prd: bus master ", bm, 2);
        Serial.WriteLine("");
        Program.Hex("hw dma short prd: drive status ", drive, 2);
        Serial.WriteLine("");
        Ata.SoftReset();
        SetPrd(0, (uint)Program.Buffer, 2048, true);
        ReadAndCheck("dma read after soft reset, 4 at 16", Ata.ReadDma, 16, 4);

        // With nIEN set the drive never asserts INTRQ, so the bus master's Interrupt bit (which
        // follows the wire) stays clear; the end of the transfer shows as Active dropping.
        Cpu.Out8(Ata.Control, 0x02);
        SetPrd(0, (uint)Program.Buffer, 4 * 512, true);
        ReadAndCheck("dma read with nIEN set, 4 at 24", Ata.ReadDma, 24, 4);
        Ata.SelectMaster();
    }

    /// <summary>Entry <paramref name="index"/> of the PRD table: address, byte count (0 = 64 KiB), end-of-table flag.</summary>
    public static void SetPrd(int index, uint address, uint bytes, bool last)
    {
        Program.Prd[index * 2] = address;
        Program.Prd[index * 2 + 1] = (bytes & 0xFFFF) | (last ? Eot : 0);
    }

    private static void ReadAndCheck(string what, byte command, ulong lba, int sectors)
    {
        Pattern.Clear(Program.Buffer, sectors);
        PioChecks.SetAddress(command, lba, sectors);
        byte bm = Ata.Dma(command, (uint)Program.Prd, true, out byte drive);
        Program.Check(what, (drive & (Ata.Err | Ata.Drq | Ata.Bsy)) == 0 && Pattern.Check(Program.Buffer, lba, sectors, 0));
        Program.Hex("  bus master status ", bm, 2);

        Serial.WriteLine("");
    }

    private static void WriteAndCheck(string what, byte command, ulong lba, int sectors, uint tag)
    {
        Pattern.Fill(Program.Buffer, lba, sectors, tag);
        PioChecks.SetAddress(command, lba, sectors);
        byte bm = Ata.Dma(command, (uint)Program.Prd, false, out byte drive);
        Program.Check(what, (drive & (Ata.Err | Ata.Drq | Ata.Bsy)) == 0);
        Program.Hex("  bus master status ", bm, 2);
        Serial.WriteLine("");
        bool ext = command == Ata.WriteDmaExt;
        PioChecks.ReadAndCheck(what + ", read back by pio", ext ? Ata.ReadSectorsExt : Ata.ReadSectors, lba, sectors, 1, tag);
    }
}
