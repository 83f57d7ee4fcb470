using System.Runtime.CompilerServices;

namespace System;

/// <summary>
/// An immutable UTF-16 string. The two fields are a layout contract with the compiler:
/// the length, then the characters inline (literals are emitted as frozen objects).
/// </summary>
public sealed unsafe class String
{
    [Intrinsic]
    public static readonly string Empty = "";

    private int _stringLength;
    private char _firstChar;

    public int Length => _stringLength;

    [IndexerName("Chars")]
    public char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_stringLength)
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            fixed (char* p = &_firstChar)
                return p[index];
        }
    }

    public ref readonly char GetPinnableReference() => ref _firstChar;

    public static implicit operator ReadOnlySpan<char>(string value)
        => value is null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);

    internal static string FastAllocateString(int length)
    {
        string s = Unsafe.As<string>(Internal.Runtime.Allocator.AllocateArray(((object)"").m_pMethodTable, length));
        return s;
    }

    public static string Concat(string a, string b)
    {
        a ??= Empty;
        b ??= Empty;
        string result = FastAllocateString(a.Length + b.Length);
        fixed (char* dst = &result._firstChar)
        {
            for (int i = 0; i < a.Length; i++)
                dst[i] = a[i];
            for (int i = 0; i < b.Length; i++)
                dst[a.Length + i] = b[i];
        }
        return result;
    }

    public static string Concat(string a, string b, string c) => Concat(Concat(a, b), c);

    public static string Concat(string a, string b, string c, string d) => Concat(Concat(a, b), Concat(c, d));

    public static string Concat(params string[] values)
    {
        string result = Empty;
        for (int i = 0; i < values.Length; i++)
            result = Concat(result, values[i]);
        return result;
    }

    public static string Concat(ReadOnlySpan<string> values)
    {
        string result = Empty;
        for (int i = 0; i < values.Length; i++)
            result = Concat(result, values[i]);
        return result;
    }

    public static bool operator ==(string a, string b) => Equals(a, b);

    public static bool operator !=(string a, string b) => !Equals(a, b);

    public static bool Equals(string a, string b)
    {
        if ((object)a == b)
            return true;
        if (a is null || b is null || a.Length != b.Length)
            return false;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }

    public override bool Equals(object obj) => obj is string s && Equals(this, s);

    public override int GetHashCode()
    {
        int hash = 5381;
        for (int i = 0; i < _stringLength; i++)
            hash = (hash * 33) ^ this[i];
        return hash;
    }

    public override string ToString() => this;

    /// <summary>Creates a string from a span of characters (used by number formatting).</summary>
    public static string Create(ReadOnlySpan<char> chars)
    {
        string result = FastAllocateString(chars.Length);
        fixed (char* dst = &result._firstChar)
        {
            for (int i = 0; i < chars.Length; i++)
                dst[i] = chars[i];
        }
        return result;
    }
}
