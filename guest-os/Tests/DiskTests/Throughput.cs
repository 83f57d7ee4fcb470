using GuestOs.Tests.Platform;

namespace GuestOs.Tests.Disk;

/// <summary>
/// Moves MIB mebibytes between the disk and memory as fast as the guest can, for the
/// benchmarks: "bench pio read|write MIB" uses READ/WRITE MULTIPLE (16-sector DRQ blocks,
/// 256 sectors a command, 32-bit data port accesses); "bench dma read|write MIB" uses READ/WRITE
/// DMA (256 sectors a command, two 64 KiB PRDs). It walks the disk from sector 0, wrapping at
/// its end, checks no data, and prints the byte count at the end.
/// </summary>
internal static unsafe class Throughput
{
    private const int SectorsPerCommand = 256;

    public static void Run(CommandLine line)
    {
        bool dma = line.Followed("bench", "dma");
        bool write = line.Has("write");
        uint mebibytes = line.NumberAfter(write ? "write" : "read", 16);
        ushort* identify = (ushort*)Program.Buffer;
        Ata.PioIn(Ata.Identify, Program.Buffer, 1, 1);
        uint diskSectors = (uint)identify[61] << 16 | identify[60];
        uint commands = mebibytes * 2048 / SectorsPerCommand;
        Cpu.Out8(Ata.Count, 16);
        Ata.NonData(Ata.SetMultipleMode);
        DmaChecks.SetPrd(0, (uint)Program.Buffer, 0, false);
        DmaChecks.SetPrd(1, (uint)Program.Buffer + 0x10000, 0, true);
        uint lba = 0;
        for (uint i = 0; i < commands; i++)
        {
            if (lba + SectorsPerCommand > diskSectors)
                lba = 0;
            Ata.SetLba28(lba, 0);
            byte status;
            if (dma)
                Ata.Dma(write ? Ata.WriteDma : Ata.ReadDma, (uint)Program.Prd, !write, out status);
            else if (write)
                status = Ata.PioOut(Ata.WriteMultiple, Program.Buffer, SectorsPerCommand, 16);
            else
                status = Ata.PioIn(Ata.ReadMultiple, Program.Buffer, SectorsPerCommand, 16);
            if ((status & (Ata.Err | Ata.Drq)) != 0)
            {
                Program.Status("bench FAILED: status ", status);
                Serial.WriteLine("");
                Program.Failures++;
                return;
            }
            lba += SectorsPerCommand;
        }
        Serial.Write(dma ? "bench dma " : "bench pio ");
        Serial.Write(write ? "write: " : "read: ");
        Serial.WriteDecimal(commands * SectorsPerCommand * 512);
        Serial.WriteLine(" bytes");
    }
}
