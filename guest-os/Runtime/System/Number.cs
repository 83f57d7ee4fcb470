namespace System;

/// <summary>Decimal formatting of integers for ToString().</summary>
internal static class Number
{
    internal static unsafe string FormatUInt64(ulong value)
    {
        char* buffer = stackalloc char[20];
        int start = 20;
        do
        {
            ulong quotient = value / 10;
            buffer[--start] = (char)('0' + (int)(value - quotient * 10));
            value = quotient;
        }
        while (value != 0);
        return string.Create(new ReadOnlySpan<char>(buffer + start, 20 - start));
    }

    internal static string FormatInt64(long value)
    {
        if (value >= 0)
            return FormatUInt64((ulong)value);
        return string.Concat("-", FormatUInt64((ulong)(-value)));
    }
}
