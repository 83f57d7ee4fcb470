using System.Runtime.CompilerServices;

namespace System;

/// <summary>A bounds-checked view of contiguous memory: a managed reference and a length.</summary>
public readonly ref struct Span<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    public Span(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    public unsafe Span(void* pointer, int length)
    {
        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    public Span(T[] array)
    {
        if (array is null)
        {
            this = default;
            return;
        }
        _reference = ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data);
        _length = array.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            return ref Unsafe.Add(ref _reference, index);
        }
    }

    public Span<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    public Span<T> Slice(int start) => Slice(start, _length - start);

    public void Clear()
    {
        for (int i = 0; i < _length; i++)
            Unsafe.Add(ref _reference, i) = default;
    }

    public void Fill(T value)
    {
        for (int i = 0; i < _length; i++)
            Unsafe.Add(ref _reference, i) = value;
    }

    public ref T GetPinnableReference() => ref _reference;

    public static implicit operator Span<T>(T[] array) => new Span<T>(array);

    public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);
}

/// <summary>A read-only bounds-checked view of contiguous memory.</summary>
public readonly ref struct ReadOnlySpan<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    public ReadOnlySpan(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    public unsafe ReadOnlySpan(void* pointer, int length)
    {
        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    public ReadOnlySpan(T[] array)
    {
        if (array is null)
        {
            this = default;
            return;
        }
        _reference = ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data);
        _length = array.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    public ref readonly T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            return ref Unsafe.Add(ref _reference, index);
        }
    }

    public ReadOnlySpan<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    public ReadOnlySpan<T> Slice(int start) => Slice(start, _length - start);

    public ref readonly T GetPinnableReference() => ref _reference;

    public static implicit operator ReadOnlySpan<T>(T[] array) => new ReadOnlySpan<T>(array);
}

/// <summary>The layout of an array object seen from the start of its data (used to find element 0).</summary>
internal sealed class RawArrayData
{
    public uint Length;
    public byte Data;
}
