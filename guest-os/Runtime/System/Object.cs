using Internal.Runtime;

namespace System;

/// <summary>
/// The root of every reference type. Its one field is a contract with the compiler: every
/// object starts with a pointer to its MethodTable.
/// </summary>
public unsafe class Object
{
    internal MethodTable* m_pMethodTable;

    public Object()
    {
    }

    ~Object()
    {
    }

    public virtual bool Equals(object obj) => ReferenceEquals(this, obj);

    public virtual int GetHashCode() => (int)(nint)m_pMethodTable;

    public virtual string ToString() => "object";

    public static bool ReferenceEquals(object a, object b) => a == b;
}
