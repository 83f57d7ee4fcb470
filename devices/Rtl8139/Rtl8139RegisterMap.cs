namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// Which register each of the 256 offsets belongs to, and its width (datasheet section 5
/// register table). An access is split at register boundaries so that each register's
/// read or write handler runs once per access, with a byte mask saying which of its bytes
/// the access covered. Offsets not in the table are byte-wide scratch storage.
/// </summary>
internal static class Rtl8139RegisterMap
{
    public const int Size = 256;

    private static readonly byte[] Start = new byte[Size];
    private static readonly byte[] Width = new byte[Size];

    static Rtl8139RegisterMap()
    {
        for (int i = 0; i < Size; i++)
        {
            Start[i] = (byte)i;
            Width[i] = 1;
        }
        for (int i = 0; i < 4; i++)
        {
            Define(Rtl8139Register.Tsd0 + 4 * i, 4);
            Define(Rtl8139Register.Tsad0 + 4 * i, 4);
        }
        Define(Rtl8139Register.Rbstart, 4);
        Define(Rtl8139Register.Erbcr, 2);
        Define(Rtl8139Register.Capr, 2);
        Define(Rtl8139Register.Cbr, 2);
        Define(Rtl8139Register.Imr, 2);
        Define(Rtl8139Register.Isr, 2);
        Define(Rtl8139Register.Tcr, 4);
        Define(Rtl8139Register.Rcr, 4);
        Define(Rtl8139Register.Tctr, 4);
        Define(Rtl8139Register.Mpc, 4);
        Define(Rtl8139Register.TimerInt, 4);
        Define(Rtl8139Register.Mulint, 2);
        foreach (Rtl8139Register r in new[]
        {
            Rtl8139Register.TsadSummary, Rtl8139Register.Bmcr, Rtl8139Register.Bmsr, Rtl8139Register.Anar,
            Rtl8139Register.Anlpar, Rtl8139Register.Aner, Rtl8139Register.Dis, Rtl8139Register.Fcsc,
            Rtl8139Register.Nwaytr, Rtl8139Register.Rec, Rtl8139Register.Cscr,
        })
            Define(r, 2);
    }

    /// <summary>The offset of the register that holds <paramref name="offset"/>.</summary>
    public static int RegisterAt(int offset) => Start[offset];

    public static int WidthOf(int registerOffset) => Width[registerOffset];

    private static void Define(Rtl8139Register register, int width)
    {
        int start = (int)register;
        for (int i = 0; i < width; i++)
        {
            Start[start + i] = (byte)start;
            Width[start + i] = (byte)width;
        }
    }
}
