namespace GuestOs.Kernel;

/// <summary>
/// Loads a boot module, an ELF32 i386 executable linked at a user address, into a fresh
/// address space: each PT_LOAD segment is copied into new frames and its bss zeroed
/// (System V ABI, ELF program headers). Also maps the user stack below Paging.UserTop.
/// </summary>
internal static unsafe class ElfLoader
{
    public const uint StackPages = 16;
    public const uint StackTop = Paging.UserTop - Paging.PageSize;   // one unmapped guard page above
    private const uint ElfMagic = 0x464C457F;
    private const uint LoadSegment = 1;
    private const uint SegmentWritable = 2;

    /// <summary>Frames a load would take at most (pages, page tables, directory), or 0 if it is not a usable executable.</summary>
    public static uint PagesNeeded(byte* image, uint size)
    {
        if (size < 52 || *(uint*)image != ElfMagic || image[4] != 1 || *(ushort*)(image + 18) != 3)
            return 0;
        uint phoff = *(uint*)(image + 28);
        int phentsize = *(ushort*)(image + 42);
        int phnum = *(ushort*)(image + 44);
        if (phoff + (uint)(phnum * phentsize) > size)
            return 0;
        uint pages = 1 + StackPages + 1;
        for (int i = 0; i < phnum; i++)
        {
            uint* ph = (uint*)(image + phoff + i * phentsize);
            if (ph[0] == LoadSegment)
                pages += (ph[5] + 2 * Paging.PageSize - 1) / Paging.PageSize + 1;
        }
        return pages;
    }

    /// <summary>Returns the entry point, or 0 if the module is not a usable executable.</summary>
    public static uint Load(uint directory, byte* image, uint size)
    {
        if (size < 52 || *(uint*)image != ElfMagic || image[4] != 1 || *(ushort*)(image + 18) != 3)
            return 0;
        uint entry = *(uint*)(image + 24);
        uint phoff = *(uint*)(image + 28);
        int phentsize = *(ushort*)(image + 42);
        int phnum = *(ushort*)(image + 44);
        for (int i = 0; i < phnum; i++)
        {
            uint* ph = (uint*)(image + phoff + i * phentsize);
            if (ph[0] != LoadSegment)
                continue;
            uint offset = ph[1], vaddr = ph[2], filesz = ph[4], memsz = ph[5];
            bool writable = (ph[6] & SegmentWritable) != 0;
            if (vaddr < Paging.UserBase || vaddr + memsz > StackTop - StackPages * Paging.PageSize || offset + filesz > size || filesz > memsz)
                return 0;
            for (uint page = vaddr & ~(Paging.PageSize - 1); page < vaddr + memsz; page += Paging.PageSize)
                Paging.MapUserPage(directory, page, writable);
            for (uint done = 0; done < filesz;)
            {
                Paging.Translate(directory, vaddr + done, false, out uint physical);
                uint chunk = Paging.PageSize - ((vaddr + done) & (Paging.PageSize - 1));
                if (chunk > filesz - done)
                    chunk = filesz - done;
                for (uint b = 0; b < chunk; b++)
                    ((byte*)physical)[b] = image[offset + done + b];
                done += chunk;
            }
        }
        for (uint page = StackTop - StackPages * Paging.PageSize; page < StackTop; page += Paging.PageSize)
            Paging.MapUserPage(directory, page, true);
        return entry;
    }
}
