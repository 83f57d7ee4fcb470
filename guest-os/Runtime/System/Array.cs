using System.Runtime.CompilerServices;

namespace System;

/// <summary>The base of every array. Layout contract: the element count follows the MethodTable pointer.</summary>
public abstract class Array
{
    private int _numComponents;

    public int Length => _numComponents;
}

/// <summary>The compiler's base for single-dimension zero-based arrays (T[]).</summary>
public class Array<T> : Array
{
}

public interface IDisposable
{
    void Dispose();
}

public sealed class ParamArrayAttribute : Attribute
{
}
