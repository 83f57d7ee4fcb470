namespace GuestOs.Kernel;

/// <summary>
/// Physical page frames above the kernel image, the boot modules and their command lines,
/// up to the top the Multiboot loader reported: single frames come from a free list of
/// released frames (an exited or exec'd process's memory) first, then from a bump pointer;
/// runs of frames only from the bump pointer.
/// </summary>
internal static unsafe class Frames
{
    private static uint s_next;
    private static uint s_end;
    private static uint s_freeList;          // each free frame's first word links to the next
    private static uint s_freeCount;

    public static uint MemoryTop => s_end;

    /// <summary>Frames still available.</summary>
    public static uint FreeFrames => (s_end - s_next) / Paging.PageSize + s_freeCount;

    public static void Initialize(uint firstFree, uint memoryTop)
    {
        s_next = (firstFree + Paging.PageSize - 1) & ~(Paging.PageSize - 1);
        s_end = memoryTop & ~(Paging.PageSize - 1);
    }

    public static uint AllocateZeroed()
    {
        if (s_freeList == 0)
            return AllocateContiguous(1);
        uint frame = s_freeList;
        s_freeList = *(uint*)frame;
        s_freeCount--;
        Zero(frame, Paging.PageSize);
        return frame;
    }

    public static uint AllocateContiguous(uint pages)
    {
        uint bytes = pages * Paging.PageSize;
        if (s_end - s_next < bytes)
            Panic.Fail("out of physical memory");
        uint frame = s_next;
        s_next += bytes;
        Zero(frame, bytes);
        return frame;
    }

    public static void Release(uint frame)
    {
        *(uint*)frame = s_freeList;
        s_freeList = frame;
        s_freeCount++;
    }

    private static void Zero(uint frame, uint bytes)
    {
        uint* p = (uint*)frame;
        for (uint i = 0; i < bytes / 4; i++)
            p[i] = 0;
    }
}
