using System.Runtime;

namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// Entry points the compiler requires from the runtime for transitions between native and
/// managed code. The guest has no garbage collector and a single stack per thread, so
/// a transition has nothing to record.
/// </summary>
internal static unsafe class StartupCodeHelpers
{
    [RuntimeExport("RhpReversePInvoke")]
    private static void RhpReversePInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpReversePInvokeReturn")]
    private static void RhpReversePInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpPInvoke")]
    private static void RhpPInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpPInvokeReturn")]
    private static void RhpPInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpFallbackFailFast")]
    private static void RhpFallbackFailFast() => Fail.Fast("fail fast");

    /// <summary>A throw: without an unwinder it is fatal; the message names the exception.</summary>
    [RuntimeExport("RhpThrowEx")]
    private static void RhpThrowEx(object exception)
    {
        string message = exception is System.Exception e && e.Message is not null ? e.Message : "unhandled exception";
        Fail.Fast(message);
    }
}
