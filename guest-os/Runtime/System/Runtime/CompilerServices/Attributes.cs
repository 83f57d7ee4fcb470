namespace System.Runtime.CompilerServices;

// Attributes the C# compiler and ILC look for by name.

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Field | AttributeTargets.Constructor, Inherited = false)]
internal sealed class IntrinsicAttribute : Attribute
{
}

public sealed class IsByRefLikeAttribute : Attribute
{
}

public sealed class IsReadOnlyAttribute : Attribute
{
}

public sealed class IsUnmanagedAttribute : Attribute
{
}

public static class IsExternalInit
{
}

public static class IsVolatile
{
}

public sealed class ScopedRefAttribute : Attribute
{
}

public sealed class RequiresLocationAttribute : Attribute
{
}

public sealed class RefSafetyRulesAttribute : Attribute
{
    public RefSafetyRulesAttribute(int version)
    {
        Version = version;
    }

    public int Version { get; }
}

public sealed class CompilerGeneratedAttribute : Attribute
{
}

public sealed class ExtensionAttribute : Attribute
{
}

public sealed class NullableAttribute : Attribute
{
    public NullableAttribute(byte value)
    {
    }

    public NullableAttribute(byte[] value)
    {
    }
}

public sealed class NullableContextAttribute : Attribute
{
    public NullableContextAttribute(byte value)
    {
    }
}

public sealed class UnsafeValueTypeAttribute : Attribute
{
}

public sealed class FixedBufferAttribute : Attribute
{
    public FixedBufferAttribute(Type elementType, int length)
    {
    }
}

[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false)]
public sealed class InlineArrayAttribute : Attribute
{
    public InlineArrayAttribute(int length)
    {
        Length = length;
    }

    public int Length { get; }
}

public sealed class IndexerNameAttribute : Attribute
{
    public IndexerNameAttribute(string indexerName)
    {
    }
}

public sealed class TupleElementNamesAttribute : Attribute
{
    public TupleElementNamesAttribute(string[] transformNames)
    {
    }
}

public sealed class ParamCollectionAttribute : Attribute
{
}

public sealed class CallConvCdecl
{
}

public sealed class CallConvStdcall
{
}

public sealed class CallConvFastcall
{
}

public sealed class CallConvThiscall
{
}

public sealed class CallConvSuppressGCTransition
{
}

public enum MethodImplOptions
{
    Unmanaged = 0x0004,
    NoInlining = 0x0008,
    ForwardRef = 0x0010,
    Synchronized = 0x0020,
    NoOptimization = 0x0040,
    PreserveSig = 0x0080,
    AggressiveInlining = 0x0100,
    AggressiveOptimization = 0x0200,
    InternalCall = 0x1000,
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
public sealed class MethodImplAttribute : Attribute
{
    public MethodImplAttribute(MethodImplOptions methodImplOptions)
    {
    }
}

/// <summary>Feature switches the C# compiler checks for in the corlib before it uses them.</summary>
public static class RuntimeFeature
{
    public const string ByRefFields = nameof(ByRefFields);
    public const string ByRefLikeGenerics = nameof(ByRefLikeGenerics);
    public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
    public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
    public const string NumericIntPtr = nameof(NumericIntPtr);
    public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
    public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
}

public static class RuntimeHelpers
{
    [Intrinsic]
    public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) => throw null;

    [Intrinsic]
    public static bool IsReferenceOrContainsReferences<T>() => throw null;

    public static int OffsetToStringData => 8;
}
