using System.Runtime.InteropServices;

namespace Internal.Runtime;

/// <summary>
/// Interface calls that ILC could not devirtualise. The call site loads a dispatch cell into
/// EAX and calls through its first word, which starts out as RhpInitialDynamicInterfaceDispatch
/// (a stub that calls <see cref="Resolve"/> and jumps to the result with the call's registers
/// and stack untouched). A cell is (stub, relative pointer to the interface's MethodTable with
/// the low two bits set); the cells of one call site end with a terminator cell (stub 0) whose
/// second word is the interface slot. Every call is resolved again: there is no cache yet.
/// </summary>
internal static unsafe class InterfaceDispatch
{
    private struct DispatchCell
    {
        public nint Stub;
        public int InterfaceRelative;
    }

    private const int CellKindMask = 3;

    [UnmanagedCallersOnly(EntryPoint = "RhpResolveInterfaceDispatch")]
    private static nint Resolve(nint instance, nint cellAddress)
    {
        if (instance == 0)
            Fail.Fast("interface call on null");
        var cell = (DispatchCell*)cellAddress;
        var interfaceType = (MethodTable*)(((byte*)&cell->InterfaceRelative + cell->InterfaceRelative) - CellKindMask);
        DispatchCell* terminator = cell;
        while (terminator->Stub != 0)
            terminator++;
        int slot = terminator->InterfaceRelative;

        // The class or one of its bases maps the interface slot to a virtual slot; an ordinary
        // virtual slot is then read from the object's own vtable (an override wins), a sealed
        // slot from the type whose map named it.
        var objectType = *(MethodTable**)instance;
        for (MethodTable* type = objectType; type != null; type = type->BaseType)
        {
            int implementation = FindImplementationSlot(type, interfaceType, slot);
            if (implementation < 0)
                continue;
            return implementation < type->NumVtableSlots ? objectType->Vtable[implementation] : type->VirtualSlot(implementation);
        }
        Fail.Fast("no implementation for an interface call");
        return 0;
    }

    private static int FindImplementationSlot(MethodTable* type, MethodTable* interfaceType, int slot)
    {
        DispatchMap* map = type->DispatchMap;
        if (map == null)
            return -1;
        MethodTable** interfaces = type->InterfaceMap;
        for (int i = 0; i < type->NumInterfaces; i++)
        {
            if (interfaces[i] != interfaceType)
                continue;
            DispatchMap.Entry* entries = map->Entries;
            for (int e = 0; e < map->StandardEntryCount; e++)
            {
                if (entries[e].InterfaceIndex == i && entries[e].InterfaceSlot == slot)
                    return entries[e].ImplementationSlot;
            }
        }
        return -1;
    }
}
