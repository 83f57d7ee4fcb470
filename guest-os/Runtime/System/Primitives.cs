namespace System;

// The primitive value types. The compiler knows their layout by name; each holds its value
// in one field called m_value, as in the real corlib.

public abstract class ValueType
{
}

public abstract class Enum : ValueType
{
}

public struct Void
{
}

public struct Boolean
{
    private bool m_value;

    public override string ToString() => m_value ? "True" : "False";
}

public struct Char
{
    private char m_value;
}

public struct SByte
{
    private sbyte m_value;
}

public struct Byte
{
    private byte m_value;
}

public struct Int16
{
    private short m_value;
}

public struct UInt16
{
    private ushort m_value;
}

public struct Int32
{
    private int m_value;

    public const int MaxValue = 0x7FFFFFFF;
    public const int MinValue = unchecked((int)0x80000000);

    public override string ToString() => Number.FormatInt64(m_value);
}

public struct UInt32
{
    private uint m_value;

    public const uint MaxValue = 0xFFFFFFFF;

    public override string ToString() => Number.FormatUInt64(m_value);
}

public struct Int64
{
    private long m_value;

    public const long MaxValue = 0x7FFFFFFFFFFFFFFF;
    public const long MinValue = unchecked((long)0x8000000000000000);

    public override string ToString() => Number.FormatInt64(m_value);
}

public struct UInt64
{
    private ulong m_value;

    public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF;

    public override string ToString() => Number.FormatUInt64(m_value);
}

public struct IntPtr
{
    private unsafe void* m_value;

    public static readonly IntPtr Zero;
}

public struct UIntPtr
{
    private unsafe void* m_value;
}

public struct Single
{
    private float m_value;
}

public struct Double
{
    private double m_value;
}

public struct TypedReference
{
}

public struct ArgIterator
{
}

public struct RuntimeArgumentHandle
{
}
