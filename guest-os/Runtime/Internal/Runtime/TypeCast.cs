using Internal.Runtime;

namespace System.Runtime;

/// <summary>
/// Casting helpers the compiler calls for <c>is</c>, <c>as</c>, casts and array stores.
/// Classes are matched by walking the base-type chain, interfaces by searching the
/// interface map. Not yet: generic variance and array covariance (an array is an instance
/// only of its exact type and of object).
/// </summary>
internal static unsafe class TypeCast
{
    private static MethodTable* TypeOf(object obj) => obj.m_pMethodTable;

    private static bool IsClassOf(MethodTable* type, MethodTable* target)
    {
        for (MethodTable* t = type; t != null; t = t->BaseType)
        {
            if (t == target)
                return true;
        }
        return false;
    }

    private static bool ImplementsInterface(MethodTable* type, MethodTable* target)
    {
        if (type == target)
            return true;
        for (MethodTable* t = type; t != null; t = t->BaseType)
        {
            MethodTable** map = t->InterfaceMap;
            for (int i = 0; i < t->NumInterfaces; i++)
            {
                if (map[i] == target)
                    return true;
            }
        }
        return false;
    }

    private static bool IsAssignable(MethodTable* type, MethodTable* target) => IsClassOf(type, target) || ImplementsInterface(type, target);

    internal static object IsInstanceOfClass(MethodTable* target, object obj) => obj is null || IsClassOf(TypeOf(obj), target) ? obj : null;

    internal static object IsInstanceOfInterface(MethodTable* target, object obj) => obj is null || ImplementsInterface(TypeOf(obj), target) ? obj : null;

    internal static object IsInstanceOfAny(MethodTable* target, object obj) => obj is null || IsAssignable(TypeOf(obj), target) ? obj : null;

    internal static object IsInstanceOfException(MethodTable* target, object obj) => IsInstanceOfClass(target, obj);

    internal static object CheckCastClass(MethodTable* target, object obj)
    {
        if (obj is null || IsClassOf(TypeOf(obj), target))
            return obj;
        Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
        return null;
    }

    internal static object CheckCastClassSpecial(MethodTable* target, object obj) => CheckCastClass(target, obj);

    internal static object CheckCastInterface(MethodTable* target, object obj)
    {
        if (obj is null || ImplementsInterface(TypeOf(obj), target))
            return obj;
        Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
        return null;
    }

    internal static object CheckCastAny(MethodTable* target, object obj)
    {
        if (obj is null || IsAssignable(TypeOf(obj), target))
            return obj;
        Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
        return null;
    }

    /// <summary>array[index] = value for arrays of references, with the store check.</summary>
    internal static void StelemRef(object[] array, nint index, object obj)
    {
        if ((nuint)index >= (uint)array.Length)
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
        if (obj is not null && !IsAssignable(TypeOf(obj), TypeOf(array)->RelatedType))
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
        ref object element = ref ElementRef(array, index);
        element = obj;
    }

    internal static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
    {
        if ((nuint)index >= (uint)array.Length)
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
        if (TypeOf(array)->RelatedType != elementType)
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
        return ref ElementRef(array, index);
    }

    private static ref object ElementRef(object[] array, nint index)
        => ref System.Runtime.CompilerServices.Unsafe.Add(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, object>(ref System.Runtime.CompilerServices.Unsafe.As<RawArrayData>(array).Data), index);
}
