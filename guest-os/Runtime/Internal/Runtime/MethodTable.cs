namespace Internal.Runtime;

/// <summary>
/// The compiler's description of a type, laid out exactly as ILC emits it for a 32-bit
/// target: flags (with the component size in the low 16 bits), base size, related type
/// (the base class, or the element type of an array), counts, hash code, then the vtable
/// slots followed by the interface map.
/// </summary>
internal unsafe struct MethodTable
{
    internal uint Flags;
    internal uint BaseSize;
    internal MethodTable* RelatedType;
    internal ushort NumVtableSlots;
    internal ushort NumInterfaces;
    internal uint HashCode;

    private const uint HasComponentSizeFlag = 0x8000_0000;
    private const uint KindMask = 0x0003_0000;
    private const uint ParameterizedKind = 0x0002_0000;

    internal bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;

    internal uint ComponentSize => HasComponentSize ? Flags & 0xFFFF : 0;

    /// <summary>Arrays, pointers and byrefs: RelatedType is the element type, not a base class.</summary>
    internal bool IsParameterized => (Flags & KindMask) == ParameterizedKind;

    internal MethodTable* BaseType => IsParameterized ? null : RelatedType;

    internal MethodTable** InterfaceMap
    {
        get
        {
            fixed (MethodTable* self = &this)
                return (MethodTable**)((byte*)self + sizeof(MethodTable) + NumVtableSlots * sizeof(void*));
        }
    }
}
