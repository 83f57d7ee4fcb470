namespace System;

/// <summary>
/// Exceptions exist so that C# compiles; the guest has no unwinder, so a throw ends the
/// kernel (panic) or the process (exit with the message).
/// </summary>
public class Exception
{
    public Exception()
    {
    }

    public Exception(string message)
    {
        Message = message;
    }

    public string Message { get; }
}

public class SystemException : Exception
{
    public SystemException()
    {
    }

    public SystemException(string message) : base(message)
    {
    }
}

public sealed class OverflowException : SystemException
{
}

public sealed class IndexOutOfRangeException : SystemException
{
}

public sealed class NullReferenceException : SystemException
{
}

public sealed class DivideByZeroException : SystemException
{
}

public sealed class InvalidCastException : SystemException
{
}

public class ArgumentException : SystemException
{
    public ArgumentException()
    {
    }

    public ArgumentException(string message) : base(message)
    {
    }
}

public sealed class ArgumentOutOfRangeException : ArgumentException
{
}

public sealed class ArgumentNullException : ArgumentException
{
}

public sealed class NotSupportedException : SystemException
{
}

public sealed class NotImplementedException : SystemException
{
}

public sealed class InvalidOperationException : SystemException
{
    public InvalidOperationException()
    {
    }

    public InvalidOperationException(string message) : base(message)
    {
    }
}
