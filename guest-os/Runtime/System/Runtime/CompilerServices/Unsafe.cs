namespace System.Runtime.CompilerServices;

/// <summary>
/// Pointer-like operations on managed references. The compiler (ILC) replaces every body
/// here with its own IL because the type lives in the system module; the bodies never run.
/// </summary>
public static unsafe class Unsafe
{
    [Intrinsic]
    public static T As<T>(object o) where T : class => throw null;

    [Intrinsic]
    public static ref TTo As<TFrom, TTo>(ref TFrom source) => throw null;

    [Intrinsic]
    public static ref T AsRef<T>(void* source) => throw null;

    [Intrinsic]
    public static ref T AsRef<T>(scoped ref readonly T source) => throw null;

    [Intrinsic]
    public static void* AsPointer<T>(ref T value) => throw null;

    [Intrinsic]
    public static ref T Add<T>(ref T source, int elementOffset) => throw null;

    [Intrinsic]
    public static ref T Add<T>(ref T source, nint elementOffset) => throw null;

    [Intrinsic]
    public static ref T AddByteOffset<T>(ref T source, nint byteOffset) => throw null;

    [Intrinsic]
    public static int SizeOf<T>() => throw null;

    [Intrinsic]
    public static bool AreSame<T>(ref T left, ref T right) => throw null;

    [Intrinsic]
    public static bool IsNullRef<T>(ref readonly T source) => throw null;

    [Intrinsic]
    public static ref T NullRef<T>() => throw null;

    [Intrinsic]
    public static T Read<T>(void* source) => throw null;

    [Intrinsic]
    public static void Write<T>(void* destination, T value) => throw null;

    [Intrinsic]
    public static T ReadUnaligned<T>(void* source) => throw null;

    [Intrinsic]
    public static void WriteUnaligned<T>(void* destination, T value) => throw null;
}
