namespace GuestOs.Tests.Disk;

using GuestOs.Tests.Platform;

/// <summary>
/// A polled driver for the primary channel's master (ATA/ATAPI-6 clause 7 and 8; PIIX3
/// datasheet 2.7 for bus-master DMA). Interrupts stay disabled in the CPU, but nIEN is clear
/// so the drive drives INTRQ: the bus master latches its Interrupt bit from that wire (QEMU
/// and a real PIIX both do), which is how DMA completion is seen.
/// </summary>
internal static unsafe class Ata
{
    public const ushort Base = 0x1F0, Control = 0x3F6;
    public const ushort Data = Base, Error = Base + 1, Features = Base + 1, Count = Base + 2,
        LbaLow = Base + 3, LbaMid = Base + 4, LbaHigh = Base + 5, Device = Base + 6, Status = Base + 7, Command = Base + 7;

    public const byte Bsy = 0x80, Drdy = 0x40, Drq = 0x08, Err = 0x01;
    public const byte Idnf = 0x10, Abrt = 0x04;

    public const byte Identify = 0xEC, ReadSectors = 0x20, ReadSectorsExt = 0x24, ReadMultiple = 0xC4, ReadMultipleExt = 0x29,
        WriteSectors = 0x30, WriteSectorsExt = 0x34, WriteMultiple = 0xC5, WriteMultipleExt = 0x39,
        ReadVerify = 0x40, ReadVerifyExt = 0x42, ReadDma = 0xC8, ReadDmaExt = 0x25, WriteDma = 0xCA, WriteDmaExt = 0x35,
        FlushCache = 0xE7, FlushCacheExt = 0xEA, SetMultipleMode = 0xC6;

    /// <summary>Bus-master register block of the primary channel (BAR4 + 0): command, status, PRD table address.</summary>
    public static ushort BusMaster;

    public const byte BmStart = 0x01, BmRead = 0x08;
    public const byte BmActive = 0x01, BmError = 0x02, BmInterrupt = 0x04;

    /// <summary>Polls Alternate Status until BSY clears (it never reads Status, so no interrupt is acknowledged); false on timeout.</summary>
    public static bool WaitNotBusy()
    {
        for (int i = 0; i < 20_000_000; i++)
        {
            if ((Cpu.In8(Control) & Bsy) == 0)
                return true;
        }
        return false;
    }

    /// <summary>Waits for BSY clear, then reads Status (acknowledging INTRQ).</summary>
    public static byte Settle()
    {
        WaitNotBusy();
        return Cpu.In8(Status);
    }

    /// <summary>Selects the master with LBA addressing and the interrupt enabled (nIEN clear).</summary>
    public static void SelectMaster()
    {
        Cpu.Out8(Control, 0x00);
        Cpu.Out8(Device, 0xE0);
        WaitNotBusy();
    }

    /// <summary>LBA28 task file: sector count (0 = 256) and 28-bit address, Device = LBA | master | address bits 24-27.</summary>
    public static void SetLba28(uint lba, int count)
    {
        Cpu.Out8(Count, (byte)count);
        Cpu.Out8(LbaLow, (byte)lba);
        Cpu.Out8(LbaMid, (byte)(lba >> 8));
        Cpu.Out8(LbaHigh, (byte)(lba >> 16));
        Cpu.Out8(Device, (byte)(0xE0 | ((lba >> 24) & 0x0F)));
    }

    /// <summary>LBA48 task file: each register written twice, high-order byte first (ATA/ATAPI-6 6.20); count 0 = 65536.</summary>
    public static void SetLba48(ulong lba, int count)
    {
        Cpu.Out8(Count, (byte)(count >> 8));
        Cpu.Out8(LbaLow, (byte)(lba >> 24));
        Cpu.Out8(LbaMid, (byte)(lba >> 32));
        Cpu.Out8(LbaHigh, (byte)(lba >> 40));
        Cpu.Out8(Count, (byte)count);
        Cpu.Out8(LbaLow, (byte)lba);
        Cpu.Out8(LbaMid, (byte)(lba >> 8));
        Cpu.Out8(LbaHigh, (byte)(lba >> 16));
        Cpu.Out8(Device, 0x40);
    }

