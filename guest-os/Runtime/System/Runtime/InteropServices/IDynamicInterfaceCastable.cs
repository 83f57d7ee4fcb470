namespace System.Runtime.InteropServices;

/// <summary>Required by the compiler's interface dispatch; the guest never implements it.</summary>
public interface IDynamicInterfaceCastable
{
    internal static nint GetDynamicInterfaceImplementation(object instance, nint interfaceType, ushort slot) => 0;
}
