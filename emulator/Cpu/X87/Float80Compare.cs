namespace PcEmu.Cpu.X87;

/// <summary>Relation of two operands as FCOM/FUCOM/FCOMI/FTST report it (SDM Vol. 1, 8.1.4 and 8.3.7).</summary>
public enum FloatRelation
{
    Less = 0,
    Equal = 1,
    Greater = 2,
    Unordered = 3,
}

public static partial class Float80Math
{
    /// <summary>
    /// Compares; any NaN is unordered. The ordered compare (FCOM) raises IE for every NaN, the unordered
    /// one (FUCOM) only for an SNaN. Invalid encodings raise IE and are unordered; +0 equals -0.
    /// </summary>
    public static FloatRelation Compare(Float80 a, Float80 b, bool quiet, ref FloatEnvironment env)
    {
        if (a.IsInvalidEncoding || b.IsInvalidEncoding)
        {
            env.Raise(FloatFlags.Invalid);
            return FloatRelation.Unordered;
        }
        if (a.IsNaN || b.IsNaN)
        {
            if (!quiet || a.IsSignalingNaN || b.IsSignalingNaN)
                env.Raise(FloatFlags.Invalid);
            return FloatRelation.Unordered;
        }
        RaiseDenormal(a, b, ref env);
        if (a.IsZero && b.IsZero)
            return FloatRelation.Equal;
        if (a.Sign != b.Sign)
            return a.Sign ? FloatRelation.Less : FloatRelation.Greater;
        int mag = CompareMagnitude(a, b);
        if (mag == 0)
            return FloatRelation.Equal;
        return (mag < 0) ^ a.Sign ? FloatRelation.Less : FloatRelation.Greater;
    }

    private static int CompareMagnitude(Float80 a, Float80 b)
    {
        if (a.IsZero)
            return b.IsZero ? 0 : -1;
        if (b.IsZero)
            return 1;
        if (a.IsInfinity || b.IsInfinity)
            return a.IsInfinity == b.IsInfinity ? 0 : a.IsInfinity ? 1 : -1;
        Unpack(a, out int ea, out ulong sa);
        Unpack(b, out int eb, out ulong sb);
        if (ea != eb)
            return ea < eb ? -1 : 1;
        return sa.CompareTo(sb);
    }
}
