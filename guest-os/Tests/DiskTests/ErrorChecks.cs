using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// Commands that must fail the way a drive fails them, and the drive working again after each.
/// <para>
/// Sectors past the end: ATA/ATAPI-6 (8.x, "IDNF") reports a user address that cannot be
/// found with ERR and IDNF, which pcemu does; QEMU 7.2 reports ABRT (ide_sect_range_ok fails,
/// ide_rw_error aborts). So the shared line says "ERR with IDNF or ABRT" and the exact error
/// goes on an hw line.
/// </para>
/// <para>
/// A PRD (or PRD table) at an address no memory answers: on a PIIX the bus master's cycle
/// ends in a master abort, which sets the Error bit and the drive's command fails; pcemu does
/// this (Error, Interrupt, ABRT). QEMU lets the transfer go to unassigned memory and completes
/// the command. Both end the command and raise Interrupt, which is what the shared line checks.
/// </para>
/// </summary>
internal static unsafe class ErrorChecks
{
    /// <summary>Above the 128 MiB of RAM both machines are given and below any PCI BAR.</summary>
    private const uint NoMemory = 0x0C00_0000;

    public static void Run()
    {
        Ata.SetLba48(Layout.DiskSectors, 1);
        byte status = Ata.PioIn(Ata.ReadSectorsExt, Program.Buffer, 1, 1);
        Failed("pio read sectors ext past the end", status);

        Ata.SetLba48(Layout.DiskSectors + 5, 2);
        status = Ata.PioOut(Ata.WriteSectorsExt, Program.Buffer, 2, 1);
        Failed("pio write sectors ext past the end", status);

        Ata.SetLba48(0xFFFF_FFFF_FFFF, 1);
        status = Ata.PioIn(Ata.ReadSectorsExt, Program.Buffer, 1, 1);
        Failed("pio read sectors ext at ffffffffffff", status);

        DmaChecks.SetPrd(0, (uint)Program.Buffer, 512, true);
        Ata.SetLba48(Layout.DiskSectors, 1);
        byte bm = Ata.Dma(Ata.ReadDmaExt, (uint)Program.Prd, true, out status);
        Failed("dma read ext past the end", status);
        Program.Check("dma read ext past the end: bus master interrupt", (bm & Ata.BmInterrupt) != 0);
        Ata.SoftReset();

        DmaChecks.SetPrd(0, NoMemory, 4096, true);
        Ata.SetLba28(0, 8);
        bm = Ata.Dma(Ata.ReadDma, (uint)Program.Prd, true, out status);
        Ended("dma read into memory that does not exist", bm, status);

        // QEMU writes what it read from nowhere, so the target is outside the checked sectors
        // (the host test checks that pcemu left them untouched).
        DmaChecks.SetPrd(0, NoMemory, 4096, true);
        Ata.SetLba28((uint)Layout.BadDmaWriteLba, 8);
        bm = Ata.Dma(Ata.WriteDma, (uint)Program.Prd, false, out status);
        Ended("dma write from memory that does not exist", bm, status);

        Ata.SetLba28(0, 1);
        bm = Ata.Dma(Ata.ReadDma, NoMemory, true, out status);
        Ended("dma read with the prd table where no memory is", bm, status);

        Ata.SelectMaster();
        Program.Status("unknown command 5ch: status ", Ata.NonData(0x5C));
        Program.Hex(" error ", Cpu.In8(Ata.Error), 2);
        Serial.WriteLine("");

        // The drive and the bus master work again, and nothing the bad DMA touched reached the disk.
        DmaChecks.SetPrd(0, (uint)Program.Buffer, 8 * 512, true);
        Pattern.Clear(Program.Buffer, 8);
        Ata.SetLba28(0, 8);
        bm = Ata.Dma(Ata.ReadDma, (uint)Program.Prd, true, out status);
        Program.Check("dma read after the errors, 8 at 0", (status & Ata.Err) == 0 && Pattern.Check(Program.Buffer, 0, 8, 0));
    }

    private static void Failed(string what, byte status)
    {
        byte error = Cpu.In8(Ata.Error);
        bool ok = (status & (Ata.Err | Ata.Drq | Ata.Bsy)) == Ata.Err && (error == Ata.Idnf || error == Ata.Abrt);
        Program.Check(what + ": ERR with IDNF or ABRT, no DRQ", ok);
        Program.Status("hw " + what + ": status ", status);
        Program.Hex(" error ", error, 2);
        Serial.WriteLine("");
        Ata.SelectMaster();
    }

    private static void Ended(string what, byte bm, byte status)
    {
        Program.Check(what + ": command ended, bus master interrupt", (bm & Ata.BmInterrupt) != 0 && (status & (Ata.Bsy | Ata.Drq)) == 0);
        Program.Status("hw " + what + ": status ", status);
        Program.Hex(" error ", Cpu.In8(Ata.Error), 2);
        Program.Hex(" bus master ", bm, 2);
        Serial.WriteLine("");
        Ata.SoftReset();
    }
}
