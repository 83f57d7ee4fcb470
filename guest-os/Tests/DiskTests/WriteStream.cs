using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// The durability stream: writes one sector at a time over a window of the disk (even
/// sequence numbers by PIO WRITE SECTORS, odd ones by WRITE DMA), each followed by FLUSH
/// CACHE, and only after the flush completes reports "flushed SEQ LBA" on COM1. Sector LBA
/// holds <see cref="Pattern"/> with tag SEQ + 1. The host kills the emulator somewhere in the
/// stream and checks that every reported sector is in the image.
/// </summary>
internal static unsafe class WriteStream
{
    public const uint FirstLba = 1024, Window = 1024, MaxWrites = 1_000_000;

    public static void Run()
    {
        Serial.WriteLine("stream: writes, each flushed before it is reported");
        DmaChecks.SetPrd(0, (uint)Program.Buffer, 512, true);
        for (uint seq = 0; seq < MaxWrites; seq++)
        {
            uint lba = FirstLba + seq % Window;
            Pattern.Fill(Program.Buffer, lba, 1, seq + 1);
            Ata.SetLba28(lba, 1);
            byte status;
            if ((seq & 1) == 0)
            {
                status = Ata.PioOut(Ata.WriteSectors, Program.Buffer, 1, 1);
            }
            else
            {
                Ata.Dma(Ata.WriteDma, (uint)Program.Prd, false, out status);
            }
            byte flushed = Ata.NonData(Ata.FlushCache);
            if (((status | flushed) & (Ata.Err | Ata.Drq | Ata.Bsy)) != 0)
            {
                Program.Status("stream FAILED: write status ", status);
                Program.Status(" flush status ", flushed);
                Serial.WriteLine("");
                Program.Failures++;
                return;
            }
            Serial.Write("flushed ");
            Serial.WriteDecimal(seq);
            Serial.Write(' ');
            Serial.WriteDecimal(lba);
            Serial.Write('\n');
        }
        Serial.WriteLine("stream: done");
    }
}
