namespace System.Reflection;

/// <summary>Emitted by the C# compiler on types that declare an indexer.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
public sealed class DefaultMemberAttribute : Attribute
{
    public DefaultMemberAttribute(string memberName)
    {
        MemberName = memberName;
    }

    public string MemberName { get; }
}
