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
    private const uint HasDispatchMapFlag = 0x0004_0000;
    private const uint HasFinalizerFlag = 0x0010_0000;
    private const uint HasSealedVirtualSlotsFlag = 0x0040_0000;
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

    internal nint* Vtable
    {
        get
        {
            fixed (MethodTable* self = &this)
                return (nint*)((byte*)self + sizeof(MethodTable));
        }
    }

    /// <summary>
    /// The interface dispatch map, or null. After the interface map come optional 32-bit
    /// relative pointers, in this order: type manager, writable data (both always present in
    /// ILC's output), dispatch map, finalizer, sealed virtual slots.
    /// </summary>
    internal DispatchMap* DispatchMap => (Flags & HasDispatchMapFlag) == 0 ? null : (DispatchMap*)OptionalField(2);

    /// <summary>Code of virtual slot <paramref name="slot"/>: the vtable, or past its end the sealed-slot table.</summary>
    internal nint VirtualSlot(int slot)
    {
        if (slot < NumVtableSlots)
            return Vtable[slot];
        if ((Flags & HasSealedVirtualSlotsFlag) == 0)
            return 0;
        int field = 3 + ((Flags & HasFinalizerFlag) != 0 ? 1 : 0);
        var sealedSlots = (int*)OptionalField(field);
        return (nint)RelativeTarget(sealedSlots + (slot - NumVtableSlots));
    }

    private byte* OptionalField(int index)
    {
        var fields = (int*)(InterfaceMap + NumInterfaces);
        return RelativeTarget(fields + index);
    }

    private static byte* RelativeTarget(int* field) => (byte*)field + *field;
}

/// <summary>
/// How a class implements its interfaces: entries (interface index in the type's interface
/// map, slot in the interface, slot in the class's vtable). The standard entries come first;
/// default-implementation and static entries follow and are not used yet.
/// </summary>
internal unsafe struct DispatchMap
{
    internal ushort StandardEntryCount;
    internal ushort DefaultEntryCount;
    internal ushort StandardStaticEntryCount;
    internal ushort DefaultStaticEntryCount;

    internal struct Entry
    {
        internal ushort InterfaceIndex;
        internal ushort InterfaceSlot;
        internal ushort ImplementationSlot;
    }

    internal Entry* Entries
    {
        get
        {
            fixed (DispatchMap* self = &this)
                return (Entry*)(self + 1);
        }
    }
}