    /// <summary>CHS task file: cylinder, head (Device bits 0-3, LBA bit clear), sector number from 1.</summary>
    public static void SetChs(int cylinder, int head, int sector, int count)
    {
        Cpu.Out8(Count, (byte)count);
        Cpu.Out8(LbaLow, (byte)sector);
        Cpu.Out8(LbaMid, (byte)cylinder);
        Cpu.Out8(LbaHigh, (byte)(cylinder >> 8));
        Cpu.Out8(Device, (byte)(0xA0 | head));
    }

    /// <summary>
    /// Issues a PIO data-in command and reads <paramref name="sectors"/> sectors in DRQ blocks of
    /// <paramref name="blockSectors"/>, 32 bits at a time. Returns the final Status; on ERR or a
    /// missing DRQ it stops and returns the Status that showed it.
    /// </summary>
    public static byte PioIn(byte command, uint* buffer, int sectors, int blockSectors)
    {
        Cpu.Out8(Command, command);
        int done = 0;
        while (done < sectors)
        {
            byte status = Settle();
            if ((status & (Err | Drq)) != Drq)
                return status;
            int block = sectors - done < blockSectors ? sectors - done : blockSectors;
            uint* p = buffer + done * 128;
            for (int i = 0; i < block * 128; i++)
                p[i] = Cpu.In32(Data);
            done += block;
        }
        WaitNotBusy();
        return Cpu.In8(Control);
    }

    /// <summary>
    /// Issues a PIO data-out command and writes the sectors in DRQ blocks; returns the Status after
    /// the last block (or the one that ended the command early).
    /// </summary>
    public static byte PioOut(byte command, uint* buffer, int sectors, int blockSectors)
    {
        Cpu.Out8(Command, command);
        int done = 0;
        while (done < sectors)
        {
            WaitNotBusy();
            byte status = Cpu.In8(Control);
            if ((status & (Err | Drq)) != Drq)
                return Settle();
            int block = sectors - done < blockSectors ? sectors - done : blockSectors;
            uint* p = buffer + done * 128;
            for (int i = 0; i < block * 128; i++)
                Cpu.Out32(Data, p[i]);
            done += block;
        }
        return Settle();
    }

    /// <summary>A command without data (flush, verify, set multiple mode); returns Status.</summary>
    public static byte NonData(byte command)
    {
        Cpu.Out8(Command, command);
        return Settle();
    }

    /// <summary>
    /// Runs a DMA command with the PRD table at <paramref name="prdTable"/>: program the bus
    /// master, issue the command, set Start, poll until Interrupt or until Active drops, stop the
    /// engine. Returns the bus-master status seen at the end (before clearing Interrupt/Error);
    /// <paramref name="driveStatus"/> gets the drive's Status.
    /// </summary>
    public static byte Dma(byte command, uint prdTable, bool toMemory, out byte driveStatus)
    {
        Cpu.Out8((ushort)(BusMaster + 0), 0);                       // stop any previous transfer
        Cpu.Out8((ushort)(BusMaster + 2), BmInterrupt | BmError);  // write 1 to clear
        Cpu.Out32((ushort)(BusMaster + 4), prdTable);
        Cpu.Out8((ushort)(BusMaster + 0), toMemory ? BmRead : (byte)0);
        Cpu.Out8(Command, command);
        Cpu.Out8((ushort)(BusMaster + 0), (byte)((toMemory ? BmRead : 0) | BmStart));
        byte bm = 0;
        for (int i = 0; i < 20_000_000; i++)
        {
            bm = Cpu.In8((ushort)(BusMaster + 2));
            if ((bm & BmInterrupt) != 0 || (bm & BmActive) == 0)
                break;
        }
        Cpu.Out8((ushort)(BusMaster + 0), toMemory ? BmRead : (byte)0);
        driveStatus = Cpu.In8(Control);
        if ((driveStatus & Bsy) == 0)
            driveStatus = Cpu.In8(Status);
        Cpu.Out8((ushort)(BusMaster + 2), BmInterrupt | BmError);
        return (byte)(bm & (BmActive | BmError | BmInterrupt));
    }

    /// <summary>Software reset (SRST set, then cleared), then the master selected again.</summary>
    public static void SoftReset()
    {
        Cpu.Out8(Control, 0x04);
        for (int i = 0; i < 100; i++)
            Cpu.In8(Control);
        Cpu.Out8(Control, 0x00);
        WaitNotBusy();
        SelectMaster();
        Settle();
    }
}
