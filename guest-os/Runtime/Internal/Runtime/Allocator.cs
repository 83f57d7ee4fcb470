using System.Runtime;
using System.Runtime.InteropServices;

namespace Internal.Runtime;

/// <summary>
/// Object allocation. The guest has no garbage collector yet: objects come from a bump
/// allocator over one region that the program's startup code hands over. Running out is a
/// fatal error, never silent corruption.
/// </summary>
internal static unsafe class Allocator
{
    private static byte* s_next;
    private static byte* s_end;

    [DllImport("*")]
    [SuppressGCTransition]
    private static extern byte* RuntimeHeapStart();

    [DllImport("*")]
    [SuppressGCTransition]
    private static extern byte* RuntimeHeapEnd();

    private static byte* Allocate(uint size)
    {
        if (s_next == null)
        {
            s_next = RuntimeHeapStart();
            s_end = RuntimeHeapEnd();
        }
        size = (size + 3) & ~3u;
        if (size > (uint)(s_end - s_next))
            Fail.Fast("out of memory");
        byte* result = s_next;
        s_next += size;
        for (uint i = 0; i < size; i++)
            result[i] = 0;
        return result;
    }

    internal static object AllocateObject(MethodTable* type)
    {
        byte* memory = Allocate(type->BaseSize);
        *(MethodTable**)memory = type;
        return *(object*)&memory;
    }

    internal static object AllocateArray(MethodTable* type, int length)
    {
        if (length < 0)
            Fail.Fast("negative array length");
        ulong size = type->BaseSize + (ulong)(uint)length * type->ComponentSize;
        if (size > 0x7FFF_FFFF)
            Fail.Fast("array too large");
        byte* memory = Allocate((uint)size);
        *(MethodTable**)memory = type;
        *(int*)(memory + sizeof(void*)) = length;
        return *(object*)&memory;
    }

    [RuntimeExport("RhpNewFast")]
    private static object RhpNewFast(MethodTable* type) => AllocateObject(type);

    [RuntimeExport("RhpNewFinalizable")]
    private static object RhpNewFinalizable(MethodTable* type) => AllocateObject(type);

    [RuntimeExport("RhpNewArrayFast")]
    private static object RhpNewArrayFast(MethodTable* type, int length) => AllocateArray(type, length);

    [RuntimeExport("RhpNewPtrArrayFast")]
    private static object RhpNewPtrArrayFast(MethodTable* type, int length) => AllocateArray(type, length);

    [RuntimeExport("RhpNewArray")]
    private static object RhpNewArray(MethodTable* type, int length) => AllocateArray(type, length);

    [RuntimeExport("RhNewString")]
    private static object RhNewString(MethodTable* type, int length) => AllocateArray(type, length);
}
