using System.Buffers.Binary;

namespace PcEmu.Devices.Ata;

/// <summary>
/// Builds the 256-word IDENTIFY DEVICE and IDENTIFY PACKET DEVICE data (ATA/ATAPI-6 8.15
/// and 8.16, tables 26 and 27). Words are little-endian in the sector; ATA strings put the
/// first character of each pair in the high byte (so "PC" is stored as 'C','P').
/// </summary>
internal static class AtaIdentify
{
    /// <summary>Largest READ/WRITE MULTIPLE block (word 47).</summary>
    public const int MaxMultipleSectors = 16;

    public const long Lba28Limit = 0x0FFF_FFFF;

    public static byte[] ForDisk(AtaDisk disk)
    {
        ushort[] w = new ushort[256];
        long sectors = disk.SectorCount;
        AtaGeometry g = disk.DefaultGeometry;
        AtaGeometry current = disk.CurrentGeometry;
        w[0] = 0x0040; // fixed device, not removable
        w[1] = (ushort)g.Cylinders;
        w[2] = 0xC837; // specific configuration: device does not require SET FEATURES to spin up, IDENTIFY complete
        w[3] = (ushort)g.Heads;
        w[6] = (ushort)g.SectorsPerTrack;
        PutString(w, 10, 20, disk.Identity.SerialNumber);
        PutString(w, 23, 8, disk.Identity.FirmwareRevision);
        PutString(w, 27, 40, disk.Identity.Model);
        w[47] = 0x8000 | MaxMultipleSectors;
        w[49] = 0x0B00; // IORDY supported, LBA supported, DMA supported
        w[50] = 0x4000;
        w[51] = 0x0200; // PIO timing mode 2 (obsolete field)
        w[53] = 0x0007; // words 54-58, 64-70 and 88 are valid
        w[54] = (ushort)current.Cylinders;
        w[55] = (ushort)current.Heads;
        w[56] = (ushort)current.SectorsPerTrack;
        uint currentCapacity = (uint)Math.Min(current.Capacity, sectors);
        w[57] = (ushort)currentCapacity;
        w[58] = (ushort)(currentCapacity >> 16);
        w[59] = (ushort)(disk.MultipleSectors == 0 ? 0 : 0x0100 | disk.MultipleSectors);
        uint lba28 = (uint)Math.Min(sectors, Lba28Limit);
        w[60] = (ushort)lba28;
        w[61] = (ushort)(lba28 >> 16);
        w[63] = (ushort)(0x0007 | disk.TransferModes.MultiwordDmaSelectedBits);
        w[64] = 0x0003; // PIO modes 3 and 4
        w[65] = 120; // minimum multiword DMA cycle time (ns)
        w[66] = 120; // recommended multiword DMA cycle time
        w[67] = 120; // minimum PIO cycle time without flow control
        w[68] = 120; // minimum PIO cycle time with IORDY
        w[80] = 0x007E; // ATA-1 through ATA-6
        w[81] = 0x0019; // ATA/ATAPI-6 T13 1410D revision 3a
        w[82] = 0x4020; // NOP, write cache
        w[83] = 0x7400; // word valid, FLUSH CACHE EXT, FLUSH CACHE, 48-bit address
        w[84] = 0x4000;
        w[85] = (ushort)(0x4000 | (disk.WriteCacheEnabled ? 0x0020 : 0));
        w[86] = 0x3400;
        w[87] = 0x4000;
        w[88] = (ushort)(0x003F | disk.TransferModes.UltraDmaSelectedBits);
        w[93] = 0x4001 | 0x2000; // device 0 passed diagnostics, 80-conductor cable detected
        ulong lba48 = (ulong)sectors;
        w[100] = (ushort)lba48;
        w[101] = (ushort)(lba48 >> 16);
        w[102] = (ushort)(lba48 >> 32);
        w[103] = (ushort)(lba48 >> 48);
        return ToBytes(w);
    }

    public static byte[] ForPacketDevice(AtaDriveIdentity identity, AtaTransferModes modes)
    {
        ushort[] w = new ushort[256];
        w[0] = 0x85C0; // ATAPI, CD-ROM device type 05h, removable, 50 us DRQ, 12-byte packets
        PutString(w, 10, 20, identity.SerialNumber);
        PutString(w, 23, 8, identity.FirmwareRevision);
        PutString(w, 27, 40, identity.Model);
        w[49] = 0x0B00; // IORDY, LBA, DMA
        w[53] = 0x0006;
        w[63] = (ushort)(0x0007 | modes.MultiwordDmaSelectedBits);
        w[64] = 0x0003;
        w[65] = 120;
        w[66] = 120;
        w[67] = 120;
        w[68] = 120;
        w[71] = 30; // typical time to release the bus after PACKET (ns)
        w[72] = 30;
        w[80] = 0x007E;
        w[82] = 0x4010; // NOP, PACKET
        w[85] = 0x4010;
        w[88] = (ushort)(0x003F | modes.UltraDmaSelectedBits);
        w[93] = 0x4001 | 0x2000;
        return ToBytes(w);
    }

    /// <summary>An ATA string: space padded, two characters a word, first one in the high byte.</summary>
    public static void PutString(ushort[] words, int firstWord, int length, string text)
    {
        for (int i = 0; i < length; i += 2)
        {
            char hi = i < text.Length ? text[i] : ' ';
            char lo = i + 1 < text.Length ? text[i + 1] : ' ';
            words[firstWord + i / 2] = (ushort)((Ascii(hi) << 8) | Ascii(lo));
        }
    }

    private static byte Ascii(char c) => c is >= ' ' and <= '~' ? (byte)c : (byte)'?';

    /// <summary>Word 255: signature A5h and a checksum making all 512 bytes sum to 0 (ATA/ATAPI-6, 8.15.62).</summary>
    private static byte[] ToBytes(ushort[] w)
    {
        w[255] = 0x00A5;
        byte[] data = new byte[512];
        for (int i = 0; i < 256; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), w[i]);
        byte sum = 0;
        for (int i = 0; i < 511; i++)
            sum += data[i];
        data[511] = (byte)-sum;
        return data;
    }
}

/// <summary>
/// The transfer mode chosen with SET FEATURES 03h (ATA/ATAPI-6, 8.36.10). Timing is not
/// modelled; the choice only shows in IDENTIFY words 63 and 88.
/// </summary>
internal sealed class AtaTransferModes
{
    public int MultiwordDma { get; private set; } = -1;

    public int UltraDma { get; private set; } = -1;

    public ushort MultiwordDmaSelectedBits => (ushort)(MultiwordDma < 0 ? 0 : 0x100 << MultiwordDma);

    public ushort UltraDmaSelectedBits => (ushort)(UltraDma < 0 ? 0 : 0x100 << UltraDma);

    public void Reset()
    {
        MultiwordDma = -1;
        UltraDma = -1;
    }

    /// <summary>Applies a Sector Count value of SET TRANSFER MODE; false for a mode the drive lacks.</summary>
    public bool Select(byte value)
    {
        int mode = value & 0x07;
        switch (value >> 3)
        {
            case 0 when mode <= 1: // PIO default mode (with or without IORDY)
                return true;
            case 1 when mode <= 4: // PIO flow-control mode n
                return true;
            case 4 when mode <= 2: // multiword DMA mode n
                MultiwordDma = mode;
                UltraDma = -1;
                return true;
            case 8 when mode <= 5: // Ultra DMA mode n
                UltraDma = mode;
                MultiwordDma = -1;
                return true;
            default:
                return false;
        }
    }
}
