namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// The helpers the compiler calls when generated code detects an error (overflow, bad
/// index, null). With no unwinder in the guest, each one is a fatal error naming the cause.
/// </summary>
internal static class ThrowHelpers
{
    internal static void ThrowOverflowException() => Fail.Fast("arithmetic overflow");

    internal static void ThrowIndexOutOfRangeException() => Fail.Fast("index out of range");

    internal static void ThrowNullReferenceException() => Fail.Fast("null reference");

    internal static void ThrowDivideByZeroException() => Fail.Fast("divide by zero");

    internal static void ThrowArrayTypeMismatchException() => Fail.Fast("array type mismatch");

    internal static void ThrowPlatformNotSupportedException() => Fail.Fast("platform not supported");

    internal static void ThrowNotImplementedException() => Fail.Fast("not implemented");

    internal static void ThrowNotSupportedException() => Fail.Fast("not supported");

    internal static void ThrowBadImageFormatException(int id) => Fail.Fast("bad image format");

    internal static void ThrowTypeLoadException(int id) => Fail.Fast("type load failure");

    internal static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName, string messageArg) => Fail.Fast("type load failure");

    internal static void ThrowMissingMethodException(int id, string methodName) => Fail.Fast("missing method");

    internal static void ThrowMissingFieldException(int id, string fieldName) => Fail.Fast("missing field");

    internal static void ThrowFileNotFoundException(int id, string fileName) => Fail.Fast("file not found");

    internal static void ThrowInvalidProgramException() => Fail.Fast("invalid program");

    internal static void ThrowInvalidProgramException(int id) => Fail.Fast("invalid program");

    internal static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => Fail.Fast("invalid program");

    internal static void ThrowMarshalDirectiveException(int id) => Fail.Fast("marshal directive");

    internal static void ThrowAmbiguousMatchException(int id) => Fail.Fast("ambiguous match");

    internal static void ThrowArgumentException() => Fail.Fast("bad argument");

    internal static void ThrowArgumentOutOfRangeException() => Fail.Fast("argument out of range");

    internal static void ThrowFeatureBodyRemoved() => Fail.Fast("feature body removed");

    internal static void ThrowInvalidCastException() => Fail.Fast("invalid cast");
}
