namespace GuestOs.Kernel;

/// <summary>
/// Physical page frames: a bump allocator over the memory above the kernel image, the boot
/// modules and their command lines, up to the top the Multiboot loader reported. Frames
/// are never freed yet (an exited process keeps its memory).
/// </summary>
internal static unsafe class Frames
{
    private static uint s_next;
    private static uint s_end;

    public static uint MemoryTop => s_end;
    public static uint Used => s_next;

    public static void Initialize(uint firstFree, uint memoryTop)
    {
        s_next = (firstFree + Paging.PageSize - 1) & ~(Paging.PageSize - 1);
        s_end = memoryTop & ~(Paging.PageSize - 1);
    }

    public static uint AllocateZeroed() => AllocateContiguous(1);

    public static uint AllocateContiguous(uint pages)
    {
        uint bytes = pages * Paging.PageSize;
        if (s_end - s_next < bytes)
            Panic.Fail("out of physical memory");
        uint frame = s_next;
        s_next += bytes;
        uint* p = (uint*)frame;
        for (uint i = 0; i < bytes / 4; i++)
            p[i] = 0;
        return frame;
    }
}
