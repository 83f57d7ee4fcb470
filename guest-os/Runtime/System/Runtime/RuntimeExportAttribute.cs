namespace System.Runtime;

/// <summary>Exports a managed method under a fixed symbol name (used for the runtime helpers the compiler calls).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class RuntimeExportAttribute : Attribute
{
    public RuntimeExportAttribute(string entry)
    {
    }
}

/// <summary>Binds a method without a body to a symbol that the link provides.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class RuntimeImportAttribute : Attribute
{
    public RuntimeImportAttribute(string entry)
    {
    }

    public RuntimeImportAttribute(string dllName, string entry)
    {
    }
}
