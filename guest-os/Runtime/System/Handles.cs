namespace System;

public struct RuntimeTypeHandle
{
    private IntPtr _value;
}

public struct RuntimeMethodHandle
{
    private IntPtr _value;
}

public struct RuntimeFieldHandle
{
    private IntPtr _value;
}

public abstract class Type
{
}

/// <summary>What <c>typeof</c> yields; the guest has no reflection, so it is only an identity.</summary>
internal sealed class RuntimeType : Type
{
}
