namespace PcEmu.Devices.Rtc;

/// <summary>
/// The MC146818's calendar arithmetic on the decoded time registers: encoding in BCD or
/// binary, 12- or 24-hour form, and the one-second update with its carries (datasheet,
/// "Update Cycle"). Values are kept as the chip holds them, so a register the guest filled
/// with garbage is carried the way the chip's comparators would (a field at or beyond its
/// limit rolls over), never rejected.
/// </summary>
internal struct RtcCalendar
{
    public int Second;
    public int Minute;
    /// <summary>0-23 whatever the register mode.</summary>
    public int Hour;
    public int DayOfWeek;
    public int Day;
    public int Month;
    /// <summary>0-99.</summary>
    public int Year;
    /// <summary>CMOS byte 0x32 decoded; -1 when it does not hold a valid century.</summary>
    public int Century;

    public static RtcCalendar FromDateTime(DateTime time) => new()
    {
        Second = time.Second,
        Minute = time.Minute,
        Hour = time.Hour,
        DayOfWeek = (int)time.DayOfWeek + 1,
        Day = time.Day,
        Month = time.Month,
        Year = time.Year % 100,
        Century = time.Year / 100,
    };

    /// <summary>Decodes registers 0, 2, 4, 6-9 and the century byte (from <paramref name="cmos"/>) in <paramref name="mode"/>.</summary>
    public static RtcCalendar Decode(ReadOnlySpan<byte> cmos, int centuryIndex, RtcStatusB mode)
    {
        int century = FromRegister(cmos[centuryIndex], mode);
        return new RtcCalendar
        {
            Second = FromRegister(cmos[(int)RtcRegister.Seconds], mode),
            Minute = FromRegister(cmos[(int)RtcRegister.Minutes], mode),
            Hour = DecodeHour(cmos[(int)RtcRegister.Hours], mode),
            DayOfWeek = FromRegister(cmos[(int)RtcRegister.DayOfWeek], mode),
            Day = FromRegister(cmos[(int)RtcRegister.DayOfMonth], mode),
            Month = FromRegister(cmos[(int)RtcRegister.Month], mode),
            Year = FromRegister(cmos[(int)RtcRegister.Year], mode),
            Century = IsValidRegister(cmos[centuryIndex], mode) && century <= 99 ? century : -1,
        };
    }

    /// <summary>Writes the fields that differ from <paramref name="before"/> (all when null) back in <paramref name="mode"/>.</summary>
    public readonly void Encode(Span<byte> cmos, int centuryIndex, RtcStatusB mode, RtcCalendar? before = null)
    {
        RtcCalendar old = before ?? new RtcCalendar { Second = -1, Minute = -1, Hour = -1, DayOfWeek = -1, Day = -1, Month = -1, Year = -1, Century = -2 };
        if (Second != old.Second)
            cmos[(int)RtcRegister.Seconds] = ToRegister(Second, mode);
        if (Minute != old.Minute)
            cmos[(int)RtcRegister.Minutes] = ToRegister(Minute, mode);
        if (Hour != old.Hour)
            cmos[(int)RtcRegister.Hours] = EncodeHour(Hour, mode);
        if (DayOfWeek != old.DayOfWeek)
            cmos[(int)RtcRegister.DayOfWeek] = ToRegister(DayOfWeek, mode);
        if (Day != old.Day)
            cmos[(int)RtcRegister.DayOfMonth] = ToRegister(Day, mode);
        if (Month != old.Month)
            cmos[(int)RtcRegister.Month] = ToRegister(Month, mode);
        if (Year != old.Year)
            cmos[(int)RtcRegister.Year] = ToRegister(Year, mode);
        if (Century != old.Century && Century >= 0)
            cmos[centuryIndex] = ToRegister(Century, mode);
    }

    /// <summary>Every field within its range: the calendar can be moved with DateTime arithmetic.</summary>
    public readonly bool IsValid =>
        Second is >= 0 and < 60 && Minute is >= 0 and < 60 && Hour is >= 0 and < 24
        && DayOfWeek is >= 1 and <= 7 && Year is >= 0 and <= 99 && Month is >= 1 and <= 12
        && Day >= 1 && Day <= DaysInMonth(Month, Year);

    /// <summary>One update cycle: the second advances and carries ripple up (datasheet, "Update Cycle").</summary>
    public void Step()
    {
        if (++Second < 60)
            return;
        Second = 0;
        if (++Minute < 60)
            return;
        Minute = 0;
        if (++Hour < 24)
            return;
        Hour = 0;
        DayOfWeek = DayOfWeek >= 7 ? 1 : DayOfWeek + 1;
        if (++Day <= DaysInMonth(Month, Year))
            return;
        Day = 1;
        if (++Month <= 12)
            return;
        Month = 1;
        if (++Year <= 99)
            return;
        Year = 0;
        if (Century is >= 0 and < 99)
            Century++;
    }

    /// <summary>Moves a valid calendar forward by <paramref name="seconds"/> at once.</summary>
    public void Jump(long seconds)
    {
        int fullYear = (Century < 0 ? 20 : Century) * 100 + Year;
        DateTime start = new(Math.Max(fullYear, 1), Month, Day, Hour, Minute, Second);
        long limit = (long)(DateTime.MaxValue - start).TotalSeconds;
        DateTime end = start.AddSeconds(Math.Min(seconds, limit));
        int days = (int)((end.Date - start.Date).Days % 7);
        DayOfWeek = (DayOfWeek - 1 + days) % 7 + 1;
        Second = end.Second;
        Minute = end.Minute;
        Hour = end.Hour;
        Day = end.Day;
        Month = end.Month;
        Year = end.Year % 100;
        if (Century >= 0)
            Century = end.Year / 100;
    }

    /// <summary>The chip's leap rule: every year divisible by 4 (it knows only two digits).</summary>
    public static int DaysInMonth(int month, int year) => month switch
    {
        2 => year % 4 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    public static int FromRegister(byte value, RtcStatusB mode) =>
        (mode & RtcStatusB.BinaryMode) != 0 ? value : (value >> 4) * 10 + (value & 0x0F);

    public static byte ToRegister(int value, RtcStatusB mode) =>
        (mode & RtcStatusB.BinaryMode) != 0 ? (byte)value : (byte)(((value / 10 % 16) << 4) | (value % 10));

    public static bool IsValidRegister(byte value, RtcStatusB mode) =>
        (mode & RtcStatusB.BinaryMode) != 0 || ((value & 0x0F) <= 9 && (value >> 4) <= 9);

    /// <summary>The hours register to 0-23: in 12-hour mode bit 7 is PM and 12 stands for 0.</summary>
    public static int DecodeHour(byte value, RtcStatusB mode)
    {
        if ((mode & RtcStatusB.Hour24) != 0)
            return FromRegister(value, mode);
        int hour12 = FromRegister((byte)(value & 0x7F), mode);
        return hour12 % 12 + ((value & 0x80) != 0 ? 12 : 0);
    }

    public static byte EncodeHour(int hour, RtcStatusB mode)
    {
        if ((mode & RtcStatusB.Hour24) != 0)
            return ToRegister(hour, mode);
        int hour12 = hour % 12 == 0 ? 12 : hour % 12;
        return (byte)(ToRegister(hour12, mode) | (hour % 24 >= 12 ? 0x80 : 0));
    }
}
