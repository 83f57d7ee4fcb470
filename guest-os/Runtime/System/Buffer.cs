namespace System;

/// <summary>Block copies; the compiler calls Memmove for struct copies and array copies.</summary>
public static unsafe class Buffer
{
    public static void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
    {
        if (sourceBytesToCopy > destinationSizeInBytes)
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        SpanHelpers.Memmove((byte*)destination, (byte*)source, (nuint)sourceBytesToCopy);
    }

    /// <summary>Struct copies that contain references; with no GC there is no barrier to apply.</summary>
    internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint length) => Memmove(ref destination, ref source, length);

    internal static void Memmove(ref byte destination, ref byte source, nuint length)
    {
        fixed (byte* d = &destination)
        fixed (byte* s = &source)
            SpanHelpers.Memmove(d, s, length);
    }
}

internal static unsafe class SpanHelpers
{
    /// <summary>Copies <paramref name="length"/> bytes, correct when the ranges overlap.</summary>
    internal static void Memmove(byte* destination, byte* source, nuint length)
    {
        if (destination <= source || destination >= source + length)
        {
            for (nuint i = 0; i < length; i++)
                destination[i] = source[i];
        }
        else
        {
            for (nuint i = length; i > 0; i--)
                destination[i - 1] = source[i - 1];
        }
    }

    internal static void Memmove(ref byte destination, ref byte source, nuint length) => Buffer.Memmove(ref destination, ref source, length);

    /// <summary>initblk: sets <paramref name="length"/> bytes to <paramref name="value"/>.</summary>
    internal static void Fill(ref byte destination, byte value, nuint length)
    {
        fixed (byte* d = &destination)
        {
            for (nuint i = 0; i < length; i++)
                d[i] = value;
        }
    }

    internal static void ClearWithoutReferences(ref byte destination, nuint length)
    {
        fixed (byte* d = &destination)
        {
            for (nuint i = 0; i < length; i++)
                d[i] = 0;
        }
    }
}
