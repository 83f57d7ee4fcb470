namespace GuestOs.Tests.Disk;

/// <summary>
/// What each sector holds. The host test builds the image with tag 0 in the known regions and
/// checks the file afterwards for the tags the guest wrote; it computes the same formula
/// (tests/Integration.Tests/Disk/DiskPattern.cs), so keep the two in step.
/// Dword i of sector <c>lba</c> with tag t: lba * 9E3779B1h + i * 01010101h + t * 7F4A7C15h
/// (32-bit wrap-around). Sector 0 does not end in 55AAh, so no firmware takes it for an MBR.
/// </summary>
internal static unsafe class Pattern
{
    public static uint Dword(ulong lba, int index, uint tag) =>
        (uint)lba * 0x9E37_79B1u + (uint)index * 0x0101_0101u + tag * 0x7F4A_7C15u;

    public static void Fill(uint* buffer, ulong lba, int sectors, uint tag)
    {
        for (int s = 0; s < sectors; s++)
        {
            for (int i = 0; i < 128; i++)
                buffer[s * 128 + i] = Dword(lba + (ulong)s, i, tag);
        }
    }

    /// <summary>True when every dword of the sectors holds the pattern.</summary>
    public static bool Check(uint* buffer, ulong lba, int sectors, uint tag)
    {
        for (int s = 0; s < sectors; s++)
        {
            for (int i = 0; i < 128; i++)
            {
                if (buffer[s * 128 + i] != Dword(lba + (ulong)s, i, tag))
                    return false;
            }
        }
        return true;
    }

    public static void Clear(uint* buffer, int sectors)
    {
        for (int i = 0; i < sectors * 128; i++)
            buffer[i] = 0xDEAD_DEAD;
    }
}
