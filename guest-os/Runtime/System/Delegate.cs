namespace System;

/// <summary>
/// Delegates. The four field names are a contract with the compiler, which builds delegate
/// instances by storing into them directly.
/// </summary>
public abstract class Delegate
{
    internal object _firstParameter;
    internal object _helperObject;
    internal nint _extraFunctionPointerOrData;
    internal nint _functionPointer;

    // The compiler's delegate constructors call these by name.
    private void InitializeClosedInstance(object firstParameter, nint functionPointer)
    {
        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    private void InitializeOpenStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }

    private void InitializeClosedStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _extraFunctionPointerOrData = functionPointer;
        _helperObject = firstParameter;
        _functionPointer = functionPointerThunk;
        _firstParameter = this;
    }
}

public abstract class MulticastDelegate : Delegate
{
}

public delegate void Action();

public delegate void Action<in T>(T arg);

public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);

public delegate TResult Func<out TResult>();

public delegate TResult Func<in T, out TResult>(T arg);

public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);
